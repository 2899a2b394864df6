"""Indicator data, the versioned rules, the flags computed from them and what people did about
the flags (dismissals, reports to the municipality, plans started from them)."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type, utcnow


class Indicator(StrEnum):
    """The indicator set (attendance A, course performance C, behaviour B)."""

    a1 = "A1"  # attendance rate, all absences (%)
    a2 = "A2"  # unexcused lessons in the semester
    a3 = "A3"  # unexcused lessons, last 4 weeks vs the 4 before (% increase)
    c1 = "C1"  # failing subjects (below 4 or "nv")
    c2 = "C2"  # average grade change from the previous semester
    c3 = "C3"  # repeating the grade or an extended school year
    b1 = "B1"  # behaviour incidents in the semester


class FlagLevel(StrEnum):
    watch = "watch"
    alert = "alert"


class SourceKind(StrEnum):
    csv = "csv"  # a file exported from an e-journal, uploaded by the school
    push = "push"  # the bulk JSON endpoint, called by municipal IT
    demo = "demo"


class IndicatorBatch(IdMixin, TimestampMixin, Base):
    """Where indicator rows came from: one uploaded file, one pushed batch or the demo data."""

    __tablename__ = "indicator_batches"
    __table_args__ = (UniqueConstraint("source_key", "external_id"),)

    kind: Mapped[SourceKind] = mapped_column(enum_type(SourceKind))
    # Who sent it: an API client's or a user's id, or "demo"; with ``external_id`` the key that
    # makes a pushed batch idempotent.
    source_key: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(255))
    institution_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("institutions.id"))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipalities.id"))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_clients.id"))
    rows: Mapped[int] = mapped_column(default=0)
    # The fingerprint of the rows: the same batch id with other rows is a conflict.
    content_hash: Mapped[str] = mapped_column(String(64))


class StudentIndicator(IdMixin, TimestampMixin, Base):
    """A student's attendance, grades and behaviour in one semester at one school, as of a date.

    The values are cumulative for the semester up to ``as_of``; the latest row per school counts.
    A student who changed school mid-semester has rows from both, and the semester's figures are
    their sum (grades come from the latest row).
    """

    __tablename__ = "student_indicators"
    __table_args__ = (
        UniqueConstraint("student_id", "semester_id", "institution_id", "as_of"),
        Index("ix_student_indicators_semester_student", "semester_id", "student_id"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"))
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"))
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"), index=True)
    as_of: Mapped[date]
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator_batches.id"), index=True)
    lessons: Mapped[int]
    absences_excused: Mapped[int]
    absences_unexcused: Mapped[int]
    # Unexcused lessons in the last 4 weeks before ``as_of`` and in the 4 weeks before those.
    unexcused_last_4w: Mapped[int | None]
    unexcused_prev_4w: Mapped[int | None]
    behaviour_incidents: Mapped[int] = mapped_column(default=0)
    repeating_year: Mapped[bool] = mapped_column(default=False)
    extended_year: Mapped[bool] = mapped_column(default=False)
    # Semester or term marks per subject: "1".."10", "nv" (not assessed), "ns" (not passed), "i"
    # (credited). Derived from them when written: failing subjects, core subject failing, average.
    grades: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    failing_subjects: Mapped[int] = mapped_column(default=0)
    failing_core: Mapped[bool] = mapped_column(default=False)
    grade_average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))


class RuleSet(IdMixin, TimestampMixin, Base):
    """One version of the thresholds: national (``municipality_id`` empty, set by IKVD) or a
    municipality's overrides (empty thresholds fall back to the national ones).

    Rows are never changed; a change is a new version, and the newest per scope applies."""

    __tablename__ = "indicator_rule_sets"
    __table_args__ = (UniqueConstraint("municipality_id", "version"),)

    municipality_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    version: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    # {"A1": {"watch": 95, "alert": 90}, ...}
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(1000))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class StudentFlag(IdMixin, TimestampMixin, Base):
    """One indicator of one student in one semester past a threshold: which, its value, the
    threshold, the level, the as-of date and the source. Kept by the recompute alone."""

    __tablename__ = "student_flags"
    __table_args__ = (
        UniqueConstraint("student_id", "semester_id", "indicator"),
        Index("ix_student_flags_institution_semester", "institution_id", "semester_id"),
        Index("ix_student_flags_semester_indicator_level", "semester_id", "indicator", "level"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"))
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"))
    # The student's school when the flag was computed (the current enrollment).
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipalities.id"))
    indicator: Mapped[Indicator] = mapped_column(enum_type(Indicator))
    level: Mapped[FlagLevel] = mapped_column(enum_type(FlagLevel))
    value: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    threshold: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    as_of: Mapped[date]
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator_batches.id"))
    rule_set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator_rule_sets.id"))
    # When the flag appeared or last rose a level (worklists: "flags worsening since the plan").
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagDismissal(IdMixin, TimestampMixin, Base):
    """A person judged a flag not to need support this semester, and said why."""

    __tablename__ = "flag_dismissals"
    __table_args__ = (UniqueConstraint("student_id", "semester_id", "indicator"),)

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"))
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"))
    indicator: Mapped[Indicator] = mapped_column(enum_type(Indicator))
    reason: Mapped[str] = mapped_column(String(1000))
    dismissed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    dismissed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AbsenceReport(IdMixin, TimestampMixin, Base):
    """The school informed the municipality of more than 20 unexcused lessons in a semester."""

    __tablename__ = "absence_reports"
    __table_args__ = (UniqueConstraint("student_id", "semester_id"),)

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"))
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"))
    reported_on: Mapped[date]
    reported_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class PlanFlagLink(TimestampMixin, Base):
    """A plan started from a student's flags: which flags, with their evidence at that moment."""

    __tablename__ = "plan_flag_links"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    semester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("semesters.id"))
    # [{indicator, level, value, threshold, as_of, risk_factor_code}]
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
