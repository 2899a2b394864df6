"""The trail of every change of a plan: its version, its history entry, its one outbox event
and its audit record."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.db import utcnow
from backend.events import service as events
from backend.identity.principal import Principal
from backend.plans import repository
from backend.plans.models import (
    ApprovalStep,
    HistoryKind,
    PlanHistoryEntry,
    PlanStatus,
    SupportPlan,
)
from backend.plans.repository import PlanView
from backend.plans.repository import statuses as status_repository
from backend.plans.schemas import PlanStatusRead, SemesterRef

PLAN = ResourceType.support_plan


def status_read(view: PlanView, counts: tuple[int, int]) -> PlanStatusRead:
    """The plan as other systems see it; ``counts``: (measures not cancelled, deliveries)."""
    p = view.plan
    return PlanStatusRead(
        plan_id=p.id,
        plan_code=p.code,
        status=p.status,
        status_changed_at=p.status_changed_at,
        semester=SemesterRef(
            id=view.semester.id, school_year=view.year.name, number=view.semester.number
        ),
        institution_id=p.institution_id,
        risk_level=p.risk_level,
        measures_planned=counts[0],
        deliveries_count=counts[1],
        version=p.version,
        updated_at=p.updated_at,
    )


def bump(
    session: Session,
    principal: Principal,
    view: PlanView,
    kind: HistoryKind,
    *,
    changes: Sequence[dict[str, Any]] = (),
    from_status: PlanStatus | None = None,
    step: ApprovalStep | None = None,
    comment: str | None = None,
) -> None:
    """Bump the plan's version and write its history entry."""
    plan = view.plan
    plan.version += 1
    plan.updated_at = utcnow()
    repository.add(
        session,
        PlanHistoryEntry(
            plan_id=plan.id,
            actor_user_id=principal.user_id,
            actor_role=principal.role.value,
            kind=kind,
            from_status=from_status,
            to_status=plan.status if from_status is not None else None,
            approval_step=step,
            changes=list(changes),
            comment=comment,
        ),
    )


def emit(
    session: Session,
    view: PlanView,
    type: str,
    extra: dict[str, Any],
    counts: tuple[int, int] | None = None,
) -> None:
    """The plan's one outbox event of this change. ``counts`` (measures not cancelled,
    deliveries) when the caller has them; otherwise they are counted."""
    if counts is None:
        counts = status_repository.payload_counts(session, view.plan.id)
    send(session, view, type, status_read(view, counts).model_dump(mode="json") | extra)


def send(session: Session, view: PlanView, type: str, payload: dict[str, Any]) -> None:
    """Write the plan's outbox event with this payload."""
    plan = view.plan
    events.emit(
        session,
        type,
        PLAN,
        plan.id,
        plan.code,
        payload,
        plan.institution_id,
        view.municipality_id,
    )


def change_event(
    kind: HistoryKind,
    event: str,
    from_status: PlanStatus | None,
    detail: dict[str, Any] | None,
) -> tuple[str, dict[str, Any]]:
    """The outbox event type and the payload's extra fields of a change."""
    extra = {"change": kind.value, **(detail or {})}
    if from_status is not None:
        return "plan.status_changed", extra | {"from_status": from_status.value}
    return event, extra


def record_change(
    session: Session,
    principal: Principal,
    view: PlanView,
    kind: HistoryKind,
    event: str,
    *,
    changes: Sequence[dict[str, Any]] = (),
    detail: dict[str, Any] | None = None,
    comment: str | None = None,
) -> None:
    """Bump the plan's version, and write its history entry (with the reason of a correction
    as its comment) and its one outbox event."""
    bump(session, principal, view, kind, changes=changes, comment=comment)
    emit(session, view, *change_event(kind, event, None, detail))


def audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    plan: SupportPlan,
    resource_type: ResourceType = PLAN,
    resource_id: object | None = None,
    detail: str | None = None,
) -> None:
    audit_service.record(
        session,
        principal,
        action,
        resource_type,
        resource_id if resource_id is not None else plan.id,
        student_id=plan.student_id,
        institution_id=plan.institution_id,
        detail=detail,
    )
