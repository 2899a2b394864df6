"""HTTP for early identification: indicator data in (file, bulk JSON), flags, worklists, rules
and plans started from flags. Thin: each route calls one service function."""

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    File,
    Form,
    Query,
    Response,
    UploadFile,
    status,
)

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import JsonBody, Page
from backend.identity.dependencies import CurrentPrincipal
from backend.identity.principal import Principal
from backend.indicators import imports, push, service
from backend.indicators.schemas import (
    BatchRead,
    CountsRead,
    DismissalRead,
    DismissIn,
    IndicatorBatchIn,
    IndicatorImportResult,
    PlanFromFlagsIn,
    PlanFromFlagsRead,
    PlanSuggestions,
    ReportIn,
    ReportRead,
    RuleSetRead,
    RulesIn,
    RulesRead,
    StudentIndicatorsRead,
    UnexcusedItem,
    WorklistItem,
)
from backend.integrations.schemas import ImportJobRead

router = APIRouter(tags=["indicators"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)
SemesterQuery = Annotated[
    uuid.UUID | None, Query(description="The semester (default: the one today falls in)")
]

ImportRunner = Callable[[Principal, imports.Prepared], None]


def import_runner(background: BackgroundTasks) -> ImportRunner:
    """Write a checked file after the answer is sent, on a worker thread with its own session."""

    def schedule(principal: Principal, prepared: imports.Prepared) -> None:
        background.add_task(imports.run_in_own_session, principal, prepared)

    return schedule


@router.post(
    "/indicators/imports",
    response_model=ImportJobRead | IndicatorImportResult,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Import attendance, grades and behaviour from an e-journal CSV (or check it: dry_run)",
    description=(
        "A dry run (200) lists every problem with its row and column and writes nothing. A real "
        "run refuses a file with any problem (422); otherwise it answers 202 with an import job "
        "to poll at `/api/v1/imports/{id}`, writes all rows in one transaction or none, and "
        "recomputes the flags of the students in the file."
    ),
    operation_id="indicators_import",
    responses=problem_responses(401, 403, 404, 413, 422),
)
def import_indicators(
    session: DbSession,
    principal: CurrentPrincipal,
    runner: Annotated[ImportRunner, Depends(import_runner)],
    response: Response,
    file: Annotated[UploadFile, File(description="CSV, UTF-8, separated by ';' or ','")],
    institution_id: Annotated[uuid.UUID, Form()],
    dry_run: Annotated[bool, Form()] = False,
) -> ImportJobRead | IndicatorImportResult:
    service.require_import(session, principal, institution_id)
    data = file.file.read()
    if dry_run:
        response.status_code = status.HTTP_200_OK
        return imports.dry_run(session, institution_id, data)
    prepared = imports.start(session, principal, institution_id, data, file.filename)
    runner(principal, prepared)
    response.headers["Location"] = f"/api/v1/imports/{prepared.job.id}"
    return ImportJobRead.model_validate(prepared.job)


@router.post(
    "/indicators/batches",
    response_model=BatchRead,
    status_code=status.HTTP_200_OK,
    summary="Push a batch of indicator rows (municipal IT); the same batch twice changes nothing",
    operation_id="indicators_push_batch",
    responses=WRITE_ERRORS,
)
def push_batch(
    session: DbSession, principal: CurrentPrincipal, body: IndicatorBatchIn
) -> BatchRead:
    return push.push_batch(session, principal, body)


@router.get(
    "/students/{student_id}/indicators",
    response_model=StudentIndicatorsRead,
    summary="A student's flags with their reasons, and a timeline of attendance and failing marks",
    operation_id="indicators_get_student",
    responses=READ_ERRORS,
)
def get_student_indicators(
    session: DbSession, principal: CurrentPrincipal, student_id: uuid.UUID
) -> StudentIndicatorsRead:
    return service.student_indicators(session, principal, student_id)


@router.post(
    "/flags/{flag_id}/dismissal",
    response_model=DismissalRead,
    status_code=status.HTTP_201_CREATED,
    summary="Dismiss a flag for its semester, with the reason",
    operation_id="indicators_dismiss_flag",
    responses=WRITE_ERRORS,
)
def dismiss_flag(
    session: DbSession, principal: CurrentPrincipal, flag_id: uuid.UUID, body: DismissIn
) -> DismissalRead:
    return service.dismiss(session, principal, flag_id, body.reason)


@router.put(
    "/students/{student_id}/absence-report",
    response_model=ReportRead,
    summary="Mark that the school informed the municipality of more than 20 unexcused lessons",
    operation_id="indicators_mark_reported",
    responses=WRITE_ERRORS,
)
def mark_reported(
    session: DbSession, principal: CurrentPrincipal, student_id: uuid.UUID, body: ReportIn
) -> ReportRead:
    return service.mark_reported(session, principal, student_id, body)


def _worklist(name: str, summary: str, operation_id: str) -> None:
    def handler(
        session: DbSession,
        principal: CurrentPrincipal,
        page: Pagination,
        semester_id: SemesterQuery = None,
    ) -> JsonBody:
        return JsonBody(service.worklist(session, principal, name, semester_id, page))

    handler.__name__ = operation_id
    router.add_api_route(
        f"/worklists/{name}",
        handler,
        methods=["GET"],
        response_model=Page[WorklistItem],
        summary=summary,
        operation_id=operation_id,
        responses=READ_ERRORS,
    )


_worklist(
    "flagged-without-plan",
    "Students with an open flag and no plan this semester, with the flags",
    "indicators_flagged_without_plan",
)
_worklist(
    "plan-worsening",
    "Students whose plan is active but whose flags rose since it was made",
    "indicators_plan_worsening",
)
_worklist(
    "evaluation-due",
    "Active plans whose semester ends within two weeks or has ended",
    "indicators_evaluation_due",
)


@router.get(
    "/worklists/unexcused-over-limit",
    response_model=Page[UnexcusedItem],
    summary="Students with more than 20 unexcused lessons this semester, and when it was reported",
    operation_id="indicators_unexcused_over_limit",
    responses=READ_ERRORS,
)
def unexcused_over_limit(
    session: DbSession,
    principal: CurrentPrincipal,
    page: Pagination,
    semester_id: SemesterQuery = None,
) -> Page[UnexcusedItem]:
    items, cursor = service.unexcused_list(session, principal, semester_id, page)
    return Page[UnexcusedItem](items=items, next_cursor=cursor)


@router.get(
    "/indicators/counts",
    response_model=CountsRead,
    summary="Per institution: students flagged, flagged without a plan, with a plan",
    operation_id="indicators_counts",
    responses=READ_ERRORS,
)
def counts(
    session: DbSession, principal: CurrentPrincipal, semester_id: SemesterQuery = None
) -> CountsRead:
    return service.counts(session, principal, semester_id)


@router.get(
    "/indicators/rules",
    response_model=RulesRead,
    summary="The thresholds in force: national, the municipality's overrides, and both merged",
    operation_id="indicators_get_rules",
    responses=READ_ERRORS,
)
def get_rules(
    session: DbSession, principal: CurrentPrincipal, municipality_id: uuid.UUID | None = None
) -> RulesRead:
    return service.read_rules(session, principal, municipality_id)


@router.get(
    "/indicators/rules/history",
    response_model=list[RuleSetRead],
    summary="Every version of the national rules or of a municipality's overrides",
    operation_id="indicators_rule_history",
    responses=READ_ERRORS,
)
def rule_history(
    session: DbSession, principal: CurrentPrincipal, municipality_id: uuid.UUID | None = None
) -> list[RuleSetRead]:
    return service.rule_history(session, principal, municipality_id)


@router.put(
    "/indicators/rules",
    response_model=RulesRead,
    summary="Set a new version of the thresholds (IKVD: national; municipality: overrides)",
    description="Every change is a new version, audited; flags are recomputed where it applies.",
    operation_id="indicators_set_rules",
    responses=WRITE_ERRORS,
)
def set_rules(session: DbSession, principal: CurrentPrincipal, body: RulesIn) -> RulesRead:
    return service.set_rules(session, principal, body, None)


@router.get(
    "/students/{student_id}/plan-suggestions",
    response_model=PlanSuggestions,
    summary="The risk factors a student's open flags suggest, each with its evidence",
    operation_id="indicators_plan_suggestions",
    responses=READ_ERRORS,
)
def plan_suggestions(
    session: DbSession,
    principal: CurrentPrincipal,
    student_id: uuid.UUID,
    semester_id: SemesterQuery = None,
) -> PlanSuggestions:
    return service.suggestions(session, principal, student_id, semester_id)


@router.post(
    "/students/{student_id}/plans/from-flags",
    response_model=PlanFromFlagsRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start a draft plan from a student's flags with the factors the teacher confirmed",
    operation_id="indicators_plan_from_flags",
    responses=WRITE_ERRORS,
)
def plan_from_flags(
    session: DbSession, principal: CurrentPrincipal, student_id: uuid.UUID, body: PlanFromFlagsIn
) -> PlanFromFlagsRead:
    return service.plan_from_flags(session, principal, student_id, body)
