"""SQL the demo loaders read: what earlier loaders made and the catalogues."""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.plans.measures.models import MeasureType
from backend.plans.models import PlanHistoryEntry, PlanStatus, SupportPlan
from backend.risks.models import RiskFactor
from backend.students.models import Consent
from backend.users.models import RoleAssignment, User


def any_user(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def measure_type_ids(session: Session) -> dict[str, uuid.UUID]:
    return {t.code: t.id for t in session.scalars(select(MeasureType))}


def risk_factor_ids(session: Session) -> dict[str, uuid.UUID]:
    return {f.code: f.id for f in session.scalars(select(RiskFactor))}


def first_assignment_of(session: Session, user_id: uuid.UUID) -> RoleAssignment | None:
    return session.scalar(select(RoleAssignment).where(RoleAssignment.user_id == user_id))


def consenting(session: Session, student_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    stmt = select(Consent.student_id).where(Consent.student_id.in_(student_ids))
    return set(session.scalars(stmt))


def first_consent_of(session: Session, student_id: uuid.UUID) -> Consent | None:
    return session.scalar(select(Consent).where(Consent.student_id == student_id).limit(1))


def backdate_activation(session: Session, plan_id: uuid.UUID, at: datetime) -> None:
    """Date the plan's becoming active at ``at``, as if it had been approved then."""
    entries = session.scalars(
        select(PlanHistoryEntry).where(
            PlanHistoryEntry.plan_id == plan_id, PlanHistoryEntry.to_status == PlanStatus.active
        )
    )
    for entry in entries:
        entry.at = at
    plan = session.get(SupportPlan, plan_id)
    assert plan is not None
    plan.status_changed_at = at
    session.flush()
