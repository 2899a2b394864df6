import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.identity.principal import Principal
from backend.schools.scope import institution_scope
from backend.students.models import Consent, Enrollment, Guardian, Student, StudentGuardian


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
        raise NotFound("Student not found")
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
        .order_by(Guardian.full_name, Guardian.id)
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
        raise NotFound("Guardian not found")
    return row[0], row[1]


def consents_of(session: Session, student_id: uuid.UUID) -> list[Consent]:
    stmt = (
        select(Consent)
        .where(Consent.student_id == student_id)
        .order_by(Consent.given_on.desc(), Consent.id)
    )
    return list(session.scalars(stmt))
