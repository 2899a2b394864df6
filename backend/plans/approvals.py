"""The status machine of a plan: submitting it, the approval chain, evaluation's neighbours
(closing, discontinuing) and the one way every status change is recorded."""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.core.db import utcnow
from backend.core.errors import Conflict, Forbidden
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.plans import drafting, repository, rules, trail
from backend.plans.measures import repository as measures_repository
from backend.plans.models import (
    Approval,
    ApprovalDecision,
    ApprovalStep,
    HistoryKind,
    PlanStatus,
)
from backend.plans.reading import plan_read, plan_status
from backend.plans.repository import PlanView
from backend.plans.schemas import ApproveBody, DiscontinueBody, PlanRead, ReturnBody


def transition(
    session: Session,
    principal: Principal,
    view: PlanView,
    to: PlanStatus,
    *,
    step: ApprovalStep | None = None,
    comment: str | None = None,
    detail: dict[str, Any] | None = None,
) -> PlanRead:
    """Move the plan to ``to``: its version, history entry, outbox event and audit record; the
    plan is read once, and its event is made from that read."""
    plan = view.plan
    before = plan.status
    plan.status = to
    plan.status_changed_at = utcnow()
    kind = HistoryKind.status_changed
    trail.bump(
        session,
        principal,
        view,
        kind,
        changes=[{"field": "status", "old": before.value, "new": to.value}],
        from_status=before,
        step=step,
        comment=comment,
    )
    read = plan_read(session, principal, view)
    event, extra = trail.change_event(kind, "plan.status_changed", before, detail)
    trail.send(session, view, event, plan_status(view, read).model_dump(mode="json") | extra)
    trail.audit(session, principal, AuditAction.update, plan, detail=f"status:{to.value}")
    return read


def submit(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    view = repository.plan_view(session, principal, id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    if principal.user_id != plan.author_id:
        raise Forbidden(msg("plan.submit-by-author"))
    if plan.status not in rules.EDITABLE:
        raise Conflict(msg("plan.submit-not-editable", status=plan.status))
    drafting.ensure_ready(session, view)
    return transition(session, principal, view, PlanStatus.submitted)


def _decide(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    decision: ApprovalDecision,
    comment: str | None,
) -> PlanRead:
    view = repository.plan_view(session, principal, id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    step = rules.awaiting_step(plan.status, view.approval_route)
    if step is None:
        raise Conflict(msg("plan.awaits-no-approval", status=plan.status))
    if not principal.can(rules.STEP_PERMISSION[step]) or principal.user_id is None:
        raise Forbidden(msg("plan.step-not-yours", step=step))
    repository.add(
        session,
        Approval(
            plan_id=plan.id,
            step=step,
            decision=decision,
            approver_id=principal.user_id,
            comment=comment,
        ),
    )
    approved = decision is ApprovalDecision.approved
    to = rules.APPROVED_STATUS[step] if approved else PlanStatus.returned
    return transition(
        session,
        principal,
        view,
        to,
        step=step,
        comment=comment,
        detail={"approval_step": step.value, "decision": decision.value},
    )


def approve(session: Session, principal: Principal, id: uuid.UUID, body: ApproveBody) -> PlanRead:
    return _decide(session, principal, id, ApprovalDecision.approved, body.comment)


def return_plan(
    session: Session, principal: Principal, id: uuid.UUID, body: ReturnBody
) -> PlanRead:
    return _decide(session, principal, id, ApprovalDecision.returned, body.comment)


def plan_in_status(
    session: Session, principal: Principal, id: uuid.UUID, status: PlanStatus, action: str
) -> PlanView:
    view = repository.plan_view(session, principal, id, for_update=True)
    rules.ensure_status(view.plan, status, action)
    return view


def close(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    view = plan_in_status(session, principal, id, PlanStatus.evaluated, "closed")
    # Measures still running end with the plan.
    ended = measures_repository.end_running(session, view.plan.id)
    detail = {"measures_ended": len(ended)} if ended else None
    return transition(session, principal, view, PlanStatus.closed, detail=detail)


def discontinue(
    session: Session, principal: Principal, id: uuid.UUID, body: DiscontinueBody
) -> PlanRead:
    view = plan_in_status(session, principal, id, PlanStatus.active, "discontinued")
    view.plan.discontinue_reason = body.reason
    # A discontinued plan's measures stop with it, as a closed plan's do.
    ended = measures_repository.end_running(session, view.plan.id)
    detail = {"measures_ended": len(ended)} if ended else None
    return transition(
        session, principal, view, PlanStatus.discontinued, comment=body.reason, detail=detail
    )
