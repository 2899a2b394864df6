import uuid

from fastapi import APIRouter, status

from backend.auth.dependencies import CatalogueRead, CatalogueWrite
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.interventions import service
from backend.interventions.models import MeasureCategory
from backend.interventions.schemas import MeasureTypeCreate, MeasureTypeRead, MeasureTypeUpdate

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
