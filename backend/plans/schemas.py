import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.plans.measures.schemas import MeasureRead
from backend.plans.models import (
    ApprovalDecision,
    ApprovalStep,
    HistoryKind,
    Outcome,
    PlanAction,
    PlanStatus,
    RiskLevel,
)

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]

# How a sensitive factor appears to those who may not see it (DESIGN §4).
SENSITIVE_LABEL = "sensitive factor"


class PlanCreate(Schema):
    student_id: uuid.UUID
    semester_id: uuid.UUID
    goals: LongText | None = None
    student_agreed_on: Day | None = None


class PlanUpdate(Schema):
    goals: LongText | None = None
    student_agreed_on: Day | None = None


class RatedFactorIn(Schema):
    risk_factor_id: uuid.UUID
    level: RiskLevel
    note: ShortText | None = None


class RiskAssessmentIn(Schema):
    rated_factors: Annotated[list[RatedFactorIn], Field(max_length=40)]
    protective_factors: LongText | None = None
    override_level: RiskLevel | None = None
    override_reason: Annotated[ShortText | None, Field(validate_default=True)] = None

    @field_validator("rated_factors")
    @classmethod
    def _each_factor_once(cls, rated_factors: list[RatedFactorIn]) -> list[RatedFactorIn]:
        ids = [f.risk_factor_id for f in rated_factors]
        if len(ids) != len(set(ids)):
            raise invalid("plan.factor-twice")
        return rated_factors

    @field_validator("override_reason")
    @classmethod
    def _override_has_reason(cls, override_reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("override_level") is not None and not override_reason:
            raise invalid("plan.override-needs-reason")
        return override_reason


class RatedFactorRead(Schema):
    risk_factor_id: uuid.UUID | None
    code: str | None
    group: str | None
    label_lv: str
    label_en: str
    level: RiskLevel | None
    note: str | None
    sensitive: bool
    # True when the caller may not see this sensitive factor: code, level and note are withheld.
    hidden: bool


class RiskAssessmentRead(Schema):
    rated_factors: list[RatedFactorRead]
    protective_factors: str | None
    computed_level: RiskLevel | None
    override_level: RiskLevel | None
    override_reason: str | None
    overall_level: RiskLevel | None


class ApprovalRead(Schema):
    step: ApprovalStep
    decision: ApprovalDecision
    approver_id: uuid.UUID
    approver_name: str
    comment: str | None
    at: datetime


class LevelAfterIn(Schema):
    risk_factor_id: uuid.UUID
    level_after: RiskLevel | None


class EvaluationIn(Schema):
    outcome: Outcome
    levels_after: Annotated[list[LevelAfterIn], Field(max_length=40)] = []
    continue_next: bool = False
    narrative: LongText | None = None
    early_reason: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=1000),
        Field(
            description="Why the plan is evaluated before the evaluation window (the last "
            "weeks of its semester) opens; required then"
        ),
    ] = None


class SensitiveLevelsIn(Schema):
    """The levels after the semester of the plan's sensitive factors (support specialist or
    director)."""

    levels_after: Annotated[list[LevelAfterIn], Field(min_length=1, max_length=40)]


class LevelAfterRead(Schema):
    risk_factor_id: uuid.UUID | None
    code: str | None
    level_before: RiskLevel | None
    level_after: RiskLevel | None
    hidden: bool


class EvaluationRead(Schema):
    outcome: Outcome
    continue_next: bool
    narrative: str | None
    evaluated_by_id: uuid.UUID
    at: datetime
    levels: list[LevelAfterRead]
    early_reason: str | None
    overall_level_after: RiskLevel | None = Field(
        description="The highest level after the semester (a factor left without one keeps "
        "its level before)"
    )


class SemesterRef(Schema):
    id: uuid.UUID
    school_year: str
    number: int


class PlanSummary(Schema):
    id: uuid.UUID
    code: str
    student_id: uuid.UUID
    student_name: str
    institution_id: uuid.UUID
    institution_name: str
    municipality_id: uuid.UUID | None = Field(description="None for state institutions")
    municipality_name: str | None
    semester: SemesterRef
    author_id: uuid.UUID
    author_name: str
    status: PlanStatus
    status_changed_at: datetime
    risk_level: RiskLevel | None
    awaiting_step: ApprovalStep | None = Field(
        description="The approval step the plan waits for, from its status and its "
        "institution's approval route; null when it waits for none"
    )
    version: int
    created_at: datetime
    updated_at: datetime


class PlanRead(PlanSummary):
    previous_plan_id: uuid.UUID | None
    next_plan_id: uuid.UUID | None
    goals: str | None
    student_agreed_on: date | None
    discontinue_reason: str | None
    risk_assessment: RiskAssessmentRead
    measures: list[MeasureRead]
    approvals: list[ApprovalRead]
    evaluation: EvaluationRead | None
    risk_level_after: RiskLevel | None = Field(
        description="The overall level after the evaluation (null before it)"
    )
    semester_starts_on: date
    semester_ends_on: date
    evaluation_opens_on: date = Field(
        description="From this day the plan is evaluated without a reason for evaluating early"
    )
    allowed_actions: list[PlanAction] = Field(
        description="What the caller may do with the plan now (the server decides in the end)"
    )


class PlanStatusRead(Schema):
    """A plan as other systems see it: no names, no notes, no factors."""

    plan_id: uuid.UUID
    plan_code: str
    status: PlanStatus
    status_changed_at: datetime
    semester: SemesterRef
    institution_id: uuid.UUID
    risk_level: RiskLevel | None
    measures_planned: int
    deliveries_count: int
    version: int
    updated_at: datetime


class ApproveBody(Schema):
    comment: ShortText | None = None


class ReturnBody(Schema):
    comment: ShortText


class DiscontinueBody(Schema):
    reason: ShortText


class NoteCreate(Schema):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)]
    restricted: bool = False


class NoteRead(Schema):
    id: uuid.UUID
    plan_id: uuid.UUID
    author_id: uuid.UUID
    author_name: str
    text: str
    restricted: bool
    created_at: datetime


class FieldChange(Schema):
    field: str
    old: Any = None
    new: Any = None


class HistoryEntryRead(Schema):
    at: datetime
    actor_user_id: uuid.UUID | None
    actor_name: str | None
    actor_role: str | None
    kind: HistoryKind
    from_status: PlanStatus | None
    to_status: PlanStatus | None
    approval_step: ApprovalStep | None
    changes: list[FieldChange]
    comment: str | None


class ReadinessCode(StrEnum):
    """What a plan needs before it is submitted; the submit refusal names the same codes."""

    consent = "consent"
    risk_factor = "risk_factor"
    measure = "measure"
    goals = "goals"
    dates = "dates"


class ReadinessItem(Schema):
    code: ReadinessCode
    ok: bool
    message: str = Field(
        description="What is missing, in the language of Accept-Language; empty when met"
    )


class PlanReadiness(Schema):
    """The submit checklist, computed as the submit computes it: ready exactly when a submit by
    the author would pass these checks."""

    ready: bool
    items: list[ReadinessItem]
    consent_school_year_id: uuid.UUID = Field(
        description="The school year a consent must be valid for (the plan's)"
    )
