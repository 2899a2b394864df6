"""Individual support plans (IAP): the plan, its risk assessment, approvals, evaluation, notes
and history."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type, utcnow
from backend.risks.models import RiskLevel as RiskLevel


class PlanStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved_school = "approved_school"
    approved_municipality = "approved_municipality"
    returned = "returned"
    active = "active"
    evaluated = "evaluated"
    closed = "closed"
    discontinued = "discontinued"


class ApprovalStep(StrEnum):
    school = "school"
    municipality = "municipality"
    national = "national"


class PlanAction(StrEnum):
    """What a caller may do with a plan, as the plan read tells them."""

    edit = "edit"
    submit = "submit"
    delete = "delete"
    approve = "approve"
    return_ = "return"
    log_delivery = "log_delivery"
    evaluate = "evaluate"
    evaluate_sensitive = "evaluate_sensitive"
    close = "close"
    discontinue = "discontinue"
    # The school director changes a running plan's planned amounts or hours, with a reason.
    change_amounts = "change_amounts"
    add_note = "add_note"
    add_restricted_note = "add_restricted_note"


class ApprovalDecision(StrEnum):
    approved = "approved"
    returned = "returned"


class Outcome(StrEnum):
    goals_met = "goals_met"
    partly_met = "partly_met"
    not_met = "not_met"
    left_education = "left_education"
    transferred = "transferred"


class HistoryKind(StrEnum):
    created = "created"
    updated = "updated"
    risk_assessment = "risk_assessment"
    measure_added = "measure_added"
    measure_changed = "measure_changed"
    measure_cancelled = "measure_cancelled"
    delivery_logged = "delivery_logged"
    delivery_corrected = "delivery_corrected"
    delivery_voided = "delivery_voided"
    status_changed = "status_changed"


# A discontinued plan no longer counts: the student may get a new plan in that semester.
_COUNTING = "status <> 'discontinued'"


class SupportPlan(IdMixin, TimestampMixin, Base):
    __tablename__ = "support_plans"
    __table_args__ = (
        # One plan per student and semester, except discontinued ones (DESIGN §2).
        Index(
            "uq_support_plans_student_semester",
            "student_id",
            "semester_id",
            unique=True,
            sqlite_where=text(_COUNTING),
            postgresql_where=text(_COUNTING),
        ),
        Index("ix_support_plans_institution_status", "institution_id", "status"),
        Index("ix_support_plans_updated_at_id", "updated_at", "id"),
    )

    code: Mapped[str] = mapped_column(String(24), unique=True)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"))
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus), default=PlanStatus.draft)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    previous_plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("support_plans.id"), index=True
    )
    goals: Mapped[str | None] = mapped_column(Text)
    student_agreed_on: Mapped[date | None]
    # The overall level of the risk assessment, kept here for filters and other systems.
    risk_level: Mapped[RiskLevel | None] = mapped_column(enum_type(RiskLevel))
    discontinue_reason: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(default=1)


class RiskAssessment(IdMixin, TimestampMixin, Base):
    """One per plan: protective factors and the overall level (the highest rating unless the
    author overrides it with a reason)."""

    __tablename__ = "risk_assessments"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), unique=True
    )
    protective_factors: Mapped[str | None] = mapped_column(Text)
    override_level: Mapped[RiskLevel | None] = mapped_column(enum_type(RiskLevel))
    override_reason: Mapped[str | None] = mapped_column(String(1000))


class RatedFactor(IdMixin, TimestampMixin, Base):
    __tablename__ = "rated_factors"
    __table_args__ = (UniqueConstraint("plan_id", "risk_factor_id"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_plans.id", ondelete="CASCADE"))
    risk_factor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("risk_factors.id"), index=True)
    level: Mapped[RiskLevel] = mapped_column(enum_type(RiskLevel))
    note: Mapped[str | None] = mapped_column(String(2000))


class Approval(IdMixin, TimestampMixin, Base):
    __tablename__ = "approvals"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[ApprovalStep] = mapped_column(enum_type(ApprovalStep))
    decision: Mapped[ApprovalDecision] = mapped_column(enum_type(ApprovalDecision))
    approver_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str | None] = mapped_column(String(2000))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Evaluation(IdMixin, TimestampMixin, Base):
    __tablename__ = "evaluations"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome))
    continue_next: Mapped[bool] = mapped_column(default=False)
    narrative: Mapped[str | None] = mapped_column(Text)
    evaluated_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why the plan was evaluated before the evaluation window of its semester opened.
    early_reason: Mapped[str | None] = mapped_column(String(1000))


class EvaluationLevel(IdMixin, TimestampMixin, Base):
    """The level of one rated factor after the semester."""

    __tablename__ = "evaluation_levels"
    __table_args__ = (UniqueConstraint("evaluation_id", "risk_factor_id"),)

    evaluation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE")
    )
    risk_factor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("risk_factors.id"))
    level_after: Mapped[RiskLevel | None] = mapped_column(enum_type(RiskLevel))


class PlanNote(IdMixin, TimestampMixin, Base):
    __tablename__ = "plan_notes"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    # Visible only to the plan's author, support specialists and the director (DESIGN §4).
    restricted: Mapped[bool] = mapped_column(default=False)


class PlanHistoryEntry(IdMixin, TimestampMixin, Base):
    """Who changed what and when: field changes ``[{field, old, new, sensitive}]``, status
    transitions and approval decisions with their comments."""

    __tablename__ = "plan_history"
    __table_args__ = (Index("ix_plan_history_plan_at", "plan_id", "at"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_plans.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[HistoryKind] = mapped_column(enum_type(HistoryKind))
    from_status: Mapped[PlanStatus | None] = mapped_column(enum_type(PlanStatus))
    to_status: Mapped[PlanStatus | None] = mapped_column(enum_type(PlanStatus))
    approval_step: Mapped[ApprovalStep | None] = mapped_column(enum_type(ApprovalStep))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    comment: Mapped[str | None] = mapped_column(String(2000))


class ReportRefresh(Base):
    """When each pre-counted report table was last refreshed (PostgreSQL materialized views)."""

    __tablename__ = "report_refreshes"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    refreshed_at: Mapped[datetime]
