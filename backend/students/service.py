"""Students, their enrollments, guardians and consents; personal codes are protected here."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import Session

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
from backend.core.messages import msg
from backend.core.pagination import PageParams
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
from backend.students import names, personal_code, repository
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
    ConsentWithdraw,
    EnrollmentCreate,
    EnrollmentEnd,
    GuardianCreate,
    GuardianEnd,
    GuardianRead,
    GuardianUpdate,
    StudentCreate,
    StudentListItem,
    StudentRead,
    StudentUpdate,
)

get_student = repository.get_student
readable_students = repository.readable_students
guardians_of = repository.guardians_of
students_by_name = repository.students_by_name


normalize_name = names.normalize_name
name_matches = repository.name_matches


def _parse_code(raw: str, date_of_birth: date | None) -> personal_code.PersonalCode:
    try:
        return personal_code.parse(raw, date_of_birth=date_of_birth)
    except personal_code.InvalidPersonalCode as exc:
        raise InvalidInput.field(["body", "personal_code"], exc.message) from exc


def eighteenth_birthday(born: date) -> date:
    if (born.month, born.day) == (2, 29):
        return date(born.year + 18, 3, 1)
    return born.replace(year=born.year + 18)


def _check_birth_date(born: date) -> None:
    age = (local_today() - born).days // 365
    if born > local_today() or not 3 <= age <= 30:
        raise InvalidInput.field(["body", "date_of_birth"], msg("student.birth-date-implausible"))


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ClassInfo:
    label: str
    grade: int | None
    course: int | None


def _class_info(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, _ClassInfo]:
    if not ids:
        return {}
    rows = repository.classes(session, ids)
    return {r.id: _ClassInfo(r.label, r.grade, r.course) for r in rows}


def _enrolled(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    return repository.enrolled_among(session, ids)


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
    """Which students have plans, and how much at risk they are: the students list filters by
    them and shows them, and the plans and indicators domains (above this one) answer; the
    application hands their functions in once (``use_plan_filters``).

    ``open_plan`` gives the id, status and rated risk level of the student's newest open plan and
    ``flag_level`` the highest level of the student's open flags on a day, both as columns
    correlated with the student's id, so a page of the list stays one statement."""

    with_open_plan: Callable[[RiskLevel | None], Select[uuid.UUID]]
    with_plan_in: Callable[[uuid.UUID], Select[uuid.UUID]]
    open_plan: Callable[[Any], tuple[Any, Any, Any]]
    flag_level: Callable[[Any, date], ColumnElement[Any]]


_plan_filters_in_use: list[PlanFilters] = []


def use_plan_filters(filters: PlanFilters) -> None:
    _plan_filters_in_use[:] = [filters]


def _plan_filters() -> PlanFilters:
    if not _plan_filters_in_use:
        raise RuntimeError("use_plan_filters was not called: import backend.api")
    return _plan_filters_in_use[0]


def _risk_columns(principal: Principal) -> repository.RiskColumns:
    """The risk shown beside each student: the rated level of the open plan; without one (or
    before it is rated), the level of the open early-identification flags of the current
    semester (alert counts as high, watch as medium). Flags only for roles that read them."""
    filters = _plan_filters()
    flag_level = (
        (lambda student_id: filters.flag_level(student_id, local_today()))
        if principal.can(Permission.indicators_read)
        else None
    )
    return repository.RiskColumns(open_plan=filters.open_plan, flag_level=flag_level)


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
    at_risk_without_plan: bool = False,
) -> tuple[list[StudentListItem], str | None]:
    if at_risk_without_plan and not principal.can(Permission.indicators_read):
        raise Forbidden(msg("students.flags-not-readable"))
    with_plan = without_plan = plan_in = None
    if has_plan is True:
        with_plan = _plan_filters().with_open_plan(None)
    if has_plan is False or at_risk_without_plan:
        without_plan = _plan_filters().with_open_plan(None)
    if semester_id:
        plan_in = _plan_filters().with_plan_in(semester_id)
    code_hash = None
    if code:
        # Looking a student up by code would reveal the code to a role that may not see it.
        if not principal.can(Permission.personal_codes_read):
            raise Forbidden(msg("student.code-search-not-allowed"))
        try:
            normalized = personal_code.parse(code).normalized
        except personal_code.InvalidPersonalCode as exc:
            raise InvalidInput.field(["query", "personal_code"], exc.message) from exc
        code_hash = personal_code_lookup_hash(normalized)
    rows, cursor = repository.students_page(
        session,
        principal,
        page,
        repository.StudentFilters(
            institution_id=institution_id,
            institutions=schools_service.in_municipality(municipality_id)
            if municipality_id
            else None,
            class_group_id=class_group_id,
            grade=grade,
            q=q,
            code_hash=code_hash,
            with_plan=with_plan,
            without_plan=without_plan,
            plan_in=plan_in,
            risk_level=risk_level,
            at_risk=at_risk_without_plan,
        ),
        _risk_columns(principal),
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
    flagged = [r.Student for r in rows if r.flag_level]
    if flagged:
        audit_service.record_reads(
            session,
            principal,
            ResourceType.student_flags,
            [(s.id, s.id, s.institution_id) for s in flagged],
        )
    reads = to_reads(session, principal, students, known=(classes, enrolled))
    items = [
        StudentListItem(
            **read.model_dump(),
            open_plan_id=r.open_plan_id,
            open_plan_status=r.open_plan_status,
            flag_level=r.flag_level,
            risk_level=r.risk_level,
        )
        for read, r in zip(reads, rows, strict=True)
    ]
    return items, cursor


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
        raise InvalidInput.field(["body", "class_group_id"], msg("student.class-other-institution"))
    return group


# --- look-ups of personal codes outside the caller's scope ------------------------------------
#
# A code registered elsewhere tells the caller that a child exists in the country's register:
# what a transfer needs to know, and no more (not where). Each such answer is audited and counts
# against a per-user limit, so the register cannot be walked code by code.

REGISTERED_ELSEWHERE = msg("student.registered-elsewhere")


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
    rows = repository.holders_of_codes(session, code_hashes)
    readable = repository.readable_among(session, principal, [row.id for row in rows])
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
        raise Conflict(msg("student.code-taken"))
    note_lookups_elsewhere(session, principal, list(elsewhere.values()))
    raise CodeRegisteredElsewhere(REGISTERED_ELSEWHERE)


@dataclass(frozen=True)
class NewConsent:
    """A signed consent arriving with a new student (an import row): by the student's guardian
    of the same row, or by the adult student."""

    given_on: date
    school_year_id: uuid.UUID
    document_reference: str
    given_by_student: bool


@dataclass(frozen=True)
class NewStudentRecord:
    """A new student whose data has passed the checks: the personal code normalised and hashed."""

    data: StudentCreate
    code: str
    code_hash: str
    guardian: GuardianCreate | None = None
    consent: NewConsent | None = None


# New students are inserted this many at a time.
ADD_CHUNK = 500


def add_students(
    session: Session,
    principal: Principal,
    institution_id: uuid.UUID,
    students: Sequence[NewStudentRecord],
    *,
    detail: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[uuid.UUID]:
    """The one write path of new students, for the form's one and an import's thousands alike:
    the students, their first enrollments and guardians, inserted a chunk at a time, each student
    audited. Returns the new students' ids, in order."""
    today = local_today()
    added: list[uuid.UUID] = []
    for start in range(0, len(students), ADD_CHUNK):
        chunk = students[start : start + ADD_CHUNK]
        now = utcnow()
        rows = repository.NewStudentRows()
        student_ids: list[uuid.UUID] = []
        for s in chunk:
            student_id = uuid.uuid4()
            student_ids.append(student_id)
            d = s.data
            rows.students.append(
                {
                    "id": student_id,
                    "given_name": d.given_name,
                    "family_name": d.family_name,
                    "search_name": normalize_name(d.family_name, d.given_name),
                    "date_of_birth": d.date_of_birth,
                    "personal_code_encrypted": encrypt_personal_code(s.code),
                    "personal_code_hash": s.code_hash,
                    "gender": d.gender,
                    "language": d.language,
                    "institution_id": institution_id,
                    "class_group_id": d.class_group_id,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            rows.enrollments.append(
                {
                    "id": uuid.uuid4(),
                    "student_id": student_id,
                    "institution_id": institution_id,
                    "class_group_id": d.class_group_id,
                    "from_date": d.enrolled_on or today,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            guardian_id = None
            if s.guardian is not None:
                guardian_id = uuid.uuid4()
                g = s.guardian
                rows.guardians.append(
                    {
                        "id": guardian_id,
                        "full_name": g.full_name,
                        "phone": g.phone,
                        "email": str(g.email) if g.email else None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                rows.links.append(
                    {
                        "student_id": student_id,
                        "guardian_id": guardian_id,
                        "relation": g.relation,
                        "is_legal_representative": g.is_legal_representative,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if s.consent is not None:
                c = s.consent
                rows.consents.append(
                    {
                        "id": uuid.uuid4(),
                        "student_id": student_id,
                        "guardian_id": None if c.given_by_student else guardian_id,
                        "given_by_student": c.given_by_student,
                        "given_on": c.given_on,
                        "school_year_id": c.school_year_id,
                        "document_reference": c.document_reference,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        repository.insert_students(session, rows)
        audit_service.record_many(
            session,
            principal,
            AuditAction.create,
            ResourceType.student,
            [(student_id, student_id, institution_id) for student_id in student_ids],
            detail=detail,
        )
        if rows.consents:
            audit_service.record_many(
                session,
                principal,
                AuditAction.create,
                ResourceType.consent,
                [(c["id"], c["student_id"], institution_id) for c in rows.consents],
                detail=detail,
            )
        added += student_ids
        if progress is not None:
            progress(len(added))
    return added


def create_student(session: Session, principal: Principal, data: StudentCreate) -> StudentRead:
    schools_service.get_institution_in_scope(session, principal, data.institution_id)
    _class_group_for(session, principal, data.class_group_id, data.institution_id)
    _check_birth_date(data.date_of_birth)
    code = _parse_code(data.personal_code, data.date_of_birth)
    code_hash = personal_code_lookup_hash(code.normalized)
    _check_code_is_free(session, principal, code_hash)
    [student_id] = add_students(
        session,
        principal,
        data.institution_id,
        [NewStudentRecord(data=data, code=code.normalized, code_hash=code_hash)],
    )
    student = repository.get_student(session, principal, student_id)
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
        raise PreconditionFailed(msg("student.version-changed", version=student.version))
    changes = data.model_dump(exclude_unset=True)
    for required in ("given_name", "family_name", "date_of_birth", "personal_code", "language"):
        if required in changes and changes[required] is None:
            raise InvalidInput.field(["body", required], msg("field.not-null"))
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
            raise InvalidInput.field(["body", "class_group_id"], msg("student.class-by-receiver"))
    _class_group_for(session, principal, data.class_group_id, data.institution_id)
    current = repository.open_enrollment(session, student.id)
    if current is not None:
        if data.from_date <= current.from_date:
            raise InvalidInput.field(["body", "from_date"], msg("student.transfer-before-start"))
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
        raise NotFound(msg("enrollment.not-found"))
    if enrollment.to_date is not None:
        raise Conflict(msg("enrollment.ended"))
    if data.to_date < enrollment.from_date:
        raise InvalidInput.field(["body", "to_date"], msg("enrollment.end-before-start"))
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
        ended_on=link.ended_on,
        end_reason=link.end_reason,
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
                raise InvalidInput.field(["body", name], msg("field.not-null"))
            setattr(link, name, value)
        elif name == "full_name" and value is None:
            raise InvalidInput.field(["body", name], msg("field.not-null"))
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


def end_guardian(
    session: Session,
    principal: Principal,
    student_id: uuid.UUID,
    guardian_id: uuid.UUID,
    data: GuardianEnd,
) -> GuardianRead:
    """End a guardian's link to the student: the link stays, with the day and the reason, so the
    consents they signed keep their signer and the history shows who was the student's guardian."""
    student = repository.get_student(session, principal, student_id)
    guardian, link = repository.guardian_link(session, student.id, guardian_id)
    if link.ended_on is not None:
        raise Conflict(msg("guardian.already-ended", date=link.ended_on))
    ended_on = data.ended_on or local_today()
    if ended_on > local_today():
        raise InvalidInput.field(["body", "ended_on"], msg("date.not-future"))
    link.ended_on, link.end_reason = ended_on, data.reason
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.guardian,
        guardian_id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail="ended",
    )
    return _guardian_read(guardian, link)


# --- consents ------------------------------------------------------------------------------------


def _consent_reads(
    session: Session, student: Student, rows: Sequence[Consent]
) -> list[ConsentRead]:
    """Consents with who signed (the guardian's name, also of a guardian since removed) and the
    school year's name."""
    names = repository.guardian_names(session, {c.guardian_id for c in rows if c.guardian_id})
    years = {y.id: y.name for y, _ in schools_service.list_school_years(session)} if rows else {}
    student_name = f"{student.given_name} {student.family_name}"
    return [
        ConsentRead(
            id=c.id,
            student_id=c.student_id,
            guardian_id=c.guardian_id,
            given_by_student=c.given_by_student,
            given_by_name=student_name
            if c.given_by_student
            else (names.get(c.guardian_id) if c.guardian_id else None),
            given_on=c.given_on,
            school_year_id=c.school_year_id,
            school_year_name=years.get(c.school_year_id),
            document_reference=c.document_reference,
            withdrawn_at=c.withdrawn_at,
            withdrawal_reason=c.withdrawal_reason,
            valid=c.withdrawn_at is None,
        )
        for c in rows
    ]


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
    return _consent_reads(session, student, repository.consents_of(session, student.id))


def add_consent(
    session: Session, principal: Principal, student_id: uuid.UUID, data: ConsentCreate
) -> ConsentRead:
    student = repository.get_student(session, principal, student_id)
    schools_service.get_school_year(session, data.school_year_id)
    if data.guardian_id is not None:
        _guardian, link = repository.guardian_link(session, student.id, data.guardian_id)
        if link.ended_on is not None:
            raise InvalidInput.field(["body", "guardian_id"], msg("consent.guardian-ended"))
        if not link.is_legal_representative:
            raise InvalidInput.field(
                ["body", "guardian_id"], msg("consent.legal-representative-only")
            )
    else:
        if data.given_on < eighteenth_birthday(student.date_of_birth):
            raise InvalidInput.field(["body", "given_by_student"], msg("consent.student-not-adult"))
    if data.given_on > local_today():
        raise InvalidInput.field(["body", "given_on"], msg("date.not-future"))
    recorded = {
        (c.school_year_id, c.document_reference)
        for c in repository.consents_of(session, student.id)
    }
    if (data.school_year_id, data.document_reference) in recorded:
        raise Conflict(msg("consent.document-exists"))
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
    return _consent_reads(session, student, [consent])[0]


def withdraw_consent(
    session: Session,
    principal: Principal,
    student_id: uuid.UUID,
    consent_id: uuid.UUID,
    data: ConsentWithdraw,
) -> ConsentRead:
    student = repository.get_student(session, principal, student_id)
    consent = next(
        (c for c in repository.consents_of(session, student.id) if c.id == consent_id), None
    )
    if consent is None:
        raise NotFound(msg("consent.not-found"))
    if consent.withdrawn_at is not None:
        raise Conflict(msg("consent.withdrawn"))
    consent.withdrawn_at = utcnow()
    consent.withdrawal_reason = data.reason
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
    return _consent_reads(session, student, [consent])[0]


def has_valid_consent(session: Session, student_id: uuid.UUID, school_year_id: uuid.UUID) -> bool:
    return repository.has_valid_consent(session, student_id, school_year_id)
