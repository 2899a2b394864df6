import uuid
from collections.abc import Callable
from typing import Annotated, Any

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

from backend.core.db import DbSession, ReadOnlyTransaction
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import MAX_SEQUENCE, Page
from backend.identity.limits import RateLimited
from backend.identity.principal import Principal
from backend.integrations import exports, feed, imports, service, webhook_admin, webhooks
from backend.integrations.dependencies import (
    ApiClientsManage,
    ChangesRead,
    PlanStatusesExport,
    StudentsExport,
    StudentsImport,
    WebhooksManage,
)
from backend.integrations.models import DeliveryStatus, WebhookSubscription
from backend.integrations.schemas import (
    ApiClientCreate,
    ApiClientRead,
    ApiClientWithSecret,
    ChangeFeed,
    DeliveryRead,
    ImportJobRead,
    ImportResult,
    WebhookAdminRead,
    WebhookCreate,
    WebhookRead,
    WebhookReplay,
    WebhookReplayResult,
    WebhookUpdate,
    WebhookWithSecret,
)

clients_router = APIRouter(prefix="/api-clients", tags=["api-clients"])

READ_ERRORS = problem_responses(401, 403, 404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


@clients_router.get(
    "",
    response_model=Page[ApiClientRead],
    summary="List API clients in the caller's scope, with their last use",
    operation_id="api_clients_list_clients",
    responses=READ_ERRORS,
)
def list_clients(
    session: DbSession, principal: ApiClientsManage, page: Pagination
) -> Page[ApiClientRead]:
    rows, cursor = service.list_clients(session, principal, page)
    return Page(items=[ApiClientRead.model_validate(c) for c in rows], next_cursor=cursor)


@clients_router.post(
    "",
    response_model=ApiClientWithSecret,
    status_code=status.HTTP_201_CREATED,
    summary="Create an API client (the secret is shown only in this answer)",
    operation_id="api_clients_create_client",
    responses=WRITE_ERRORS,
)
def create_client(
    session: DbSession, principal: ApiClientsManage, body: ApiClientCreate
) -> ApiClientWithSecret:
    return service.create_client(session, principal, body)


@clients_router.get(
    "/{id}",
    response_model=ApiClientRead,
    summary="Read an API client",
    operation_id="api_clients_get_client",
    responses=READ_ERRORS,
)
def get_client(session: DbSession, principal: ApiClientsManage, id: uuid.UUID) -> ApiClientRead:
    return ApiClientRead.model_validate(service.get_client(session, principal, id))


@clients_router.post(
    "/{id}/rotate-secret",
    response_model=ApiClientWithSecret,
    summary="Replace the client's secret (the new one is shown only in this answer)",
    operation_id="api_clients_rotate_secret",
    responses=WRITE_ERRORS,
)
def rotate_secret(
    session: DbSession, principal: ApiClientsManage, id: uuid.UUID
) -> ApiClientWithSecret:
    return service.rotate_secret(session, principal, id)


@clients_router.post(
    "/{id}/revoke",
    response_model=ApiClientRead,
    summary="Revoke a client: its secret and its tokens stop working",
    operation_id="api_clients_revoke_client",
    responses=WRITE_ERRORS,
)
def revoke_client(session: DbSession, principal: ApiClientsManage, id: uuid.UUID) -> ApiClientRead:
    return ApiClientRead.model_validate(service.revoke_client(session, principal, id))


# --- a client's webhooks, as administrators see them ----------------------------------------------


@clients_router.get(
    "/{id}/webhooks",
    response_model=list[WebhookAdminRead],
    summary="The client's webhook subscriptions with their deliveries, failures and lag",
    operation_id="api_clients_list_client_webhooks",
    responses=READ_ERRORS,
)
def list_client_webhooks(
    session: DbSession, principal: ApiClientsManage, id: uuid.UUID
) -> list[WebhookAdminRead]:
    return webhook_admin.list_subscriptions(session, principal, id)


@clients_router.get(
    "/{id}/webhooks/{webhook_id}",
    response_model=WebhookAdminRead,
    summary="One webhook subscription of the client, with its deliveries, failures and lag",
    operation_id="api_clients_get_client_webhook",
    responses=READ_ERRORS,
)
def get_client_webhook(
    session: DbSession, principal: ApiClientsManage, id: uuid.UUID, webhook_id: uuid.UUID
) -> WebhookAdminRead:
    return webhook_admin.get_subscription(session, principal, id, webhook_id)


@clients_router.get(
    "/{id}/webhooks/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="The delivery log of a client's subscription, newest event first",
    operation_id="api_clients_list_client_webhook_deliveries",
    responses=READ_ERRORS,
)
def list_client_webhook_deliveries(
    session: DbSession,
    principal: ApiClientsManage,
    id: uuid.UUID,
    webhook_id: uuid.UUID,
    page: Pagination,
    status: DeliveryStatus | None = None,
) -> Page[DeliveryRead]:
    rows, cursor = webhook_admin.list_deliveries(session, principal, id, webhook_id, status, page)
    return Page(items=[DeliveryRead.model_validate(r) for r in rows], next_cursor=cursor)


@clients_router.post(
    "/{id}/webhooks/{webhook_id}/pause",
    response_model=WebhookAdminRead,
    summary="Pause deliveries to the subscription (events keep their place in the queue)",
    operation_id="api_clients_pause_client_webhook",
    responses=WRITE_ERRORS,
)
def pause_client_webhook(
    session: DbSession, principal: ApiClientsManage, id: uuid.UUID, webhook_id: uuid.UUID
) -> WebhookAdminRead:
    return webhook_admin.set_active(session, principal, id, webhook_id, active=False)


@clients_router.post(
    "/{id}/webhooks/{webhook_id}/resume",
    response_model=WebhookAdminRead,
    summary="Resume deliveries, including the events that occurred while paused",
    operation_id="api_clients_resume_client_webhook",
    responses=WRITE_ERRORS,
)
def resume_client_webhook(
    session: DbSession, principal: ApiClientsManage, id: uuid.UUID, webhook_id: uuid.UUID
) -> WebhookAdminRead:
    return webhook_admin.set_active(session, principal, id, webhook_id, active=True)


@clients_router.post(
    "/{id}/webhooks/{webhook_id}/replay",
    response_model=WebhookReplayResult,
    summary="Deliver the subscription's events again from a sequence number, in order",
    operation_id="api_clients_replay_client_webhook",
    responses=WRITE_ERRORS,
)
def replay_client_webhook(
    session: DbSession,
    principal: ApiClientsManage,
    id: uuid.UUID,
    webhook_id: uuid.UUID,
    body: WebhookReplay,
) -> WebhookReplayResult:
    return webhook_admin.replay(session, principal, id, webhook_id, body)


# --- change feed ---------------------------------------------------------------------------------

changes_router = APIRouter(prefix="/changes", tags=["changes"])


@changes_router.get(
    "",
    response_model=ChangeFeed,
    summary="Events after a sequence number, oldest first (the change feed)",
    operation_id="changes_list_changes",
    responses=problem_responses(401, 403, 422, 429),
)
def list_changes(
    session: DbSession,
    principal: ChangesRead,
    _limited: RateLimited,
    after: Annotated[
        int, Query(ge=0, le=MAX_SEQUENCE, description="The last sequence number seen")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=feed.MAX_LIMIT)] = 100,
) -> ChangeFeed:
    return feed.changes(session, principal, after=after, limit=limit)


# --- webhooks ------------------------------------------------------------------------------------

webhooks_router = APIRouter(prefix="/webhooks", tags=["webhooks"])


def _webhook_read(row: WebhookSubscription) -> WebhookRead:
    return WebhookRead.model_validate(row)


@webhooks_router.get(
    "",
    response_model=Page[WebhookRead],
    summary="List the calling API client's webhook subscriptions",
    operation_id="webhooks_list_webhooks",
    responses=READ_ERRORS | problem_responses(429),
)
def list_webhooks(
    session: DbSession, principal: WebhooksManage, _limited: RateLimited, page: Pagination
) -> Page[WebhookRead]:
    rows, cursor = webhooks.list_subscriptions(session, principal, page)
    return Page(items=[_webhook_read(w) for w in rows], next_cursor=cursor)


@webhooks_router.post(
    "",
    response_model=WebhookWithSecret,
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe a URL to events (the signing secret is shown only in this answer)",
    operation_id="webhooks_create_webhook",
    responses=WRITE_ERRORS | problem_responses(429),
)
def create_webhook(
    session: DbSession, principal: WebhooksManage, _limited: RateLimited, body: WebhookCreate
) -> WebhookWithSecret:
    return webhooks.create_subscription(session, principal, body)


@webhooks_router.get(
    "/{id}",
    response_model=WebhookRead,
    summary="Read a webhook subscription",
    operation_id="webhooks_get_webhook",
    responses=READ_ERRORS | problem_responses(429),
)
def get_webhook(
    session: DbSession, principal: WebhooksManage, _limited: RateLimited, id: uuid.UUID
) -> WebhookRead:
    return _webhook_read(webhooks.get_subscription(session, principal, id))


@webhooks_router.patch(
    "/{id}",
    response_model=WebhookRead,
    summary="Change the event types of a subscription, or pause and resume it",
    operation_id="webhooks_update_webhook",
    responses=WRITE_ERRORS | problem_responses(429),
)
def update_webhook(
    session: DbSession,
    principal: WebhooksManage,
    _limited: RateLimited,
    id: uuid.UUID,
    body: WebhookUpdate,
) -> WebhookRead:
    return _webhook_read(webhooks.update_subscription(session, principal, id, body))


@webhooks_router.delete(
    "/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="End a subscription (its delivery log stays readable)",
    operation_id="webhooks_delete_webhook",
    responses=WRITE_ERRORS | problem_responses(429),
)
def delete_webhook(
    session: DbSession, principal: WebhooksManage, _limited: RateLimited, id: uuid.UUID
) -> Response:
    webhooks.delete_subscription(session, principal, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@webhooks_router.get(
    "/{id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="The delivery log of a subscription, newest event first",
    operation_id="webhooks_list_deliveries",
    responses=READ_ERRORS | problem_responses(429),
)
def list_deliveries(
    session: DbSession,
    principal: WebhooksManage,
    _limited: RateLimited,
    id: uuid.UUID,
    page: Pagination,
) -> Page[DeliveryRead]:
    rows, cursor = webhooks.list_deliveries(session, principal, id, page)
    return Page(items=[DeliveryRead.model_validate(r) for r in rows], next_cursor=cursor)


# --- bulk import ---------------------------------------------------------------------------------

imports_router = APIRouter(prefix="/imports", tags=["imports"])

ImportRunner = Callable[[Principal, imports.Prepared], None]


def import_runner(background: BackgroundTasks) -> ImportRunner:
    """Write a checked file after the answer is sent, on a worker thread with its own session."""

    def schedule(principal: Principal, prepared: imports.Prepared) -> None:
        background.add_task(
            imports.run_in_own_session, principal, prepared.job.id, prepared.students
        )

    return schedule


@imports_router.post(
    "/students",
    response_model=ImportJobRead | ImportResult,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Import students with enrollments and guardians from CSV (or check it: dry_run)",
    description=(
        "A dry run (200) lists every problem with its row and column and writes nothing. "
        "A real run refuses a file with any problem (422); otherwise it answers 202 with an "
        "import job to poll, and writes all rows in one transaction or none."
    ),
    operation_id="imports_import_students",
    responses=problem_responses(401, 403, 404, 413, 422),
)
def import_students(
    session: DbSession,
    principal: StudentsImport,
    runner: Annotated[ImportRunner, Depends(import_runner)],
    response: Response,
    file: Annotated[UploadFile, File(description="CSV, UTF-8, separated by ';' or ','")],
    institution_id: Annotated[uuid.UUID, Form()],
    dry_run: Annotated[bool, Form()] = False,
) -> ImportJobRead | ImportResult:
    data = file.file.read()
    if dry_run:
        response.status_code = status.HTTP_200_OK
        return imports.dry_run(session, principal, institution_id, data)
    prepared = imports.start(session, principal, institution_id, data, file.filename)
    runner(principal, prepared)
    response.headers["Location"] = f"/api/v1/imports/{prepared.job.id}"
    return imports.job_read(prepared.job)


@imports_router.get(
    "/{id}",
    response_model=ImportJobRead,
    summary="The progress and outcome of an import job",
    operation_id="imports_get_import",
    responses=READ_ERRORS,
    dependencies=[ReadOnlyTransaction],
)
def get_import(session: DbSession, principal: StudentsImport, id: uuid.UUID) -> ImportJobRead:
    return imports.read_job(session, principal, id)


# --- exports -------------------------------------------------------------------------------------

exports_router = APIRouter(prefix="/exports", tags=["exports"])

_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV, UTF-8, separated by ';'"}
}


def _csv_response(body: str, kind: str) -> Response:
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{exports.file_name(kind)}"',
            "Cache-Control": "no-store",
        },
    )


@exports_router.get(
    "/students.csv",
    response_class=Response,
    summary="Students in scope as CSV (each one audited as an export)",
    operation_id="exports_export_students",
    responses=_CSV | READ_ERRORS,
)
def export_students(
    session: DbSession, principal: StudentsExport, institution_id: uuid.UUID | None = None
) -> Response:
    return _csv_response(exports.students_csv(session, principal, institution_id), "students")


@exports_router.get(
    "/plan-statuses.csv",
    response_class=Response,
    summary="Plan statuses in scope as CSV (codes and counts only)",
    operation_id="exports_export_plan_statuses",
    responses=_CSV | READ_ERRORS | problem_responses(429),
)
def export_plan_statuses(
    session: DbSession,
    principal: PlanStatusesExport,
    _limited: RateLimited,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
) -> Response:
    body = exports.plan_statuses_csv(
        session, principal, institution_id=institution_id, semester_id=semester_id
    )
    return _csv_response(body, "plan-statuses")
