"""Small factories for test data, and a standard world of schools and users."""

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from backend.core.db import local_today
from backend.core.security import (
    create_access_token,
    encrypt_personal_code,
    hash_opaque_token,
    hash_password,
    personal_code_lookup_hash,
)
from backend.identity.models import RefreshToken
from backend.identity.roles import ROLE_SCOPE, Role, ScopeType
from backend.ngo.models import Ngo
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    InstitutionType,
    Municipality,
    SchoolYear,
    Semester,
)
from backend.students.models import (
    Consent,
    Enrollment,
    Guardian,
    GuardianRelation,
    Student,
    StudentGuardian,
)
from backend.students.personal_code import check_digit
from backend.students.service import normalize_name
from backend.users.models import RoleAssignment, User

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def _n() -> int:
    return next(_counter) + uuid.uuid4().int % 10_000_000 * 100


@lru_cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def today() -> date:
    return local_today()


def school_year_start() -> int:
    t = today()
    return t.year if t.month >= 9 else t.year - 1


def municipality(db: Session, name: str = "Testa novads") -> Municipality:
    row = Municipality(name=name, atvk_code=f"{_n() % 10_000_000:07d}")
    db.add(row)
    db.flush()
    return row


def institution(
    db: Session,
    muni: Municipality | None,
    *,
    name: str = "Testa vidusskola",
    kind: InstitutionType | None = None,
) -> Institution:
    kind = kind or (InstitutionType.general_municipal if muni else InstitutionType.vocational_state)
    row = Institution(
        name=name,
        registration_number=f"{_n() % 10**11:011d}",
        type=kind,
        municipality_id=muni.id if muni else None,
        approval_route=ApprovalRoute.municipal if muni else ApprovalRoute.state,
    )
    db.add(row)
    db.flush()
    return row


def school_year(db: Session, first: int | None = None) -> tuple[SchoolYear, list[Semester]]:
    first = first if first is not None else school_year_start()
    name = f"{first}/{first + 1}"
    year = db.query(SchoolYear).filter_by(name=name).one_or_none()
    if year is None:
        year = SchoolYear(name=name, starts_on=date(first, 9, 1), ends_on=date(first + 1, 8, 31))
        db.add(year)
        db.flush()
        db.add_all(
            [
                Semester(
                    school_year_id=year.id,
                    number=1,
                    starts_on=date(first, 9, 1),
                    ends_on=date(first, 12, 31),
                ),
                Semester(
                    school_year_id=year.id,
                    number=2,
                    starts_on=date(first + 1, 1, 5),
                    ends_on=date(first + 1, 6, 30),
                ),
            ]
        )
        db.flush()
    semesters = db.query(Semester).filter_by(school_year_id=year.id).order_by(Semester.number)
    return year, list(semesters)


def class_group(
    db: Session,
    inst: Institution,
    year: SchoolYear,
    *,
    grade: int | None = 7,
    course: int | None = None,
    label: str | None = None,
) -> ClassGroup:
    if course is not None:
        grade = None
    row = ClassGroup(
        institution_id=inst.id,
        school_year_id=year.id,
        grade=grade,
        course=course,
        label=label or f"{grade or course}.{_n() % 1000}",
    )
    db.add(row)
    db.flush()
    return row


def ngo(db: Session, name: str = "Biedrība Tests") -> Ngo:
    row = Ngo(name=name, registration_number=f"4000{_n() % 10**7:07d}")
    db.add(row)
    db.flush()
    return row


def user(
    db: Session,
    role: Role,
    scope_id: uuid.UUID | None,
    *,
    email: str | None = None,
    full_name: str = "Testa Lietotājs",
) -> tuple[User, RoleAssignment]:
    (scope_type,) = (
        ROLE_SCOPE[role] if role is not Role.integration_client else (ScopeType.municipality,)
    )
    row = User(
        email=email or f"{role.value}.{_n()}@test.pumpurs.lv",
        full_name=full_name,
        password_hash=password_hash(),
    )
    db.add(row)
    db.flush()
    assignment = RoleAssignment(
        user_id=row.id,
        role=role,
        scope_type=scope_type,
        municipality_id=scope_id if scope_type is ScopeType.municipality else None,
        institution_id=scope_id if scope_type is ScopeType.institution else None,
        ngo_id=scope_id if scope_type is ScopeType.ngo else None,
        valid_from=date(2020, 1, 1),
    )
    db.add(assignment)
    db.flush()
    return row, assignment


def login_session(assignment: RoleAssignment) -> uuid.UUID:
    """A login session (a refresh-token family) of the assignment's user, as login opens one."""
    db = object_session(assignment)
    assert db is not None
    family = uuid.uuid4()
    db.add(
        RefreshToken(
            token_hash=hash_opaque_token(uuid.uuid4().hex),
            family_id=family,
            user_id=assignment.user_id,
            assignment_id=assignment.id,
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
    )
    db.flush()
    return family


def headers_for(assignment: RoleAssignment) -> dict[str, str]:
    token, _ = create_access_token(
        subject=str(assignment.user_id),
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=login_session(assignment),
    )
    return {"Authorization": f"Bearer {token}"}


_issued_codes: set[str] = set()


def legacy_code(born: date, serial: int | None = None) -> str:
    """A legacy personal code with a correct check digit; without ``serial``, one not handed out
    before in this test process (tests that make several students of one birth date need them
    distinct)."""
    century = {18: "0", 19: "1", 20: "2"}[born.year // 100]
    start = serial if serial is not None else _n() % 1000
    for s in itertools.chain(range(start, 1000), range(0, start)):
        first_ten = f"{born:%d%m%y}{century}{s:03d}"
        digit = check_digit(first_ten)
        code = f"{first_ten[:6]}-{first_ten[6:]}{digit}"
        if digit is None or (serial is None and code in _issued_codes):
            continue
        _issued_codes.add(code)
        return code
    raise AssertionError("no valid code for that date")


def new_code() -> str:
    n = _n()
    return f"32{n % 10_000:04d}-{(n // 7) % 100_000:05d}"


def student(
    db: Session,
    inst: Institution,
    group: ClassGroup | None = None,
    *,
    given_name: str = "Anna",
    family_name: str = "Bērziņa",
    born: date = date(2013, 5, 17),
    code: str | None = None,
) -> Student:
    if code is None:
        # One birth date has only ~900 legacy codes: draw again until the code is free.
        code = legacy_code(born)
        while db.scalar(
            select(Student.id).filter_by(personal_code_hash=personal_code_lookup_hash(code))
        ):
            code = legacy_code(born)
    row = Student(
        given_name=given_name,
        family_name=family_name,
        search_name=normalize_name(family_name, given_name),
        date_of_birth=born,
        personal_code_encrypted=encrypt_personal_code(code),
        personal_code_hash=personal_code_lookup_hash(code),
        language="lv",
        institution_id=inst.id,
        class_group_id=group.id if group else None,
    )
    db.add(row)
    db.flush()
    db.add(
        Enrollment(
            student_id=row.id,
            institution_id=inst.id,
            class_group_id=group.id if group else None,
            from_date=date(school_year_start(), 9, 1),
        )
    )
    db.flush()
    return row


def guardian(
    db: Session, stu: Student, *, legal: bool = True, name: str = "Ilze Bērziņa"
) -> Guardian:
    row = Guardian(full_name=name, phone="+371 20000000")
    db.add(row)
    db.flush()
    db.add(
        StudentGuardian(
            student_id=stu.id,
            guardian_id=row.id,
            relation=GuardianRelation.mother,
            is_legal_representative=legal,
        )
    )
    db.flush()
    return row


def consent(db: Session, stu: Student, guard: Guardian, year: SchoolYear) -> Consent:
    row = Consent(
        student_id=stu.id,
        guardian_id=guard.id,
        given_by_student=False,
        given_on=date(year.starts_on.year, 9, 10),
        school_year_id=year.id,
        document_reference=f"PIET-{_n()}",
    )
    db.add(row)
    db.flush()
    return row


@dataclass
class Actor:
    user: User
    assignment: RoleAssignment
    headers: dict[str, str]


@dataclass
class World:
    muni_a: Municipality
    muni_b: Municipality
    a1: Institution  # municipal school in A
    a2: Institution  # another municipal school in A
    b1: Institution  # municipal school in B
    v1: Institution  # state vocational school (no municipality)
    year: SchoolYear
    semesters: list[Semester]
    class_a1: ClassGroup
    class_b1: ClassGroup
    class_v1: ClassGroup
    ngo: Ngo
    actors: dict[str, Actor] = field(default_factory=dict)

    def h(self, name: str) -> dict[str, str]:
        return self.actors[name].headers


def build_world(db: Session) -> World:
    muni_a = municipality(db, "Jēkabpils novads")
    muni_b = municipality(db, "Valmieras novads")
    a1 = institution(db, muni_a, name="Viesītes vidusskola")
    a2 = institution(db, muni_a, name="Aknīstes vidusskola")
    b1 = institution(db, muni_b, name="Rūjienas vidusskola")
    v1 = institution(db, None, name="Valmieras tehnikums")
    year, semesters = school_year(db)
    the_ngo = ngo(db)
    w = World(
        muni_a=muni_a,
        muni_b=muni_b,
        a1=a1,
        a2=a2,
        b1=b1,
        v1=v1,
        year=year,
        semesters=semesters,
        class_a1=class_group(db, a1, year, grade=7, label="7.a"),
        class_b1=class_group(db, b1, year, grade=8, label="8.b"),
        class_v1=class_group(db, v1, year, course=2, label="2.k"),
        ngo=the_ngo,
    )
    roles = {
        "ikvd": (Role.ikvd_admin, None),
        "coord_a": (Role.municipal_coordinator, muni_a.id),
        "coord_b": (Role.municipal_coordinator, muni_b.id),
        "director_a1": (Role.school_director, a1.id),
        "school_coord_a1": (Role.school_coordinator, a1.id),
        "teacher_a1": (Role.teacher, a1.id),
        "specialist_a1": (Role.support_specialist, a1.id),
        "director_b1": (Role.school_director, b1.id),
        "school_coord_b1": (Role.school_coordinator, b1.id),
        "teacher_b1": (Role.teacher, b1.id),
        "director_v1": (Role.school_director, v1.id),
        "school_coord_v1": (Role.school_coordinator, v1.id),
        "teacher_v1": (Role.teacher, v1.id),
        "ngo": (Role.ngo_manager, the_ngo.id),
    }
    for name, (role, scope_id) in roles.items():
        u, a = user(db, role, scope_id, email=f"{name}.{_n()}@test.pumpurs.lv")
        w.actors[name] = Actor(u, a, headers_for(a))
    return w
