"""Evaluating an active plan, and continuing it into the next semester."""

import uuid

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.core.db import local_today
from backend.core.errors import Conflict, Forbidden, InvalidInput
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.plans import drafting, repository, rules, trail
from backend.plans.approvals import plan_in_status, transition
from backend.plans.measures import repository as measures_repository
from backend.plans.models import (
    Evaluation,
    HistoryKind,
    PlanStatus,
    RatedFactor,
    RiskLevel,
)
from backend.plans.reading import plan_read
from backend.plans.repository import PlanView
from backend.plans.schemas import EvaluationIn, PlanRead, SensitiveLevelsIn


def _check_window(view: PlanView, early_reason: str | None) -> None:
    """The evaluation opens in the last weeks of the semester; earlier only with a reason."""
    opens = rules.evaluation_opens_on(view.semester.ends_on)
    if local_today() < opens and not early_reason:
        raise InvalidInput.field(
            ["body", "early_reason"],
            msg("plan.evaluation-early", date=opens),
        )


def evaluate(session: Session, principal: Principal, id: uuid.UUID, data: EvaluationIn) -> PlanRead:
    view = plan_in_status(session, principal, id, PlanStatus.active, "evaluated")
    plan = view.plan
    _check_window(view, data.early_reason)
    rows = repository.rated_factors_of(session, plan.id)
    rated = {r.risk_factor_id: r for r, _, _ in rows}
    sensitive = {r.risk_factor_id for r, f, _ in rows if f.sensitive}
    sees = rules.sees_restricted(principal, plan)
    after: dict[uuid.UUID, RiskLevel | None] = {}
    for i, level in enumerate(data.levels_after):
        loc: list[str | int] = ["body", "levels_after", i, "risk_factor_id"]
        if level.risk_factor_id not in rated:
            raise InvalidInput.field(loc, msg("plan.factor-not-rated"))
        if level.risk_factor_id in sensitive and not sees:
            raise InvalidInput.field(loc, msg("plan.sensitive-by-specialist"))
        after[level.risk_factor_id] = level.level_after
    if principal.user_id is None:
        raise Forbidden(msg("plan.evaluate-by-staff"))
    evaluation = Evaluation(
        plan_id=plan.id,
        outcome=data.outcome,
        continue_next=data.continue_next,
        narrative=data.narrative,
        evaluated_by_id=principal.user_id,
        early_reason=data.early_reason,
    )
    repository.add_evaluation(session, evaluation, {f: after.get(f) for f in rated})
    read = transition(
        session,
        principal,
        view,
        PlanStatus.evaluated,
        detail={"outcome": data.outcome.value, "continue_next": data.continue_next},
        comment=data.early_reason,
    )
    if data.continue_next:
        successor = _continue(session, principal, view, rated, after)
        read = read.model_copy(update={"next_plan_id": successor.plan.id})
    return read


def _continue(
    session: Session,
    principal: Principal,
    view: PlanView,
    rated: dict[uuid.UUID, RatedFactor],
    after: dict[uuid.UUID, RiskLevel | None],
) -> PlanView:
    """A new draft for the next semester with the risks and the unfinished measures copied."""
    plan = view.plan
    following = repository.next_semester(session, view.semester, view.year)
    if following is None:
        raise Conflict(msg("plan.no-next-semester"))
    next_year = repository.school_year(session, following.school_year_id)
    assert next_year is not None
    successor = drafting.new_plan(
        session,
        principal,
        student_id=plan.student_id,
        institution_id=plan.institution_id,
        semester=following,
        year=next_year,
        author_id=plan.author_id,
        goals=plan.goals,
        previous_plan_id=plan.id,
    )
    levels = []
    copies = []
    for factor_id, row in rated.items():
        level = after.get(factor_id) or row.level
        levels.append(level)
        copies.append(
            RatedFactor(
                plan_id=successor.plan.id, risk_factor_id=factor_id, level=level, note=row.note
            )
        )
    repository.add(session, *copies)
    if view.assessment is not None and successor.assessment is not None:
        successor.assessment.protective_factors = view.assessment.protective_factors
    successor.plan.risk_level = rules.overall_level(levels, None)
    measures_repository.copy_unfinished(
        session, plan.id, successor.plan.id, following.starts_on, following.ends_on
    )
    repository.flush(session)
    drafting.created(session, principal, successor)
    return successor


def set_sensitive_levels(
    session: Session, principal: Principal, id: uuid.UUID, data: SensitiveLevelsIn
) -> PlanRead:
    """The support specialist or the director records the levels after the semester of the
    plan's sensitive factors, which the evaluating coordinator may not see."""
    if not rules.evaluates_sensitive(principal):
        raise Forbidden(msg("plan.sensitive-by-specialist"))
    view = plan_in_status(session, principal, id, PlanStatus.evaluated, "evaluated")
    plan = view.plan
    rows = repository.rated_factors_of(session, plan.id)
    sensitive = {r.risk_factor_id: r for r, f, _ in rows if f.sensitive}
    found = repository.evaluation_of(session, plan.id)
    assert found is not None
    levels = {lv.risk_factor_id: lv for lv, _ in found[1]}
    changes = []
    for i, level in enumerate(data.levels_after):
        if level.risk_factor_id not in sensitive:
            raise InvalidInput.field(
                ["body", "levels_after", i, "risk_factor_id"],
                msg("plan.not-sensitive-factor"),
            )
        row = levels[level.risk_factor_id]
        if row.level_after != level.level_after:
            changes.append(
                {
                    "field": "evaluation.level_after",
                    "old": row.level_after.value if row.level_after else None,
                    "new": level.level_after.value if level.level_after else None,
                    "sensitive": True,
                }
            )
            row.level_after = level.level_after
    repository.flush(session)
    if changes:
        trail.record_change(
            session, principal, view, HistoryKind.updated, "plan.updated", changes=changes
        )
    trail.audit(session, principal, AuditAction.update, plan, detail="evaluation:sensitive")
    return plan_read(session, principal, view)
