import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from backend.core.schemas import Day, Schema
from backend.indicators.models import FlagLevel, Indicator, SourceKind
from backend.plans.models import RiskLevel

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]
Mark = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^(10|[1-9]|nv|ns|i)$")
]
Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Count = Annotated[int, Field(ge=0, le=100_000)]


# --- indicator data ------------------------------------------------------------------------------


class IndicatorRowIn(Schema):
    """One student's semester up to ``as_of``, from an e-journal (cumulative values)."""

    student_id: uuid.UUID | None = Field(None, description="The student's id in Pumpurs")
    personal_code: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        None, description="The student's personal code (instead of student_id)"
    )
    as_of: Day
    lessons: Count
    absences_excused: Count
    absences_unexcused: Count
    unexcused_last_4w: Count | None = None
    unexcused_prev_4w: Count | None = None
    behaviour_incidents: Count = 0
    repeating_year: bool = False
    extended_year: bool = False
    grades: Annotated[dict[Subject, Mark], Field(max_length=40)] = Field(default_factory=dict)


class IndicatorBatchIn(Schema):
    """A batch pushed by municipal IT: the same ``batch_id`` twice changes nothing."""

    batch_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    rows: Annotated[list[IndicatorRowIn], Field(min_length=1, max_length=20_000)]


class RecomputeRead(Schema):
    students: int = Field(description="Students whose semester was evaluated")
    flags_raised: int
    flags_changed: int
    flags_cleared: int


class BatchRead(Schema):
    batch_id: uuid.UUID
    external_id: str
    kind: SourceKind
    rows: int
    replayed: bool = Field(description="The batch was stored before; nothing changed")
    recompute: RecomputeRead | None


class ImportProblemRead(Schema):
    row: int
    column: str | None
    message: str


class IndicatorImportResult(Schema):
    dry_run: bool
    total_rows: int
    valid: bool
    problems: list[ImportProblemRead]


# --- flags ---------------------------------------------------------------------------------------


class DismissalRead(Schema):
    id: uuid.UUID
    indicator: Indicator
    semester_id: uuid.UUID
    reason: str
    dismissed_by_id: uuid.UUID | None
    dismissed_at: datetime


class FlagRead(Schema):
    id: uuid.UUID
    student_id: uuid.UUID
    semester_id: uuid.UUID
    indicator: Indicator
    level: FlagLevel
    value: Decimal
    threshold: Decimal
    core_subject_failing: bool = Field(
        False, description="C1 is an alert because Latvian or mathematics is failing"
    )
    as_of: date
    source: SourceKind
    source_label: str | None
    raised_at: datetime
    dismissal: DismissalRead | None = None


class TimelinePoint(Schema):
    semester_id: uuid.UUID
    starts_on: Day
    as_of: Day
    attendance_rate: Decimal | None
    unexcused: int
    failing_subjects: int
    schools: list[str]


class PlanLinkRead(Schema):
    plan_id: uuid.UUID
    semester_id: uuid.UUID
    evidence: list[dict[str, Any]]
    created_at: datetime


class StudentIndicatorsRead(Schema):
    student_id: uuid.UUID
    flags: list[FlagRead]
    timeline: list[TimelinePoint]
    plan_links: list[PlanLinkRead]


class DismissIn(Schema):
    reason: Reason


class ReportIn(Schema):
    semester_id: uuid.UUID
    reported_on: Day


class ReportRead(Schema):
    student_id: uuid.UUID
    semester_id: uuid.UUID
    reported_on: date


# --- worklists -----------------------------------------------------------------------------------


class FlagBrief(Schema):
    id: uuid.UUID
    indicator: Indicator
    level: FlagLevel
    value: Decimal
    threshold: Decimal
    as_of: Day


class WorklistItem(Schema):
    student_id: uuid.UUID
    family_name: str
    given_name: str
    institution_id: uuid.UUID | None
    flags: list[FlagBrief]
    plan_id: uuid.UUID | None = None
    plan_code: str | None = None
    semester_ends_on: Day | None = None


class UnexcusedItem(Schema):
    student_id: uuid.UUID
    semester_id: uuid.UUID
    family_name: str
    given_name: str
    institution_id: uuid.UUID | None
    unexcused: Decimal
    as_of: Day
    reported_on: Day | None


class InstitutionCounts(Schema):
    institution_id: uuid.UUID
    institution_name: str
    flagged: int
    flagged_without_plan: int
    with_plan: int


class CountsRead(Schema):
    semester_id: uuid.UUID
    institutions: list[InstitutionCounts]


# --- rules ---------------------------------------------------------------------------------------


class RuleSetRead(Schema):
    id: uuid.UUID
    municipality_id: uuid.UUID | None
    version: int
    current: bool
    thresholds: dict[str, dict[str, float]]
    reason: str | None
    created_by_id: uuid.UUID | None
    created_at: datetime


class RulesRead(Schema):
    national: RuleSetRead
    municipal: RuleSetRead | None
    effective: dict[str, dict[str, float]]
    bounds: dict[str, tuple[float, float]]


class RulesIn(Schema):
    thresholds: dict[Indicator, dict[str, float]] = Field(
        description="Per indicator, ``watch`` and/or ``alert``; a municipality's set holds only "
        "what it changes"
    )
    reason: Reason


# --- into the plan -------------------------------------------------------------------------------


class Evidence(Schema):
    flag_id: uuid.UUID
    indicator: Indicator
    level: FlagLevel
    value: Decimal
    threshold: Decimal
    as_of: Day


class SuggestedFactor(Schema):
    risk_factor_id: uuid.UUID
    code: str
    suggested_level: RiskLevel
    evidence: list[Evidence]


class PlanSuggestions(Schema):
    student_id: uuid.UUID
    semester_id: uuid.UUID
    factors: list[SuggestedFactor]


class ConfirmedFactor(Schema):
    risk_factor_id: uuid.UUID
    level: RiskLevel
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class PlanFromFlagsIn(Schema):
    semester_id: uuid.UUID
    goals: Annotated[str, StringConstraints(max_length=10000)] | None = None
    factors: Annotated[list[ConfirmedFactor], Field(max_length=40)] = Field(
        description="The factors the teacher confirmed or changed (the suggestions, edited)"
    )


class PlanFromFlagsRead(Schema):
    plan_id: uuid.UUID
    plan_code: str
    evidence: list[dict[str, Any]]
