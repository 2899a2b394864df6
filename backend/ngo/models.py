import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.clock import utcnow
from backend.core.db import Base, IdMixin, TimestampMixin, enum_type

# The NGO itself is an organisation of the register (schools); re-exported for this domain.
from backend.schools.models import Ngo as Ngo


class InitiativeCall(IdMixin, TimestampMixin, Base):
    """A municipality's call for youth NGO projects in one school year."""

    __tablename__ = "initiative_calls"
    __table_args__ = (CheckConstraint("budget_cents > 0", name="budget_positive"),)

    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipalities.id"), index=True)
    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_years.id"))
    title: Mapped[str] = mapped_column(String(300))
    # Money is kept in whole cents: exact on every database.
    budget_cents: Mapped[int]
    deadline: Mapped[date] = mapped_column(Date)
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ProjectStatus(StrEnum):
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
    completed = "completed"


class InitiativeProject(IdMixin, TimestampMixin, Base):
    __tablename__ = "initiative_projects"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("starts_on <= ends_on", name="period_ordered"),
        Index("ix_initiative_projects_call_status", "call_id", "status"),
    )

    call_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("initiative_calls.id"))
    ngo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ngos.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    amount_cents: Mapped[int]
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_type(ProjectStatus), default=ProjectStatus.submitted
    )
    submitted_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decision_comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    report: Mapped[str | None] = mapped_column(Text)
    used_cents: Mapped[int | None]
    completed_at: Mapped[datetime | None]


class ProjectInstitution(Base):
    """An institution whose classes a project targets."""

    __tablename__ = "initiative_project_institutions"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("initiative_projects.id", ondelete="CASCADE"), primary_key=True
    )
    institution_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("institutions.id"), primary_key=True, index=True
    )


class ActivityType(StrEnum):
    team_building = "team_building"
    peer_mentoring = "peer_mentoring"
    workshop = "workshop"
    other = "other"


class ActivityStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class Activity(IdMixin, TimestampMixin, Base):
    """One event of a project for classes of one institution. Participants are counts only."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(
            "at_risk_participants IS NULL OR at_risk_participants <= actual_participants",
            name="at_risk_within_actual",
        ),
        Index("ix_activities_institution_date", "institution_id", "held_on"),
        Index("ix_activities_project_date", "project_id", "held_on"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("initiative_projects.id"))
    type: Mapped[ActivityType] = mapped_column(enum_type(ActivityType))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"))
    planned_participants: Mapped[int | None]
    status: Mapped[ActivityStatus] = mapped_column(
        enum_type(ActivityStatus), default=ActivityStatus.planned
    )
    actual_participants: Mapped[int | None]
    at_risk_participants: Mapped[int | None]
    feedback: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(1000))
    cancelled_at: Mapped[datetime | None]


class ActivityChangeKind(StrEnum):
    edited = "edited"
    rescheduled = "rescheduled"
    cancelled = "cancelled"


class ActivityChange(IdMixin, Base):
    """The trail of a planned activity: each edit, new date and cancellation, by whom and why."""

    __tablename__ = "activity_changes"
    __table_args__ = (Index("ix_activity_changes_activity_at", "activity_id", "at"),)

    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[ActivityChangeKind] = mapped_column(enum_type(ActivityChangeKind))
    # The fields changed, each with its old and new value (as text).
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(String(1000))


class ActivityClassGroup(Base):
    __tablename__ = "activity_class_groups"

    activity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    class_group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("class_groups.id"), primary_key=True, index=True
    )


class ActivityMeasureLink(Base):
    """A school's note that its student's plan measure is served by this activity.

    Only school staff see these rows: the NGO never learns which students took part.
    """

    __tablename__ = "activity_measure_links"

    activity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    measure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    linked_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
