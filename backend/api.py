"""The /api/v1 router: every domain's router, plus health checks."""

from fastapi import APIRouter

from backend.accounts.router import router as accounts_router
from backend.auditlog.router import router as audit_router
from backend.auth.router import router as auth_router
from backend.core.db import DbSession, ping
from backend.core.errors import problem_responses
from backend.core.schemas import Schema
from backend.documents.router import router as documents_router
from backend.identity.dependencies import use_principal_lookups
from backend.indicators import service as indicators_service
from backend.indicators.router import router as indicators_router
from backend.integrations import service as integrations_service
from backend.integrations.router import (
    changes_router,
    clients_router,
    exports_router,
    imports_router,
    webhooks_router,
)
from backend.ngo.router import router as ngo_router
from backend.notifications.router import router as notifications_router
from backend.plans import service as plans_service
from backend.plans.measures.router import router as interventions_router
from backend.plans.router import router as plans_router
from backend.plans.router import status_router as plan_status_router
from backend.privacy.router import router as privacy_router
from backend.reports.router import router as reports_router
from backend.risks.router import router as risks_router
from backend.schools.router import router as schools_router
from backend.students import service as students_service
from backend.students.router import router as students_router
from backend.users import service as users_service
from backend.users.roles_router import router as roles_router
from backend.users.router import router as users_router

# Identity sits below the domains that own accounts and API clients: they are handed in here.
use_principal_lookups(
    user=users_service.principal_for_token, client=integrations_service.principal_for_token
)
# Students sit below plans and indicators: the students list's plan and flag columns are
# handed in here.
students_service.use_plan_filters(
    students_service.PlanFilters(
        with_open_plan=plans_service.students_with_open_plan,
        with_plan_in=plans_service.students_with_plan_in,
        open_plan=plans_service.open_plan_columns,
        flag_level=indicators_service.flag_level_on,
    )
)


class Health(Schema):
    status: str


health_router = APIRouter(tags=["health"])


@health_router.get(
    "/health",
    response_model=Health,
    summary="The process is up",
    operation_id="health_health",
)
def health() -> Health:
    return Health(status="ok")


@health_router.get(
    "/ready",
    response_model=Health,
    summary="The database answers",
    operation_id="health_ready",
    responses=problem_responses(503),
)
def ready(session: DbSession) -> Health:
    ping(session)
    return Health(status="ready")


api_router = APIRouter(prefix="/api/v1")
for router in (
    # Status polls are the most frequent requests: their routes are tried first.
    plan_status_router,
    health_router,
    auth_router,
    schools_router,
    users_router,
    roles_router,
    students_router,
    risks_router,
    interventions_router,
    plans_router,
    reports_router,
    indicators_router,
    ngo_router,
    audit_router,
    privacy_router,
    clients_router,
    changes_router,
    webhooks_router,
    imports_router,
    exports_router,
    notifications_router,
    documents_router,
    accounts_router,
):
    api_router.include_router(router)
