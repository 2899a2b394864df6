"""Demo data (DESIGN §6): the same on every machine, loaded once into an empty database."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from backend.core.clock import local_today
from backend.core.security import encrypt_personal_code, hash_password, personal_code_lookup_hash
from backend.demo import repository
from backend.demo.indicators import load_demo_indicators
from backend.demo.integrations import load_demo_client
from backend.demo.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from backend.demo.ngo import load_demo_initiatives
from backend.demo.plans import load_demo_plans
from backend.demo.world import SEED, DemoLoader, DemoWorld, school_year_of
from backend.identity.roles import Role, ScopeType
from backend.ngo.models import Ngo
from backend.notifications import service as notifications_service
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
    Gender,
    Guardian,
    GuardianRelation,
    Student,
    StudentGuardian,
)
from backend.students.personal_code import check_digit
from backend.students.service import normalize_name
from backend.users.models import RoleAssignment, User

DEMO_PASSWORD = "pumpurs-demo"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    scope: str  # a key of the organisation map below, or "national"
    full_name: str


ACCOUNTS = [
    DemoAccount("ikvd@demo.pumpurs.lv", Role.ikvd_admin, "national", "Inese Kalniņa"),
    DemoAccount("koordinators@demo.pumpurs.lv", Role.municipal_coordinator, "A", "Dace Ozola"),
    DemoAccount("direktors@demo.pumpurs.lv", Role.school_director, "A1", "Andris Vītols"),
    DemoAccount(
        "skolas.koordinators@demo.pumpurs.lv", Role.school_coordinator, "A1", "Sandra Liepa"
    ),
    DemoAccount("skolotajs@demo.pumpurs.lv", Role.teacher, "A1", "Ilze Bērziņa"),
    DemoAccount("psihologs@demo.pumpurs.lv", Role.support_specialist, "A1", "Māris Eglītis"),
    DemoAccount("skolotajs2@demo.pumpurs.lv", Role.teacher, "B1", "Līga Jansone"),
    DemoAccount("ngo@demo.pumpurs.lv", Role.ngo_manager, "NGO", "Edgars Zariņš"),
    # Directors of the other approval routes, so demo plans can move through every step.
    DemoAccount("direktors2@demo.pumpurs.lv", Role.school_director, "B1", "Guntis Siliņš"),
    DemoAccount("tehnikums@demo.pumpurs.lv", Role.school_director, "V1", "Aija Krūmiņa"),
    DemoAccount("koordinators2@demo.pumpurs.lv", Role.municipal_coordinator, "B", "Kristīne Lāce"),
    DemoAccount(
        "skolas.koordinators2@demo.pumpurs.lv", Role.school_coordinator, "B1", "Rita Ozoliņa"
    ),
    DemoAccount("skolotajs3@demo.pumpurs.lv", Role.teacher, "V1", "Juris Kalējs"),
    DemoAccount(
        "skolas.koordinators3@demo.pumpurs.lv", Role.school_coordinator, "V1", "Laura Briede"
    ),
]

MUNICIPALITIES = {
    "A": ("Jēkabpils novads", "0560800"),
    "B": ("Valmieras novads", "0940200"),
    "C": ("Cēsu novads", "0420200"),
}

# key: (name, registration number, type, municipality key)
INSTITUTIONS = {
    "A1": ("Viesītes vidusskola", "4313900161", InstitutionType.general_municipal, "A"),
    "A2": ("Jēkabpils Valsts ģimnāzija", "4313900045", InstitutionType.general_municipal, "A"),
    "A3": ("Aknīstes vidusskola", "4313900012", InstitutionType.general_municipal, "A"),
    "B1": ("Valmieras Viestura vidusskola", "4313900233", InstitutionType.general_municipal, "B"),
    "B2": ("Rūjienas vidusskola", "4313900277", InstitutionType.general_municipal, "B"),
    "C1": ("Cēsu Valsts ģimnāzija", "4313900301", InstitutionType.general_municipal, "C"),
    "V1": ("Valmieras tehnikums", "3334302965", InstitutionType.vocational_state, None),
    "V2": ("Jēkabpils Agrobiznesa koledža", "3333302421", InstitutionType.vocational_state, None),
}

STUDENTS_PER_INSTITUTION = 50
NGO_NAME = 'Biedrība "Piedzīvojuma Gars"'


def scope_label(key: str) -> str:
    """The name of a demo account's scope (a municipality, institution, the NGO, or IKVD)."""
    if key in MUNICIPALITIES:
        return MUNICIPALITIES[key][0]
    if key in INSTITUTIONS:
        return INSTITUTIONS[key][0]
    return NGO_NAME if key == "NGO" else "IKVD"


def _extensions() -> list[DemoLoader]:
    """Loaders of later domains (plans, NGO projects), run after the ones here, in order."""
    return [load_demo_client, load_demo_plans, load_demo_initiatives, load_demo_indicators]


def is_loaded(session: Session) -> bool:
    return repository.any_user(session)


def load(session: Session, today: date | None = None) -> bool:
    """Load the demo data into an empty database; return False when data is already there."""
    if is_loaded(session):
        return False
    world = DemoWorld(rng=random.Random(SEED), today=today or local_today())
    _organisation(session, world)
    _accounts(session, world)
    _students(session, world)
    for extend in _extensions():
        extend(session, world)
    session.flush()
    # The demo's plans and flags notify their people in the app; made-up addresses get no e-mail.
    notifications_service.without_mail(session)
    return True


def _organisation(session: Session, world: DemoWorld) -> None:
    for key, (name, atvk) in MUNICIPALITIES.items():
        world.municipalities[key] = Municipality(name=name, atvk_code=atvk)
    session.add_all(world.municipalities.values())
    session.flush()
    for key, (name, reg, kind, muni) in INSTITUTIONS.items():
        world.institutions[key] = Institution(
            name=name,
            registration_number=reg,
            type=kind,
            municipality_id=world.municipalities[muni].id if muni else None,
            approval_route=ApprovalRoute.municipal if muni else ApprovalRoute.state,
        )
    session.add_all(world.institutions.values())
    world.ngo = Ngo(
        name=NGO_NAME,
        registration_number="40008123456",
        contact_email="info@piedzivojumagars.demo.lv",
        contact_phone="+371 26000000",
    )
    session.add(world.ngo)
    start = school_year_of(world.today)
    for first in (start - 1, start):
        name = f"{first}/{first + 1}"
        year = SchoolYear(name=name, starts_on=date(first, 9, 1), ends_on=date(first + 1, 8, 31))
        session.add(year)
        session.flush()
        world.years[name] = year
        for number, begins, ends in (
            (1, date(first, 9, 1), date(first, 12, 31)),
            (2, date(first + 1, 1, 5), date(first + 1, 6, 30)),
        ):
            semester = Semester(
                school_year_id=year.id, number=number, starts_on=begins, ends_on=ends
            )
            session.add(semester)
            world.semesters[f"{name}/{number}"] = semester
    session.flush()
    current = world.years[f"{start}/{start + 1}"]
    for key, institution in world.institutions.items():
        vocational = institution.type is InstitutionType.vocational_state
        levels = range(1, 5) if vocational else range(5, 13)
        groups = [
            ClassGroup(
                institution_id=institution.id,
                school_year_id=current.id,
                grade=None if vocational else level,
                course=level if vocational else None,
                label=f"{level}.k" if vocational else f"{level}.a",
            )
            for level in levels
        ]
        session.add_all(groups)
        world.classes[key] = groups
    session.flush()


def _accounts(session: Session, world: DemoWorld) -> None:
    password_hash = hash_password(DEMO_PASSWORD)
    valid_from = date(school_year_of(world.today) - 1, 9, 1)
    for account in ACCOUNTS:
        user = User(email=account.email, full_name=account.full_name, password_hash=password_hash)
        session.add(user)
        session.flush()
        world.users[account.email] = user
        scope_type = {
            Role.ikvd_admin: ScopeType.national,
            Role.municipal_coordinator: ScopeType.municipality,
            Role.ngo_manager: ScopeType.ngo,
        }.get(account.role, ScopeType.institution)
        assert world.ngo is not None
        session.add(
            RoleAssignment(
                user_id=user.id,
                role=account.role,
                scope_type=scope_type,
                municipality_id=world.municipalities[account.scope].id
                if scope_type is ScopeType.municipality
                else None,
                institution_id=world.institutions[account.scope].id
                if scope_type is ScopeType.institution
                else None,
                ngo_id=world.ngo.id if scope_type is ScopeType.ngo else None,
                valid_from=valid_from,
            )
        )
    session.flush()


def _legacy_code(rng: random.Random, born: date, used: set[str]) -> str:
    century = {18: "0", 19: "1", 20: "2"}[born.year // 100]
    while True:
        first_ten = f"{born:%d%m%y}{century}{rng.randint(0, 999):03d}"
        digit = check_digit(first_ten)
        code = f"{first_ten[:6]}-{first_ten[6:]}{digit}"
        if digit is not None and code not in used:
            used.add(code)
            return code


def _new_code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = f"32{rng.randint(0, 9999):04d}-{rng.randint(0, 99999):05d}"
        if code not in used:
            used.add(code)
            return code


def _students(session: Session, world: DemoWorld) -> None:
    rng = world.rng
    used: set[str] = set()
    start = school_year_of(world.today)
    current_year = world.years[f"{start}/{start + 1}"]
    for key, institution in world.institutions.items():
        groups = world.classes[key]
        made: list[Student] = []
        for i in range(STUDENTS_PER_INSTITUTION):
            group = groups[i % len(groups)]
            female = rng.random() < 0.5
            given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
            family_pair = rng.choice(FAMILY)
            family = family_pair[1] if female else family_pair[0]
            age = (group.grade + 6) if group.grade else (group.course or 1) + 15
            born = date(start - age, 1, 1) + timedelta(days=rng.randint(0, 364))
            code = _legacy_code(rng, born, used) if rng.random() < 0.7 else _new_code(rng, used)
            student = Student(
                given_name=given,
                family_name=family,
                search_name=normalize_name(family, given),
                date_of_birth=born,
                personal_code_encrypted=encrypt_personal_code(code),
                personal_code_hash=personal_code_lookup_hash(code),
                gender=Gender.female if female else Gender.male,
                language="lv",
                institution_id=institution.id,
                class_group_id=group.id,
            )
            made.append(student)
        session.add_all(made)
        session.flush()
        for student in made:
            session.add(
                Enrollment(
                    student_id=student.id,
                    institution_id=institution.id,
                    class_group_id=student.class_group_id,
                    from_date=date(start, 9, 1),
                )
            )
            mother_family = rng.choice(FAMILY)[1]
            mother = Guardian(
                full_name=f"{rng.choice(GIVEN_FEMALE)} {mother_family}",
                phone=f"+371 2{rng.randint(0, 9999999):07d}",
                email=None,
            )
            session.add(mother)
            session.flush()
            session.add(
                StudentGuardian(
                    student_id=student.id,
                    guardian_id=mother.id,
                    relation=GuardianRelation.mother,
                    is_legal_representative=True,
                )
            )
            if rng.random() < 0.8:
                session.add(
                    Consent(
                        student_id=student.id,
                        guardian_id=mother.id,
                        given_by_student=False,
                        given_on=date(start, 9, rng.randint(2, 25)),
                        school_year_id=current_year.id,
                        document_reference=f"PIET-{start}-{rng.randint(1000, 9999)}",
                    )
                )
        world.students[key] = made
    session.flush()
