"""Students, their enrollments, guardians and consents; personal codes are protected here."""

import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlalchemy.orm import Session, aliased

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import local_today, utcnow
from backend.core.concurrency import expected_version
from backend.core.config import get_settings
from backend.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    TooManyRequests,
)
from backend.core.pagination import PageParams, paginate_rows
from backend.core.ratelimit import limiter
from backend.core.security import (
    decrypt_personal_code,
    encrypt_personal_code,
    personal_code_lookup_hash,
)
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.risks.models import RiskLevel
from backend.schools import service as schools_service
from backend.schools.models import ClassGroup
from backend.students import personal_code, repository
from backend.students.models import (
    Consent,
    Enrollment,
    ExitReason,
    Guardian,
    Student,
    StudentGuardian,
)
from backend.students.schemas import (
    ConsentCreate,
    ConsentRead,
    EnrollmentCreate,
    EnrollmentEnd,
    GuardianCreate,
    GuardianRead,
    GuardianUpdate,
    StudentCreate,
    StudentRead,
    StudentUpdate,
)

get_student = repository.get_student
readable_students = repository.readable_students
guardians_of = repository.guardians_of


def normalize_name(*parts: str) -> str:
    text = " ".join(parts)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_matches(q: str) -> ColumnElement[bool]:
    """Students whose name holds every word of ``q`` (accents and case ignored)."""
    terms = normalize_name(q).split()
    return and_(true(), *(Student.search_name.contains(t, autoescape=True) for t in terms))


def _parse_code(raw: str, date_of_birth: date | None) -> personal_code.PersonalCode:
    try:
        return personal_code.parse(raw, date_of_birth=date_of_birth)
    except personal_code.InvalidPersonalCode as exc:
        raise InvalidInput.field(["body", "personal_code"], str(exc)) from exc


def _eighteenth_birthday(born: date) -> date:
    if (born.month, born.day) == (2, 29):
        return date(born.year + 18, 3, 1)
    return born.replace(year=born.year + 18)


def _check_birth_date(born: date) -> None:
    age = (local_today() - born).days // 365
    if born > local_today() or not 3 <= age <= 30:
        raise InvalidInput.field(["body", "date_of_birth"], "Not a plausible student's birth date")


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ClassInfo:
    label: str
    grade: int | None
    course: int | None


def _class_info(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, _ClassInfo]:
    if not ids:
        return {}
    rows = session.execute(
        select(ClassGroup.id, ClassGroup.label, ClassGroup.grade, ClassGroup.course).where(
            ClassGroup.id.in_(ids)
        )
    )
    return {r.id: _ClassInfo(r.label, r.grade, r.course) for r in rows}


def _enrolled(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    stmt = select(Enrollment.student_id).where(
        Enrollment.student_id.in_(ids), Enrollment.to_date.is_(None)
    )
    return set(session.scalars(stmt))


def to_reads(
    session: Session,
    principal: Principal,
    students: Sequence[Student],
    warnings: Sequence[str] = (),
    *,
    known: tuple[dict[uuid.UUID, _ClassInfo], set[uuid.UUID]] | None = None,
) -> list[StudentRead]:
    """``known``: the class of each class group and the enrolled students, when the caller
    read them together with the students."""
    if known is None:
        classes = _class_info(session, {s.class_group_id for s in students if s.class_group_id})
        enrolled = _enrolled(session, [s.id for s in students])
    else:
        classes, enrolled = known
    labels = schools_service.institution_labels(
        session, {s.institution_id for s in students if s.institution_id}
    )
    show_code = principal.can(Permission.personal_codes_read)
    reads = []
    for s in students:
        code = decrypt_personal_code(s.personal_code_encrypted)
        info = classes.get(s.class_group_id) if s.class_group_id else None
        label = labels.get(s.institution_id) if s.institution_id else None
        reads.append(
            StudentRead(
                id=s.id,
                given_name=s.given_name,
                family_name=s.family_name,
                date_of_birth=s.date_of_birth,
                personal_code=code if show_code else personal_code.mask(code),
                personal_code_masked=not show_code,
                gender=s.gender,
                language=s.language,
                institution_id=s.institution_id,
                institution_name=label.name if label else None,
                municipality_id=label.municipality_id if label else None,
                municipality_name=label.municipality_name if label else None,
                class_group_id=s.class_group_id,
                class_label=info.label if info else None,
                grade=info.grade if info else None,
                course=info.course if info else None,
                enrolled=s.id in enrolled,
                version=s.version,
                created_at=s.created_at,
                updated_at=s.updated_at,
                warnings=list(warnings),
            )
        )
    return reads


def read_student(session: Session, principal: Principal, id: uuid.UUID) -> StudentRead:
    student = repository.get_student(session, principal, id)
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.student,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return to_reads(session, principal, [student])[0]


@dataclass(frozen=True)
class PlanFilters:
    """Which students have plans: the students list filters by them and the plans domain (above
    this one) answers; the application hands its functions in once (``use_plan_filters``)."""

    with_open_plan: Callable[[RiskLevel | None], Select[uuid.UUID]]
    with_plan_in: Callable[[uuid.UUID], Select[uuid.UUID]]


_plan_filters_in_use: list[PlanFilters] = []


def use_plan_filters(filters: PlanFilters) -> None:
    _plan_filters_in_use[:] = [filters]


def _plan_filters() -> PlanFilters:
    if not _plan_filters_in_use:
        raise RuntimeError("use_plan_filters was not called: import backend.api")
    return _plan_filters_in_use[0]


def list_students(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    class_group_id: uuid.UUID | None = None,
    grade: int | None = None,
    q: str | None = None,
    code: str | None = None,
    has_plan: bool | None = None,
    risk_level: RiskLevel | None = None,
) -> tuple[list[StudentRead], str | None]:
    stmt = repository.readable_students(principal)
    if has_plan is not None or risk_level is not None:
        with_plan = _plan_filters().with_open_plan(risk_level)
        if has_plan is False:
            stmt = stmt.where(Student.id.not_in(with_plan))
        else:
            stmt = stmt.where(Student.id.in_(with_plan))
    if semester_id:
        stmt = stmt.where(Student.id.in_(_plan_filters().with_plan_in(semester_id)))
    if institution_id:
        stmt = stmt.where(Student.institution_id == institution_id)
    if municipality_id:
        stmt = stmt.where(
            Student.institution_id.in_(schools_service.in_municipality(municipality_id))
        )
    if class_group_id:
        stmt = stmt.where(Student.class_group_id == class_group_id)
    if grade is not None:
        in_grade = select(ClassGroup.id).where(ClassGroup.grade == grade)
        stmt = stmt.where(Student.class_group_id.in_(in_grade))
    if q:
        stmt = stmt.where(name_matches(q))
    if code:
        # Looking a student up by code would reveal the code to a role that may not see it.
        if not principal.can(Permission.personal_codes_read):
            raise Forbidden("This role may not search by personal code")
        try:
            normalized = personal_code.parse(code).normalized
        except personal_code.InvalidPersonalCode as exc:
            raise InvalidInput.field(["query", "personal_code"], str(exc)) from exc
        stmt = stmt.where(Student.personal_code_hash == personal_code_lookup_hash(normalized))
    found: Any = Student
    if q:
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
    stmt = stmt.outerjoin(ClassGroup, ClassGroup.id == found.class_group_id).add_columns(
        ClassGroup.label, ClassGroup.grade, ClassGroup.course, open_enrollment.label("enrolled")
    )
    rows, cursor = paginate_rows(
        session,
        stmt,
        [found.family_name, found.given_name, found.id],
        ["family_name", "given_name", "id"],
        page,
        entity=Student,
    )
    students = [r.Student for r in rows]
    classes = {
        r.Student.class_group_id: _ClassInfo(r.label, r.grade, r.course)
        for r in rows
        if r.Student.class_group_id
    }
    enrolled = {r.Student.id for r in rows if r.enrolled}
    audit_service.record_reads(
        session, principal, ResourceType.student, [(s.id, s.id, s.institution_id) for s in students]
    )
    return to_reads(session, principal, students, known=(classes, enrolled)), cursor


# --- writing -------------------------------------------------------------------------------------


def _class_group_for(
    session: Session,
    principal: Principal,
    class_group_id: uuid.UUID | None,
    institution_id: uuid.UUID,
) -> ClassGroup | None:
    if class_group_id is None:
        return None
    group = schools_service.get_class_group(session, principal, class_group_id)
    if group.institution_id != institution_id:
        raise InvalidInput.field(["body", "class_group_id"], "The class is of another institution")
    return group


# --- look-ups of personal codes outside the caller's scope ------------------------------------
#
# A code registered elsewhere tells the caller that a child exists in the country's register:
# what a transfer needs to know, and no more (not where). Each such answer is audited and counts
# against a per-user limit, so the register cannot be walked code by code.

REGISTERED_ELSEWHERE = (
    "A student with this personal code is registered at another institution: "
    "that institution records the transfer, then the student is enrolled here"
)


class CodeRegisteredElsewhere(Conflict):
    code = "registered-elsewhere"
    keep_changes = True  # the audit event of the look-up stays


class CodeLookupLimit(TooManyRequests):
    keep_changes = True


def registered_in_scope(
    session: Session, principal: Principal, code_hashes: Sequence[str]
) -> tuple[set[str], dict[str, uuid.UUID]]:
    """Of these look-up hashes, those registered in the caller's scope, and those registered
    elsewhere (with the student's id, for the audit trail only)."""
    rows = session.execute(
        select(Student.id, Student.personal_code_hash, Student.institution_id).where(
            Student.personal_code_hash.in_(code_hashes)
        )
    ).all()
    readable = set(
        session.scalars(
            repository.readable_students(principal)
            .where(Student.id.in_([row.id for row in rows]))
            .with_only_columns(Student.id)
        )
    )
    mine = {row.personal_code_hash for row in rows if row.id in readable}
    elsewhere = {row.personal_code_hash: row.id for row in rows if row.id not in readable}
    return mine, elsewhere


def note_lookups_elsewhere(
    session: Session, principal: Principal, student_ids: Sequence[uuid.UUID]
) -> None:
    """Audit look-ups that found students outside the caller's scope, then count them against
    the caller's limit (the audit events stay even when the limit refuses)."""
    if not student_ids:
        return
    audit_service.record_many(
        session,
        principal,
        AuditAction.read,
        ResourceType.personal_code_lookup,
        [(student_id, student_id, principal.institution_id) for student_id in student_ids],
        detail="registered outside the caller's scope",
    )
    settings = get_settings()
    if not settings.rate_limits_enabled or principal.user_id is None:
        return  # the command line's import runs at the server, for its operator
    key = f"user:{principal.user_id}"
    limiter().hit(
        settings.rate_limit_code_lookup,
        "code-lookup",
        key,
        cost=len(student_ids),
        error=CodeLookupLimit,
    )


def _check_code_is_free(
    session: Session, principal: Principal, code_hash: str, *, own_id: uuid.UUID | None = None
) -> None:
    other = repository.find_by_code_hash(session, code_hash)
    if other is None or other.id == own_id:
        return
    mine, elsewhere = registered_in_scope(session, principal, [code_hash])
    if code_hash in mine:
        raise Conflict("A student with this personal code is already registered")
    note_lookups_elsewhere(session, principal, list(elsewhere.values()))
    raise CodeRegisteredElsewhere(REGISTERED_ELSEWHERE)


def create_student(session: Session, principal: Principal, data: StudentCreate) -> StudentRead:
    schools_service.get_institution_in_scope(session, principal, data.institution_id)
    _class_group_for(session, principal, data.class_group_id, data.institution_id)
    _check_birth_date(data.date_of_birth)
    code = _parse_code(data.personal_code, data.date_of_birth)
    code_hash = personal_code_lookup_hash(code.normalized)
    _check_code_is_free(session, principal, code_hash)
    student = Student(
        given_name=data.given_name,
        family_name=data.family_name,
        search_name=normalize_name(data.family_name, data.given_name),
        date_of_birth=data.date_of_birth,
        personal_code_encrypted=encrypt_personal_code(code.normalized),
        personal_code_hash=code_hash,
        gender=data.gender,
        language=data.language,
        institution_id=data.institution_id,
        class_group_id=data.class_group_id,
    )
    session.add(student)
    session.flush()
    session.add(
        Enrollment(
            student_id=student.id,
            institution_id=data.institution_id,
            class_group_id=data.class_group_id,
            from_date=data.enrolled_on or local_today(),
        )
    )
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.student,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return to_reads(session, principal, [student], [w.value for w in code.warnings])[0]


def update_student(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    data: StudentUpdate,
    if_match: str | None,
) -> StudentRead:
    expected = expected_version(if_match)
    student = repository.get_student(session, principal, id, for_update=True)
    if student.version != expected:
        raise PreconditionFailed(f"The student is at version {student.version}")
    changes = data.model_dump(exclude_unset=True)
    for required in ("given_name", "family_name", "date_of_birth", "personal_code", "language"):
        if required in changes and changes[required] is None:
            raise InvalidInput.field(["body", required], "may not be null")
    warnings: list[str] = []
    if "date_of_birth" in changes:
        _check_birth_date(changes["date_of_birth"])
    if "personal_code" in changes or "date_of_birth" in changes:
        raw = changes.pop("personal_code", None) or decrypt_personal_code(
            student.personal_code_encrypted
        )
        code = _parse_code(raw, changes.get("date_of_birth", student.date_of_birth))
        code_hash = personal_code_lookup_hash(code.normalized)
        _check_code_is_free(session, principal, code_hash, own_id=student.id)
        student.personal_code_encrypted = encrypt_personal_code(code.normalized)
        student.personal_code_hash = code_hash
        warnings = [w.value for w in code.warnings]
    for name, value in changes.items():
        setattr(student, name, value)
    student.search_name = normalize_name(student.family_name, student.given_name)
    student.version += 1
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.student,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail=",".join(sorted(data.model_dump(exclude_unset=True))),
    )
    return to_reads(session, principal, [student], warnings)[0]


def _touch(student: Student) -> None:
    student.version += 1
    student.updated_at = utcnow()


# --- enrollments -------------------------------------------------------------------------------


def list_enrollments(
    session: Session, principal: Principal, student_id: uuid.UUID
) -> list[Enrollment]:
    student = repository.get_student(session, principal, student_id)
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.enrollment,
        None,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return repository.enrollments_of(session, student.id)


def enroll(
    session: Session, principal: Principal, student_id: uuid.UUID, data: EnrollmentCreate
) -> Enrollment:
    """Start a new enrollment (a class change or a transfer); the open one ends the day before."""
    student = repository.get_student(session, principal, student_id, for_update=True)
    if data.institution_id == student.institution_id:
        schools_service.get_institution_in_scope(session, principal, data.institution_id)
    else:
        # A transfer: the sending school hands the student over to an institution outside its
        # scope, which then places the student in one of its classes.
        schools_service.get_active_institution(session, data.institution_id)
        if data.class_group_id is not None:
            raise InvalidInput.field(
                ["body", "class_group_id"], "The receiving institution assigns the class"
            )
    _class_group_for(session, principal, data.class_group_id, data.institution_id)
    current = repository.open_enrollment(session, student.id)
    if current is not None:
        if data.from_date <= current.from_date:
            raise InvalidInput.field(
                ["body", "from_date"], "Must be after the start of the current enrollment"
            )
        current.to_date = data.from_date - timedelta(days=1)
        moved = current.institution_id != data.institution_id
        current.exit_reason = ExitReason.transferred if moved else ExitReason.other
    enrollment = Enrollment(
        student_id=student.id,
        institution_id=data.institution_id,
        class_group_id=data.class_group_id,
        from_date=data.from_date,
    )
    session.add(enrollment)
    student.institution_id = data.institution_id
    student.class_group_id = data.class_group_id
    _touch(student)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.enrollment,
        enrollment.id,
        student_id=student.id,
        institution_id=data.institution_id,
    )
    return enrollment


def end_enrollment(
    session: Session,
    principal: Principal,
    student_id: uuid.UUID,
    enrollment_id: uuid.UUID,
    data: EnrollmentEnd,
) -> Enrollment:
    student = repository.get_student(session, principal, student_id, for_update=True)
    enrollment = next(
        (e for e in repository.enrollments_of(session, student.id) if e.id == enrollment_id), None
    )
    if enrollment is None:
        raise NotFound("Enrollment not found")
    if enrollment.to_date is not None:
        raise Conflict("The enrollment has already ended")
    if data.to_date < enrollment.from_date:
        raise InvalidInput.field(["body", "to_date"], "Must not be before the enrollment started")
    enrollment.to_date = data.to_date
    enrollment.exit_reason = data.exit_reason
    # The student stays visible to the school of the last enrollment, as a former student.
    student.class_group_id = None
    _touch(student)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.enrollment,
        enrollment.id,
        student_id=student.id,
        institution_id=enrollment.institution_id,
        detail=f"ended:{data.exit_reason}",
    )
    return enrollment


# --- guardians -----------------------------------------------------------------------------------


def _guardian_read(g: Guardian, link: StudentGuardian) -> GuardianRead:
    return GuardianRead(
        id=g.id,
        full_name=g.full_name,
        relation=link.relation,
        phone=g.phone,
        email=g.email,
        is_legal_representative=link.is_legal_representative,
    )


def list_guardians(
    session: Session, principal: Principal, student_id: uuid.UUID
) -> list[GuardianRead]:
    student = repository.get_student(session, principal, student_id)
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.guardian,
        None,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return [_guardian_read(g, link) for g, link in repository.guardians_of(session, student.id)]


def add_guardian(
    session: Session, principal: Principal, student_id: uuid.UUID, data: GuardianCreate
) -> GuardianRead:
    student = repository.get_student(session, principal, student_id)
    guardian = Guardian(full_name=data.full_name, phone=data.phone, email=data.email)
    session.add(guardian)
    session.flush()
    link = StudentGuardian(
        student_id=student.id,
        guardian_id=guardian.id,
        relation=data.relation,
        is_legal_representative=data.is_legal_representative,
    )
    session.add(link)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.guardian,
        guardian.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return _guardian_read(guardian, link)


def update_guardian(
    session: Session,
    principal: Principal,
    student_id: uuid.UUID,
    guardian_id: uuid.UUID,
    data: GuardianUpdate,
) -> GuardianRead:
    student = repository.get_student(session, principal, student_id)
    guardian, link = repository.guardian_link(session, student.id, guardian_id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if name in ("relation", "is_legal_representative"):
            if value is None:
                raise InvalidInput.field(["body", name], "may not be null")
            setattr(link, name, value)
        elif name == "full_name" and value is None:
            raise InvalidInput.field(["body", name], "may not be null")
        else:
            setattr(guardian, name, value)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.guardian,
        guardian.id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail=",".join(sorted(changes)),
    )
    return _guardian_read(guardian, link)


def remove_guardian(
    session: Session, principal: Principal, student_id: uuid.UUID, guardian_id: uuid.UUID
) -> None:
    student = repository.get_student(session, principal, student_id)
    _guardian, link = repository.guardian_link(session, student.id, guardian_id)
    session.delete(link)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.delete,
        ResourceType.guardian,
        guardian_id,
        student_id=student.id,
        institution_id=student.institution_id,
    )


# --- consents ------------------------------------------------------------------------------------


def _consent_read(c: Consent) -> ConsentRead:
    return ConsentRead(
        id=c.id,
        student_id=c.student_id,
        guardian_id=c.guardian_id,
        given_by_student=c.given_by_student,
        given_on=c.given_on,
        school_year_id=c.school_year_id,
        document_reference=c.document_reference,
        withdrawn_at=c.withdrawn_at,
        valid=c.withdrawn_at is None,
    )


def list_consents(
    session: Session, principal: Principal, student_id: uuid.UUID
) -> list[ConsentRead]:
    student = repository.get_student(session, principal, student_id)
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.consent,
        None,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return [_consent_read(c) for c in repository.consents_of(session, student.id)]


def add_consent(
    session: Session, principal: Principal, student_id: uuid.UUID, data: ConsentCreate
) -> ConsentRead:
    student = repository.get_student(session, principal, student_id)
    schools_service.get_school_year(session, data.school_year_id)
    if data.guardian_id is not None:
        _guardian, link = repository.guardian_link(session, student.id, data.guardian_id)
        if not link.is_legal_representative:
            raise InvalidInput.field(
                ["body", "guardian_id"], "Only a legal representative can give consent"
            )
    else:
        if data.given_on < _eighteenth_birthday(student.date_of_birth):
            raise InvalidInput.field(
                ["body", "given_by_student"], "A student gives consent only as an adult (18+)"
            )
    if data.given_on > local_today():
        raise InvalidInput.field(["body", "given_on"], "Must not be in the future")
    recorded = {
        (c.school_year_id, c.document_reference)
        for c in repository.consents_of(session, student.id)
    }
    if (data.school_year_id, data.document_reference) in recorded:
        raise Conflict("This consent document is already recorded for that school year")
    consent = Consent(student_id=student.id, **data.model_dump())
    session.add(consent)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.consent,
        consent.id,
        student_id=student.id,
        institution_id=student.institution_id,
    )
    return _consent_read(consent)


def withdraw_consent(
    session: Session, principal: Principal, student_id: uuid.UUID, consent_id: uuid.UUID
) -> ConsentRead:
    student = repository.get_student(session, principal, student_id)
    consent = next(
        (c for c in repository.consents_of(session, student.id) if c.id == consent_id), None
    )
    if consent is None:
        raise NotFound("Consent not found")
    if consent.withdrawn_at is not None:
        raise Conflict("The consent was already withdrawn")
    consent.withdrawn_at = utcnow()
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.consent,
        consent.id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail="withdrawn",
    )
    return _consent_read(consent)


def has_valid_consent(session: Session, student_id: uuid.UUID, school_year_id: uuid.UUID) -> bool:
    stmt = select(Consent.id).where(
        Consent.student_id == student_id,
        Consent.school_year_id == school_year_id,
        Consent.withdrawn_at.is_(None),
    )
    return session.scalar(stmt.limit(1)) is not None
