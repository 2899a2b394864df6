"""The rules of support plans that need no database: the approval route, who may do what with a
plan in which status, what each role sees, and the overall risk level."""

from collections.abc import Sequence
from datetime import date, timedelta

from backend.core.config import get_settings
from backend.core.errors import Conflict, Forbidden, PreconditionFailed
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.identity.roles import Permission, Role
from backend.plans.models import ApprovalStep, PlanAction, PlanStatus, RiskLevel, SupportPlan
from backend.schools.models import ApprovalRoute

EDITABLE = (PlanStatus.draft, PlanStatus.returned)
LEVEL_ORDER = {RiskLevel.low: 1, RiskLevel.medium: 2, RiskLevel.high: 3}
STEP_PERMISSION = {
    ApprovalStep.school: Permission.plans_approve_school,
    ApprovalStep.municipality: Permission.plans_approve_municipality,
    ApprovalStep.national: Permission.plans_approve_national,
}
APPROVED_STATUS = {
    ApprovalStep.school: PlanStatus.approved_school,
    ApprovalStep.municipality: PlanStatus.approved_municipality,
    ApprovalStep.national: PlanStatus.active,
}
# Plans that are still open: being written, in approval, running, or evaluated but not closed.
OPEN = [s for s in PlanStatus if s not in (PlanStatus.closed, PlanStatus.discontinued)]
# Statuses a plan has once it has been evaluated (and so has an evaluation).
EVALUATED = (PlanStatus.evaluated, PlanStatus.closed)


def awaiting_step(status: PlanStatus, route: ApprovalRoute) -> ApprovalStep | None:
    """The approval step a plan in ``status`` waits for; the state route skips the municipality."""
    match status:
        case PlanStatus.submitted:
            return ApprovalStep.school
        case PlanStatus.approved_school:
            if route is ApprovalRoute.state:
                return ApprovalStep.national
            return ApprovalStep.municipality
        case PlanStatus.approved_municipality:
            return ApprovalStep.national
        case _:
            return None


def steps_of(principal: Principal) -> list[ApprovalStep]:
    """The approval steps the caller's role takes."""
    return [step for step, permission in STEP_PERMISSION.items() if principal.can(permission)]


def sees_restricted(principal: Principal, plan: SupportPlan) -> bool:
    """Restricted notes and sensitive factors: the author, support specialists, the director."""
    if principal.user_id is not None and principal.user_id == plan.author_id:
        return True
    return principal.can(Permission.notes_restricted)


def evaluation_opens_on(semester_ends_on: date) -> date:
    """The first day of a semester's evaluation window (``PUMPURS_EVALUATION_WINDOW_DAYS``)."""
    return semester_ends_on - timedelta(days=get_settings().evaluation_window_days)


def evaluates_sensitive(principal: Principal) -> bool:
    """Sensitive factors are evaluated by those who may see them: the support specialist or the
    director of the school."""
    return principal.user_id is not None and principal.can(Permission.notes_restricted)


def allowed_actions(
    principal: Principal, plan: SupportPlan, step: ApprovalStep | None
) -> list[PlanAction]:
    """What the caller may do with the plan now: the status machine seen from their role. Each
    action still checks its own rules (consent, measures, versions) when it is taken."""
    if plan.status is PlanStatus.closed:
        return []
    actions: list[PlanAction] = []
    is_author = principal.user_id is not None and principal.user_id == plan.author_id
    if plan.status in EDITABLE and is_author and principal.can(Permission.plans_write):
        actions += [PlanAction.edit, PlanAction.submit]
        if plan.status is PlanStatus.draft:
            actions.append(PlanAction.delete)
    if step is not None and principal.user_id is not None and principal.can(STEP_PERMISSION[step]):
        actions += [PlanAction.approve, PlanAction.return_]
    if plan.status is PlanStatus.active:
        if principal.can(Permission.deliveries_write):
            actions.append(PlanAction.log_delivery)
        if principal.can(Permission.plans_evaluate):
            actions += [PlanAction.evaluate, PlanAction.discontinue]
        if principal.role is Role.school_director:
            actions.append(PlanAction.change_amounts)
    if plan.status is PlanStatus.evaluated and principal.can(Permission.plans_evaluate):
        actions.append(PlanAction.close)
    if plan.status is PlanStatus.evaluated and evaluates_sensitive(principal):
        actions.append(PlanAction.evaluate_sensitive)
    if principal.user_id is not None and principal.can(Permission.notes_write):
        actions.append(PlanAction.add_note)
        if sees_restricted(principal, plan):
            actions.append(PlanAction.add_restricted_note)
    return actions


def overall_level(levels: Sequence[RiskLevel], override: RiskLevel | None) -> RiskLevel | None:
    if override is not None:
        return override
    return max(levels, key=LEVEL_ORDER.__getitem__) if levels else None


# --- guards --------------------------------------------------------------------------------------


def ensure_writable(plan: SupportPlan) -> None:
    if plan.status is PlanStatus.closed:
        raise Conflict(msg("plan.closed"))


def ensure_author_may_edit(principal: Principal, plan: SupportPlan) -> None:
    ensure_writable(plan)
    if principal.user_id is None or principal.user_id != plan.author_id:
        raise Forbidden(msg("plan.change-by-author"))
    if plan.status not in EDITABLE:
        raise Conflict(msg("plan.not-editable", status=plan.status))


def check_version(plan: SupportPlan, expected: int) -> None:
    if plan.version != expected:
        raise PreconditionFailed(msg("plan.version-changed", version=plan.version))


def ensure_status(plan: SupportPlan, status: PlanStatus, action: str) -> None:
    ensure_writable(plan)
    if plan.status is not status:
        raise Conflict(
            msg(
                "plan.wrong-status", required=status, action=PlanStatus(action), current=plan.status
            )
        )
