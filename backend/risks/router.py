import uuid

from fastapi import APIRouter, status

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.identity.dependencies import CatalogueRead, CatalogueWrite
from backend.risks import service
from backend.risks.schemas import RiskFactorCreate, RiskFactorRead, RiskFactorUpdate, RiskGroupRead

router = APIRouter(tags=["risks"])


@router.get(
    "/risk-groups",
    response_model=list[RiskGroupRead],
    summary="The four risk groups",
    operation_id="risks_list_groups",
    responses=problem_responses(401, 403),
)
def list_groups(session: DbSession, principal: CatalogueRead) -> list[RiskGroupRead]:
    return [RiskGroupRead.model_validate(g) for g in service.list_groups(session)]


@router.get(
    "/risk-factors",
    response_model=list[RiskFactorRead],
    summary="The risk factor catalogue",
    operation_id="risks_list_factors",
    responses=problem_responses(401, 403, 422),
)
def list_factors(
    session: DbSession,
    principal: CatalogueRead,
    group_id: uuid.UUID | None = None,
    active: bool | None = None,
) -> list[RiskFactorRead]:
    rows = service.list_factors(session, group_id=group_id, active=active)
    return [RiskFactorRead.model_validate(f) for f in rows]


@router.post(
    "/risk-factors",
    response_model=RiskFactorRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a risk factor (IKVD)",
    operation_id="risks_create_factor",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def create_factor(
    session: DbSession, principal: CatalogueWrite, body: RiskFactorCreate
) -> RiskFactorRead:
    return RiskFactorRead.model_validate(service.create_factor(session, principal, body))


@router.get(
    "/risk-factors/{factor_id}",
    response_model=RiskFactorRead,
    summary="Read a risk factor",
    operation_id="risks_get_factor",
    responses=problem_responses(401, 403, 404, 422),
)
def get_factor(
    session: DbSession, principal: CatalogueRead, factor_id: uuid.UUID
) -> RiskFactorRead:
    return RiskFactorRead.model_validate(service.get_factor(session, factor_id))


@router.patch(
    "/risk-factors/{factor_id}",
    response_model=RiskFactorRead,
    summary="Change or retire a risk factor (IKVD)",
    operation_id="risks_update_factor",
    responses=problem_responses(401, 403, 404, 422),
)
def update_factor(
    session: DbSession, principal: CatalogueWrite, factor_id: uuid.UUID, body: RiskFactorUpdate
) -> RiskFactorRead:
    return RiskFactorRead.model_validate(service.update_factor(session, principal, factor_id, body))
