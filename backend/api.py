"""The /api/v1 router: every domain's router, plus health checks."""

from fastapi import APIRouter
from sqlalchemy import text

from backend.audit.router import router as audit_router
from backend.auth.router import router as auth_router
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.schemas import Schema
from backend.indicators.router import router as indicators_router
from backend.integrations.router import (
    changes_router,
    clients_router,
    exports_router,
    imports_router,
    webhooks_router,
)
from backend.interventions.router import router as interventions_router
from backend.ngo.router import router as ngo_router
from backend.plans.router import router as plans_router
from backend.plans.router import status_router as plan_status_router
from backend.privacy.router import router as privacy_router
from backend.reports.router import router as reports_router
from backend.risks.router import router as risks_router
from backend.schools.router import router as schools_router
from backend.students.router import router as students_router
from backend.users.router import router as users_router


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
    session.execute(text("SELECT 1"))
    return Health(status="ready")


api_router = APIRouter(prefix="/api/v1")
for router in (
    # Status polls are the most frequent requests: their routes are tried first.
    plan_status_router,
    health_router,
    auth_router,
    schools_router,
    users_router,
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
):
    api_router.include_router(router)
