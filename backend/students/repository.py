import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    and_,
    case,
    cast,
    false,
    func,
    insert,
    literal,
    null,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate_rows
from backend.identity.principal import Principal
from backend.risks.models import RiskLevel
from backend.schools.models import ClassGroup
from backend.schools.scope import institution_scope
from backend.students.models import Consent, Enrollment, Guardian, Student, StudentGuardian
from backend.students.names import normalize_name


def readable_students(principal: Principal) -> Select[Student]:
    """The one scoped statement behind every read of students."""
    return select(Student).where(institution_scope(principal, Student.institution_id))


def get_student(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> Student:
    stmt = readable_students(principal).where(Student.id == id)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(msg("student.not-found"))
    return row


def find_by_code_hash(session: Session, code_hash: str) -> Student | None:
    return session.scalar(select(Student).where(Student.personal_code_hash == code_hash))


def enrollments_of(session: Session, student_id: uuid.UUID) -> list[Enrollment]:
    stmt = (
        select(Enrollment)
        .where(Enrollment.student_id == student_id)
        .order_by(Enrollment.from_date.desc(), Enrollment.id)
    )
    return list(session.scalars(stmt))


def open_enrollment(session: Session, student_id: uuid.UUID) -> Enrollment | None:
    stmt = select(Enrollment).where(
        Enrollment.student_id == student_id, Enrollment.to_date.is_(None)
    )
    return session.scalar(stmt)


def guardians_of(session: Session, student_id: uuid.UUID) -> list[tuple[Guardian, StudentGuardian]]:
    stmt = (
        select(Guardian, StudentGuardian)
        .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
        .where(StudentGuardian.student_id == student_id)
        .order_by(StudentGuardian.ended_on.is_not(None), Guardian.full_name, Guardian.id)
    )
    return [(g, link) for g, link in session.execute(stmt)]


def guardian_link(
    session: Session, student_id: uuid.UUID, guardian_id: uuid.UUID
) -> tuple[Guardian, StudentGuardian]:
    row = session.execute(
        select(Guardian, StudentGuardian)
        .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
        .where(StudentGuardian.student_id == student_id, Guardian.id == guardian_id)
    ).first()
    if row is None:
        raise NotFound(msg("guardian.not-found"))
    return row[0], row[1]


def guardian_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    stmt = select(Guardian.id, Guardian.full_name).where(Guardian.id.in_(ids))
    return {row.id: row.full_name for row in session.execute(stmt)}


def consents_of(session: Session, student_id: uuid.UUID) -> list[Consent]:
    stmt = (
        select(Consent)
        .where(Consent.student_id == student_id)
        .order_by(Consent.given_on.desc(), Consent.id)
    )
    return list(session.scalars(stmt))


@dataclass
class NewStudentRows:
    """Rows of new students, their first enrollments, guardians and the links between them."""

    students: list[dict[str, Any]] = field(default_factory=list)
    enrollments: list[dict[str, Any]] = field(default_factory=list)
    guardians: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)


def insert_students(session: Session, rows: NewStudentRows) -> None:
    """Insert new students set-wise: one statement per table."""
    session.execute(insert(Student), rows.students)
    session.execute(insert(Enrollment), rows.enrollments)
    if rows.guardians:
        session.execute(insert(Guardian), rows.guardians)
        session.execute(insert(StudentGuardian), rows.links)
    if rows.consents:
        session.execute(insert(Consent), rows.consents)


def name_matches(q: str) -> ColumnElement[bool]:
    """Students whose name holds every word of ``q`` (accents and case ignored)."""
    terms = normalize_name(q).split()
    return and_(true(), *(Student.search_name.contains(t, autoescape=True) for t in terms))


@dataclass(frozen=True)
class StudentFilters:
    institution_id: uuid.UUID | None = None
    institutions: Select[uuid.UUID] | None = None  # ids of institutions to keep
    class_group_id: uuid.UUID | None = None
    grade: int | None = None
    q: str | None = None
    code_hash: str | None = None
    with_plan: Select[uuid.UUID] | None = None  # ids of students to keep
    without_plan: Select[uuid.UUID] | None = None  # ids of students to leave out
    plan_in: Select[uuid.UUID] | None = None  # ids of students to keep
    risk_level: RiskLevel | None = None  # the row's risk level (see RiskColumns)
    at_risk: bool = False  # an open flag (callers combine it with without_plan)


@dataclass(frozen=True)
class RiskColumns:
    """Builders of the columns, correlated with a student's id, of the newest open plan (id,
    status, rated risk level) and of the open flags' level ("alert", "watch"; None: not shown)."""

    open_plan: Callable[[Any], tuple[Any, Any, Any]]
    flag_level: Callable[[Any], ColumnElement[Any]] | None


_FLAG_RISK = {"alert": RiskLevel.high.value, "watch": RiskLevel.medium.value}


def risk_of(plan_risk: Any, flag_level: Any) -> ColumnElement[Any]:
    """The open plan's rated risk level; without one, the flag's (alert: high, watch: medium)."""
    if flag_level is None:
        return cast(plan_risk, String)
    from_flag = case(
        *((flag_level == level, literal(risk)) for level, risk in _FLAG_RISK.items()),
        else_=null(),
    )
    return func.coalesce(cast(plan_risk, String), from_flag)


def students_page(
    session: Session,
    principal: Principal,
    page: PageParams,
    filters: StudentFilters,
    risk: RiskColumns,
) -> tuple[list[Row[Any]], str | None]:
    """A page of the students in scope, by name, each row with its class (label, grade, course),
    whether the student is enrolled, the open plan and the risk level: one statement."""
    f = filters
    stmt = readable_students(principal)
    if f.risk_level is not None or f.at_risk:
        _id, _status, plan_risk = risk.open_plan(Student.id)
        flag = risk.flag_level(Student.id) if risk.flag_level is not None else None
        if f.risk_level is not None:
            stmt = stmt.where(risk_of(plan_risk, flag) == f.risk_level.value)
        if f.at_risk:
            stmt = stmt.where(flag.is_not(None) if flag is not None else false())
    if f.without_plan is not None:
        stmt = stmt.where(Student.id.not_in(f.without_plan))
    if f.with_plan is not None:
        stmt = stmt.where(Student.id.in_(f.with_plan))
    if f.plan_in is not None:
        stmt = stmt.where(Student.id.in_(f.plan_in))
    if f.institution_id:
        stmt = stmt.where(Student.institution_id == f.institution_id)
    if f.institutions is not None:
        stmt = stmt.where(Student.institution_id.in_(f.institutions))
    if f.class_group_id:
        stmt = stmt.where(Student.class_group_id == f.class_group_id)
    if f.grade is not None:
        in_grade = select(ClassGroup.id).where(ClassGroup.grade == f.grade)
        stmt = stmt.where(Student.class_group_id.in_(in_grade))
    if f.q:
        stmt = stmt.where(name_matches(f.q))
    if f.code_hash is not None:
        stmt = stmt.where(Student.personal_code_hash == f.code_hash)
    found: Any = Student
    if f.q:
        # A name search is planned on its own (the trigram index finds the matches, which are
        # then sorted): ordered by name first, the scan would walk every earlier name to reach
        # the first match. OFFSET 0 keeps the planner from merging the two.
        found = aliased(Student, stmt.offset(0).subquery(), name="Student")
        stmt = select(found)
    # The class and whether the student is enrolled come with the page, in the same statement.
    # Counted per row through the student's index (an EXISTS would be hashed over every
    # enrollment of the country before the first row of the page comes out).
    open_enrollment = (
        select(func.count(Enrollment.id))
        .where(Enrollment.student_id == found.id, Enrollment.to_date.is_(None))
        .scalar_subquery()
        > 0
    )
    plan_id, plan_status, plan_risk = risk.open_plan(found.id)
    flag_level = risk.flag_level(found.id) if risk.flag_level is not None else None
    stmt = stmt.outerjoin(ClassGroup, ClassGroup.id == found.class_group_id).add_columns(
        ClassGroup.label,
        ClassGroup.grade,
        ClassGroup.course,
        open_enrollment.label("enrolled"),
        plan_id.label("open_plan_id"),
        plan_status.label("open_plan_status"),
        (flag_level if flag_level is not None else null()).label("flag_level"),
        risk_of(plan_risk, flag_level).label("risk_level"),
    )
    return paginate_rows(
        session,
        stmt,
        [found.family_name, found.given_name, found.id],
        ["family_name", "given_name", "id"],
        page,
        entity=Student,
    )


def classes(session: Session, ids: set[uuid.UUID]) -> list[Row[Any]]:
    """Label, grade and course of these class groups."""
    return list(
        session.execute(
            select(ClassGroup.id, ClassGroup.label, ClassGroup.grade, ClassGroup.course).where(
                ClassGroup.id.in_(ids)
            )
        )
    )


def enrolled_among(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    stmt = select(Enrollment.student_id).where(
        Enrollment.student_id.in_(ids), Enrollment.to_date.is_(None)
    )
    return set(session.scalars(stmt))


def holders_of_codes(
    session: Session, code_hashes: Sequence[str]
) -> Sequence[Row[uuid.UUID, str, uuid.UUID | None]]:
    """Id, look-up hash and institution of the students registered with these codes."""
    return session.execute(
        select(Student.id, Student.personal_code_hash, Student.institution_id).where(
            Student.personal_code_hash.in_(code_hashes)
        )
    ).all()


def readable_among(
    session: Session, principal: Principal, ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    return set(
        session.scalars(
            readable_students(principal).where(Student.id.in_(ids)).with_only_columns(Student.id)
        )
    )


def has_valid_consent(session: Session, student_id: uuid.UUID, school_year_id: uuid.UUID) -> bool:
    stmt = select(Consent.id).where(
        Consent.student_id == student_id,
        Consent.school_year_id == school_year_id,
        Consent.withdrawn_at.is_(None),
    )
    return session.scalar(stmt.limit(1)) is not None


def students_by_name(
    session: Session, principal: Principal, institution_id: uuid.UUID | None
) -> list[Student]:
    """Students in scope (of one institution, if given), by name."""
    stmt = readable_students(principal)
    if institution_id is not None:
        stmt = stmt.where(Student.institution_id == institution_id)
    return list(session.scalars(stmt.order_by(Student.family_name, Student.given_name)))
