import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page
from backend.identity.dependencies import CatalogueRead, CatalogueWrite
from backend.plans.dependencies import (
    DeliveriesWrite,
    MeasuresChange,
    MeasuresWrite,
    PlansRead,
    PlansWrite,
)
from backend.plans.measures import deliveries, service
from backend.plans.measures.models import MeasureCategory
from backend.plans.measures.schemas import (
    DeliveryCorrection,
    DeliveryCreate,
    DeliveryRead,
    DeliveryVoid,
    MeasureCreate,
    MeasureListItem,
    MeasureRead,
    MeasureTypeCreate,
    MeasureTypeRead,
    MeasureTypeUpdate,
    MeasureUpdate,
)
from backend.plans.models import PlanStatus

router = APIRouter(tags=["interventions"])


@router.get(
    "/measure-types",
    response_model=list[MeasureTypeRead],
    summary="The catalogue of support measures",
    operation_id="interventions_list_measure_types",
    responses=problem_responses(401, 403, 422),
)
def list_measure_types(
    session: DbSession,
    principal: CatalogueRead,
    category: MeasureCategory | None = None,
    active: bool | None = None,
) -> list[MeasureTypeRead]:
    rows = service.list_measure_types(session, category=category, active=active)
    return [MeasureTypeRead.model_validate(m) for m in rows]


@router.post(
    "/measure-types",
    response_model=MeasureTypeRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a measure type (IKVD)",
    operation_id="interventions_create_measure_type",
    responses=problem_responses(401, 403, 409, 422),
)
def create_measure_type(
    session: DbSession, principal: CatalogueWrite, body: MeasureTypeCreate
) -> MeasureTypeRead:
    return MeasureTypeRead.model_validate(service.create_measure_type(session, principal, body))


@router.get(
    "/measure-types/{measure_type_id}",
    response_model=MeasureTypeRead,
    summary="Read a measure type",
    operation_id="interventions_get_measure_type",
    responses=problem_responses(401, 403, 404, 422),
)
def get_measure_type(
    session: DbSession, principal: CatalogueRead, measure_type_id: uuid.UUID
) -> MeasureTypeRead:
    return MeasureTypeRead.model_validate(service.get_measure_type(session, measure_type_id))


@router.patch(
    "/measure-types/{measure_type_id}",
    response_model=MeasureTypeRead,
    summary="Change or retire a measure type (IKVD)",
    operation_id="interventions_update_measure_type",
    responses=problem_responses(401, 403, 404, 422),
)
def update_measure_type(
    session: DbSession,
    principal: CatalogueWrite,
    measure_type_id: uuid.UUID,
    body: MeasureTypeUpdate,
) -> MeasureTypeRead:
    row = service.update_measure_type(session, principal, measure_type_id, body)
    return MeasureTypeRead.model_validate(row)


@router.get(
    "/plans/{plan_id}/measures",
    response_model=list[MeasureRead],
    summary="A plan's measures, with planned against delivered totals",
    operation_id="interventions_list_measures",
    responses=problem_responses(401, 403, 404, 422),
)
def list_measures(
    session: DbSession, principal: PlansRead, plan_id: uuid.UUID
) -> list[MeasureRead]:
    return service.list_measures(session, principal, plan_id)


@router.post(
    "/plans/{plan_id}/measures",
    response_model=MeasureRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a measure to a draft or returned plan",
    operation_id="interventions_add_measure",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def add_measure(
    session: DbSession, principal: PlansWrite, plan_id: uuid.UUID, body: MeasureCreate
) -> MeasureRead:
    return service.add_measure(session, principal, plan_id, body)


@router.get(
    "/measures",
    response_model=Page[MeasureListItem],
    summary="Measures of the plans in scope, with their plan (e.g. the ones the caller runs)",
    operation_id="interventions_list_measures_in_scope",
    responses=problem_responses(401, 403, 422),
)
def list_measures_in_scope(
    session: DbSession,
    principal: PlansRead,
    page: Pagination,
    responsible: Annotated[
        Literal["me"] | None,
        Query(description="`me`: only measures the caller is the responsible staff member of"),
    ] = None,
    plan_status: PlanStatus | None = None,
    running: Annotated[
        bool | None, Query(description="true: planned or in progress; false: done or cancelled")
    ] = None,
) -> Page[MeasureListItem]:
    rows, cursor = service.list_measures_in_scope(
        session,
        principal,
        page,
        responsible_me=responsible == "me",
        plan_status=plan_status,
        running=running,
    )
    return Page(items=rows, next_cursor=cursor)


@router.patch(
    "/measures/{measure_id}",
    response_model=MeasureRead,
    summary="Change a measure (on active plans its status, or its planned amount by the "
    "director with a reason)",
    operation_id="interventions_update_measure",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def update_measure(
    session: DbSession, principal: MeasuresChange, measure_id: uuid.UUID, body: MeasureUpdate
) -> MeasureRead:
    return service.update_measure(session, principal, measure_id, body)


@router.post(
    "/measures/{measure_id}/cancel",
    response_model=MeasureRead,
    summary="Cancel a measure",
    operation_id="interventions_cancel_measure",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def cancel_measure(
    session: DbSession, principal: MeasuresWrite, measure_id: uuid.UUID
) -> MeasureRead:
    return service.cancel_measure(session, principal, measure_id)


@router.get(
    "/measures/{measure_id}/deliveries",
    response_model=list[DeliveryRead],
    summary="The delivery log of a measure",
    operation_id="interventions_list_deliveries",
    responses=problem_responses(401, 403, 404, 422),
)
def list_deliveries(
    session: DbSession, principal: PlansRead, measure_id: uuid.UUID
) -> list[DeliveryRead]:
    return deliveries.list_deliveries(session, principal, measure_id)


@router.post(
    "/measures/{measure_id}/deliveries",
    response_model=DeliveryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Log a consultation held or a compensation paid (active plans only)",
    operation_id="interventions_log_delivery",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def log_delivery(
    session: DbSession, principal: DeliveriesWrite, measure_id: uuid.UUID, body: DeliveryCreate
) -> DeliveryRead:
    return deliveries.log_delivery(session, principal, measure_id, body)


@router.post(
    "/deliveries/{delivery_id}/correct",
    response_model=DeliveryRead,
    summary="Correct a delivery, with the reason (its author or the school coordinator, within "
    "the semester); the plan's history keeps the old and the new values",
    operation_id="interventions_correct_delivery",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def correct_delivery(
    session: DbSession,
    principal: DeliveriesWrite,
    delivery_id: uuid.UUID,
    body: DeliveryCorrection,
) -> DeliveryRead:
    return deliveries.correct_delivery(session, principal, delivery_id, body)


@router.post(
    "/deliveries/{delivery_id}/void",
    response_model=DeliveryRead,
    summary="Void a delivery recorded by mistake, with the reason: it stays in the log, marked, "
    "and counts nowhere",
    operation_id="interventions_void_delivery",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def void_delivery(
    session: DbSession, principal: DeliveriesWrite, delivery_id: uuid.UUID, body: DeliveryVoid
) -> DeliveryRead:
    return deliveries.void_delivery(session, principal, delivery_id, body)
