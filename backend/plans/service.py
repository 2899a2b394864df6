"""What other domains may ask of the plans domain. The rules themselves live in the plans
modules: ``rules`` (status machine, visibility), ``drafting`` (writing a draft), ``approvals``
(the status changes), ``evaluation``, ``notes`` (notes and history), ``reading`` (plans as
users see them), ``statuses`` (plans as other systems see them) and ``trail`` (version,
history, outbox and audit of every change); ``repository`` holds their SQL."""

from typing import Any

from sqlalchemy import Select

from backend.plans import repository, rules
from backend.plans.models import RiskLevel, SupportPlan
from backend.plans.statuses import status_reads

__all__ = [
    "get_plan",
    "open_plan_columns",
    "readable_plans",
    "sees_restricted",
    "status_reads",
    "students_with_open_plan",
    "students_with_plan_in",
]

readable_plans = repository.readable_plans
get_plan = repository.get_plan  # the plan in the caller's scope, or 404
sees_restricted = rules.sees_restricted
students_with_plan_in = repository.students_with_plan_in


def students_with_open_plan(risk_level: RiskLevel | None = None) -> Select[Any]:
    """Ids of students with an open plan (optionally of this risk level), for the students list."""
    return repository.students_with_plan_of(rules.OPEN, risk_level)


def open_plan_columns(student_id: Any) -> tuple[Any, Any, Any]:
    """Id, status and rated risk level of the student's newest open plan, as columns correlated
    with ``student_id``: the students list reads them in its own statement."""
    return (
        repository.newest_plan_of(rules.OPEN, student_id, SupportPlan.id),
        repository.newest_plan_of(rules.OPEN, student_id, SupportPlan.status),
        repository.newest_plan_of(rules.OPEN, student_id, SupportPlan.risk_level),
    )
