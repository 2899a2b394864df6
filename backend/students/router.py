import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page
from backend.identity.dependencies import GuardiansConsentsWrite, StudentsRead, StudentsWrite
from backend.risks.models import RiskLevel
from backend.students import service
from backend.students.schemas import (
    ConsentCreate,
    ConsentRead,
    ConsentWithdraw,
    EnrollmentCreate,
    EnrollmentEnd,
    EnrollmentRead,
    GuardianCreate,
    GuardianEnd,
    GuardianRead,
    GuardianUpdate,
    StudentCreate,
    StudentListItem,
    StudentRead,
    StudentUpdate,
)

router = APIRouter(prefix="/students", tags=["students"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


def _etag(response: Response, student: StudentRead) -> StudentRead:
    response.headers["ETag"] = f'"{student.version}"'
    return student


@router.get(
    "",
    response_model=Page[StudentListItem],
    summary="List students in scope, each with the open plan and the risk level",
    operation_id="students_list_students",
    responses=READ_ERRORS,
)
def list_students(
    session: DbSession,
    principal: StudentsRead,
    page: Pagination,
    institution_id: uuid.UUID | None = None,
    municipality_id: Annotated[
        uuid.UUID | None, Query(description="Students of this municipality's institutions")
    ] = None,
    semester_id: Annotated[
        uuid.UUID | None, Query(description="Has a support plan (of any status) in this semester")
    ] = None,
    class_group_id: uuid.UUID | None = None,
    grade: Annotated[int | None, Query(ge=1, le=12)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Name search")] = None,
    personal_code: Annotated[
        str | None, Query(max_length=14, description="Exact personal code (roles that see codes)")
    ] = None,
    has_plan: Annotated[
        bool | None, Query(description="Has a support plan that is not closed or discontinued")
    ] = None,
    risk_level: Annotated[
        RiskLevel | None,
        Query(
            description="The row's risk level: the open plan's rated level, or without one the "
            "level of the current semester's open flags (alert: high, watch: medium)"
        ),
    ] = None,
    at_risk_without_plan: Annotated[
        bool,
        Query(
            description="No open support plan, and an open early-identification flag in the "
            "current semester"
        ),
    ] = False,
) -> Page[StudentListItem]:
    rows, cursor = service.list_students(
        session,
        principal,
        page,
        institution_id=institution_id,
        municipality_id=municipality_id,
        semester_id=semester_id,
        class_group_id=class_group_id,
        grade=grade,
        q=q,
        code=personal_code,
        has_plan=has_plan,
        risk_level=risk_level,
        at_risk_without_plan=at_risk_without_plan,
    )
    return Page(items=rows, next_cursor=cursor)


@router.post(
    "",
    response_model=StudentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register a student and enroll them",
    operation_id="students_create_student",
    responses=WRITE_ERRORS,
)
def create_student(
    session: DbSession, principal: StudentsWrite, body: StudentCreate, response: Response
) -> StudentRead:
    return _etag(response, service.create_student(session, principal, body))


@router.get(
    "/{student_id}",
    response_model=StudentRead,
    summary="Read a student",
    operation_id="students_get_student",
    responses=READ_ERRORS,
)
def get_student(
    session: DbSession, principal: StudentsRead, student_id: uuid.UUID, response: Response
) -> StudentRead:
    return _etag(response, service.read_student(session, principal, student_id))


@router.patch(
    "/{student_id}",
    response_model=StudentRead,
    summary="Change a student (If-Match required)",
    operation_id="students_update_student",
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def update_student(
    session: DbSession,
    principal: StudentsWrite,
    student_id: uuid.UUID,
    body: StudentUpdate,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> StudentRead:
    return _etag(response, service.update_student(session, principal, student_id, body, if_match))


@router.get(
    "/{student_id}/enrollments",
    response_model=list[EnrollmentRead],
    summary="A student's enrollments, newest first",
    operation_id="students_list_enrollments",
    responses=READ_ERRORS,
)
def list_enrollments(
    session: DbSession, principal: StudentsRead, student_id: uuid.UUID
) -> list[EnrollmentRead]:
    rows = service.list_enrollments(session, principal, student_id)
    return [EnrollmentRead.model_validate(e) for e in rows]


@router.post(
    "/{student_id}/enrollments",
    response_model=EnrollmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Enroll in a class or institution (ends the open enrollment)",
    operation_id="students_enroll",
    responses=WRITE_ERRORS,
)
def enroll(
    session: DbSession, principal: StudentsWrite, student_id: uuid.UUID, body: EnrollmentCreate
) -> EnrollmentRead:
    return EnrollmentRead.model_validate(service.enroll(session, principal, student_id, body))


@router.post(
    "/{student_id}/enrollments/{enrollment_id}/end",
    response_model=EnrollmentRead,
    summary="End an enrollment with an exit reason",
    operation_id="students_end_enrollment",
    responses=WRITE_ERRORS,
)
def end_enrollment(
    session: DbSession,
    principal: StudentsWrite,
    student_id: uuid.UUID,
    enrollment_id: uuid.UUID,
    body: EnrollmentEnd,
) -> EnrollmentRead:
    row = service.end_enrollment(session, principal, student_id, enrollment_id, body)
    return EnrollmentRead.model_validate(row)


@router.get(
    "/{student_id}/guardians",
    response_model=list[GuardianRead],
    summary="A student's guardians",
    operation_id="students_list_guardians",
    responses=READ_ERRORS,
)
def list_guardians(
    session: DbSession, principal: StudentsRead, student_id: uuid.UUID
) -> list[GuardianRead]:
    return service.list_guardians(session, principal, student_id)


@router.post(
    "/{student_id}/guardians",
    response_model=GuardianRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a guardian",
    operation_id="students_add_guardian",
    responses=WRITE_ERRORS,
)
def add_guardian(
    session: DbSession,
    principal: GuardiansConsentsWrite,
    student_id: uuid.UUID,
    body: GuardianCreate,
) -> GuardianRead:
    return service.add_guardian(session, principal, student_id, body)


@router.patch(
    "/{student_id}/guardians/{guardian_id}",
    response_model=GuardianRead,
    summary="Change a guardian",
    operation_id="students_update_guardian",
    responses=WRITE_ERRORS,
)
def update_guardian(
    session: DbSession,
    principal: GuardiansConsentsWrite,
    student_id: uuid.UUID,
    guardian_id: uuid.UUID,
    body: GuardianUpdate,
) -> GuardianRead:
    return service.update_guardian(session, principal, student_id, guardian_id, body)


@router.post(
    "/{student_id}/guardians/{guardian_id}/end",
    response_model=GuardianRead,
    summary="End a guardian",
    description="The guardian is no longer the student's guardian from the given day (default "
    "today). The link is kept with its end day and reason; an ended guardian cannot sign a new "
    "consent, and consents they signed keep their signer.",
    operation_id="students_end_guardian",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def end_guardian(
    session: DbSession,
    principal: GuardiansConsentsWrite,
    student_id: uuid.UUID,
    guardian_id: uuid.UUID,
    body: GuardianEnd,
) -> GuardianRead:
    return service.end_guardian(session, principal, student_id, guardian_id, body)


@router.get(
    "/{student_id}/consents",
    response_model=list[ConsentRead],
    summary="A student's consents, newest first, withdrawn ones included (the history)",
    operation_id="students_list_consents",
    responses=READ_ERRORS,
)
def list_consents(
    session: DbSession, principal: StudentsRead, student_id: uuid.UUID
) -> list[ConsentRead]:
    return service.list_consents(session, principal, student_id)


@router.post(
    "/{student_id}/consents",
    response_model=ConsentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a signed consent for a school year",
    operation_id="students_add_consent",
    responses=WRITE_ERRORS,
)
def add_consent(
    session: DbSession,
    principal: GuardiansConsentsWrite,
    student_id: uuid.UUID,
    body: ConsentCreate,
) -> ConsentRead:
    return service.add_consent(session, principal, student_id, body)


@router.post(
    "/{student_id}/consents/{consent_id}/withdraw",
    response_model=ConsentRead,
    summary="Withdraw a consent, with the reason",
    operation_id="students_withdraw_consent",
    responses=WRITE_ERRORS,
)
def withdraw_consent(
    session: DbSession,
    principal: GuardiansConsentsWrite,
    student_id: uuid.UUID,
    consent_id: uuid.UUID,
    body: ConsentWithdraw,
) -> ConsentRead:
    return service.withdraw_consent(session, principal, student_id, consent_id, body)
