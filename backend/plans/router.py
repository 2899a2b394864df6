import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page, UtcDateTime
from backend.identity.limits import IntegrationLimit
from backend.plans import approvals, drafting, evaluation, notes, reading, statuses
from backend.plans.dependencies import (
    NotesWrite,
    PlanApprover,
    PlansEvaluate,
    PlansRead,
    PlanStatusReader,
    PlansWrite,
)
from backend.plans.models import PlanStatus, RiskLevel
from backend.plans.schemas import (
    ApproveBody,
    DiscontinueBody,
    EvaluationIn,
    HistoryEntryRead,
    NoteCreate,
    NoteRead,
    PlanCreate,
    PlanRead,
    PlanReadiness,
    PlanStatusRead,
    PlanSummary,
    PlanUpdate,
    ReturnBody,
    RiskAssessmentIn,
    SensitiveLevelsIn,
)

router = APIRouter(tags=["plans"])
# What other systems poll, matched before every other route of the API (see backend/api.py).
status_router = APIRouter(tags=["plans"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)
EDIT_ERRORS = problem_responses(401, 403, 404, 409, 412, 422, 428)
IfMatch = Annotated[str | None, Header(description="The ETag of the plan as read")]


def _etag(response: Response, plan: PlanRead) -> PlanRead:
    response.headers["ETag"] = f'"{plan.version}"'
    return plan


@router.get(
    "/plans",
    response_model=Page[PlanSummary],
    summary="List plans in scope",
    operation_id="plans_list_plans",
    responses=READ_ERRORS,
)
def list_plans(
    session: DbSession,
    principal: PlansRead,
    page: Pagination,
    institution_id: uuid.UUID | None = None,
    municipality_id: Annotated[
        uuid.UUID | None, Query(description="Plans of this municipality's institutions")
    ] = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    risk_level: RiskLevel | None = None,
    author_id: uuid.UUID | None = None,
    student_id: uuid.UUID | None = None,
    q: Annotated[
        str | None,
        Query(max_length=100, description="Search by plan code or by the student's name"),
    ] = None,
    awaiting_my_decision: Annotated[
        bool | None,
        Query(
            description="true: only plans whose next approval step is the caller's (the "
            "approvals inbox, the longest waiting first); false: all others"
        ),
    ] = None,
) -> Page[PlanSummary]:
    rows, cursor = reading.list_plans(
        session,
        principal,
        page,
        institution_id=institution_id,
        municipality_id=municipality_id,
        semester_id=semester_id,
        status=status,
        risk_level=risk_level,
        author_id=author_id,
        student_id=student_id,
        q=q,
        awaiting_my_decision=awaiting_my_decision,
    )
    return Page(items=rows, next_cursor=cursor)


@router.post(
    "/plans",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start a plan for a student and semester (the caller is its author)",
    operation_id="plans_create_plan",
    responses=WRITE_ERRORS,
)
def create_plan(
    session: DbSession, principal: PlansWrite, body: PlanCreate, response: Response
) -> PlanRead:
    return _etag(response, drafting.create_plan(session, principal, body))


@router.get(
    "/plans/{plan_id}",
    response_model=PlanRead,
    summary="Read a plan",
    operation_id="plans_get_plan",
    responses=READ_ERRORS,
)
def get_plan(
    session: DbSession, principal: PlansRead, plan_id: uuid.UUID, response: Response
) -> PlanRead:
    return _etag(response, reading.read_plan(session, principal, plan_id))


@router.patch(
    "/plans/{plan_id}",
    response_model=PlanRead,
    summary="Change a draft or returned plan (If-Match required)",
    operation_id="plans_update_plan",
    responses=EDIT_ERRORS,
)
def update_plan(
    session: DbSession,
    principal: PlansWrite,
    plan_id: uuid.UUID,
    body: PlanUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> PlanRead:
    return _etag(response, drafting.update_plan(session, principal, plan_id, body, if_match))


@router.delete(
    "/plans/{plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a draft plan",
    operation_id="plans_delete_plan",
    responses=problem_responses(401, 403, 404, 409),
)
def delete_plan(session: DbSession, principal: PlansWrite, plan_id: uuid.UUID) -> Response:
    drafting.delete_plan(session, principal, plan_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/plans/{plan_id}/risk-assessment",
    response_model=PlanRead,
    summary="Set the risk assessment of a draft or returned plan (If-Match required)",
    operation_id="plans_set_risk_assessment",
    responses=EDIT_ERRORS,
)
def set_risk_assessment(
    session: DbSession,
    principal: PlansWrite,
    plan_id: uuid.UUID,
    body: RiskAssessmentIn,
    response: Response,
    if_match: IfMatch = None,
) -> PlanRead:
    plan = drafting.set_risk_assessment(session, principal, plan_id, body, if_match)
    return _etag(response, plan)


@router.get(
    "/plans/{plan_id}/readiness",
    response_model=PlanReadiness,
    summary="The submit checklist: what the plan still needs before it can be submitted",
    operation_id="plans_get_readiness",
    responses=READ_ERRORS,
)
def get_readiness(session: DbSession, principal: PlansRead, plan_id: uuid.UUID) -> PlanReadiness:
    return drafting.readiness(session, principal, plan_id)


@router.post(
    "/plans/{plan_id}/submit",
    response_model=PlanRead,
    summary="Submit for approval (what it needs: GET /plans/{plan_id}/readiness)",
    operation_id="plans_submit",
    responses=WRITE_ERRORS,
)
def submit(
    session: DbSession, principal: PlansWrite, plan_id: uuid.UUID, response: Response
) -> PlanRead:
    return _etag(response, approvals.submit(session, principal, plan_id))


@router.post(
    "/plans/{plan_id}/approve",
    response_model=PlanRead,
    summary="Approve at the step the plan awaits (school, municipality, national)",
    operation_id="plans_approve",
    responses=WRITE_ERRORS,
)
def approve(
    session: DbSession,
    principal: PlanApprover,
    plan_id: uuid.UUID,
    body: ApproveBody,
    response: Response,
) -> PlanRead:
    return _etag(response, approvals.approve(session, principal, plan_id, body))


@router.post(
    "/plans/{plan_id}/return",
    response_model=PlanRead,
    summary="Return the plan to its author for correction, with a comment",
    operation_id="plans_return",
    responses=WRITE_ERRORS,
)
def return_plan(
    session: DbSession,
    principal: PlanApprover,
    plan_id: uuid.UUID,
    body: ReturnBody,
    response: Response,
) -> PlanRead:
    return _etag(response, approvals.return_plan(session, principal, plan_id, body))


@router.post(
    "/plans/{plan_id}/evaluate",
    response_model=PlanRead,
    summary="Evaluate an active plan; optionally continue it into the next semester",
    operation_id="plans_evaluate",
    responses=WRITE_ERRORS,
)
def evaluate(
    session: DbSession,
    principal: PlansEvaluate,
    plan_id: uuid.UUID,
    body: EvaluationIn,
    response: Response,
) -> PlanRead:
    return _etag(response, evaluation.evaluate(session, principal, plan_id, body))


@router.put(
    "/plans/{plan_id}/evaluation/sensitive-levels",
    response_model=PlanRead,
    summary="Record the levels after the semester of an evaluated plan's sensitive factors "
    "(support specialist or director)",
    operation_id="plans_set_sensitive_levels",
    responses=WRITE_ERRORS,
)
def set_sensitive_levels(
    session: DbSession,
    principal: PlansRead,
    plan_id: uuid.UUID,
    body: SensitiveLevelsIn,
    response: Response,
) -> PlanRead:
    return _etag(response, evaluation.set_sensitive_levels(session, principal, plan_id, body))


@router.post(
    "/plans/{plan_id}/close",
    response_model=PlanRead,
    summary="Close an evaluated plan (read-only from then on)",
    operation_id="plans_close",
    responses=WRITE_ERRORS,
)
def close(
    session: DbSession, principal: PlansEvaluate, plan_id: uuid.UUID, response: Response
) -> PlanRead:
    return _etag(response, approvals.close(session, principal, plan_id))


@router.post(
    "/plans/{plan_id}/discontinue",
    response_model=PlanRead,
    summary="Discontinue an active plan, with a reason",
    operation_id="plans_discontinue",
    responses=WRITE_ERRORS,
)
def discontinue(
    session: DbSession,
    principal: PlansEvaluate,
    plan_id: uuid.UUID,
    body: DiscontinueBody,
    response: Response,
) -> PlanRead:
    return _etag(response, approvals.discontinue(session, principal, plan_id, body))


@router.get(
    "/plans/{plan_id}/notes",
    response_model=list[NoteRead],
    summary="The plan's notes (restricted ones only for those who may see them)",
    operation_id="plans_list_notes",
    responses=READ_ERRORS,
)
def list_notes(session: DbSession, principal: PlansRead, plan_id: uuid.UUID) -> list[NoteRead]:
    return notes.list_notes(session, principal, plan_id)


@router.post(
    "/plans/{plan_id}/notes",
    response_model=NoteRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a note to a plan",
    operation_id="plans_add_note",
    responses=WRITE_ERRORS,
)
def add_note(
    session: DbSession, principal: NotesWrite, plan_id: uuid.UUID, body: NoteCreate
) -> NoteRead:
    return notes.add_note(session, principal, plan_id, body)


@router.get(
    "/plans/{plan_id}/history",
    response_model=list[HistoryEntryRead],
    summary="Every change of the plan: who, when, what, old and new",
    operation_id="plans_history",
    responses=READ_ERRORS,
)
def history(session: DbSession, principal: PlansRead, plan_id: uuid.UUID) -> list[HistoryEntryRead]:
    return notes.history(session, principal, plan_id)


@status_router.get(
    "/plans/{plan_id}/status",
    response_model=PlanStatusRead,
    summary="The plan's status for other systems (ETag; If-None-Match gives 304)",
    operation_id="plans_get_status",
    responses={304: {"description": "Not modified"}, **READ_ERRORS, **problem_responses(429)},
    dependencies=[IntegrationLimit],
)
def get_status(
    session: DbSession,
    principal: PlanStatusReader,
    plan_id: uuid.UUID,
    response: Response,
    if_none_match: Annotated[str | None, Header()] = None,
) -> PlanStatusRead | Response:
    known = frozenset(t.strip() for t in if_none_match.split(",")) if if_none_match else frozenset()
    found = statuses.read_status(session, principal, plan_id, known_etags=known)
    if isinstance(found, str):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": found})
    response.headers["ETag"] = statuses.status_etag(found.version)
    return found


@status_router.get(
    "/plan-statuses",
    response_model=Page[PlanStatusRead],
    summary="Plan statuses for other systems, oldest change first",
    operation_id="plans_list_statuses",
    responses=READ_ERRORS | problem_responses(429),
    dependencies=[IntegrationLimit],
)
def list_statuses(
    session: DbSession,
    principal: PlanStatusReader,
    page: Pagination,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    updated_since: UtcDateTime | None = None,
) -> Page[PlanStatusRead]:
    rows, cursor = statuses.list_statuses(
        session,
        principal,
        page,
        institution_id=institution_id,
        semester_id=semester_id,
        status=status,
        updated_since=updated_since,
    )
    return Page(items=rows, next_cursor=cursor)
