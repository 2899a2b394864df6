import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from backend.core import money
from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.ngo.models import ActivityChangeKind, ActivityStatus, ActivityType, ProjectStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
# Euros with cents; written as a decimal string ("1250.00"), like every amount of the API.
Money = Annotated[money.Euros, Field(ge=0)]
Count = Annotated[int, Field(ge=0, le=100_000)]


cents = money.to_cents
euros = money.from_cents


# --- NGOs ----------------------------------------------------------------------------------------


class NgoCreate(Schema):
    name: Title
    registration_number: Annotated[str, StringConstraints(pattern=r"^\d{11}$")]
    contact_email: EmailStr | None = None
    contact_phone: Annotated[
        str | None, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()-]{7,20}$")
    ] = None


class NgoRead(Schema):
    id: uuid.UUID
    name: str
    registration_number: str
    contact_email: str | None
    contact_phone: str | None


# --- calls ---------------------------------------------------------------------------------------


class CallCreate(Schema):
    municipality_id: uuid.UUID | None = Field(
        default=None, description="Default: the coordinator's municipality"
    )
    school_year_id: uuid.UUID
    title: Title
    budget_eur: Annotated[Money, Field(gt=0)]
    deadline: Day


class CallRead(Schema):
    id: uuid.UUID
    municipality_id: uuid.UUID
    municipality_name: str
    school_year_id: uuid.UUID
    school_year_name: str
    title: str
    budget_eur: Money
    deadline: date
    is_open: bool = Field(description="Projects may still be submitted (deadline not passed)")
    approved_eur: Money = Field(description="Sum of approved and completed projects")
    created_at: datetime


# --- projects ------------------------------------------------------------------------------------


class ProjectCreate(Schema):
    call_id: uuid.UUID
    title: Title
    description: Text
    amount_eur: Annotated[Money, Field(gt=0)]
    starts_on: Day
    ends_on: Day
    institution_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=50)]

    @field_validator("ends_on")
    @classmethod
    def _period_ordered(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on < starts_on:
            raise invalid("period.ends-before-start")
        return ends_on


class ProjectDecision(Schema):
    comment: Comment | None = None


class ProjectRejection(Schema):
    comment: Comment


class ProjectCompletion(Schema):
    report: Text
    used_eur: Money


class InstitutionRef(Schema):
    id: uuid.UUID
    name: str


class ProjectRead(Schema):
    id: uuid.UUID
    call_id: uuid.UUID
    call_title: str
    municipality_id: uuid.UUID
    ngo_id: uuid.UUID
    ngo_name: str
    title: str
    description: str
    amount_eur: Money
    starts_on: date
    ends_on: date
    status: ProjectStatus
    institutions: list[InstitutionRef]
    decision_comment: str | None
    decided_at: datetime | None
    report: str | None
    used_eur: Money | None
    completed_at: datetime | None
    created_at: datetime
    can_complete: bool = Field(
        description="Approved, and either its end date has come or it has held activities and "
        "none is still planned: then the NGO may finish it"
    )


class ProjectClassGroup(Schema):
    """A class the project may invite: no students, only the class."""

    id: uuid.UUID
    institution_id: uuid.UUID
    label: str
    grade: int | None
    course: int | None


# --- activities ----------------------------------------------------------------------------------


class ActivityCreate(Schema):
    project_id: uuid.UUID
    type: ActivityType
    title: Title
    held_on: Day
    institution_id: uuid.UUID
    class_group_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=30)]
    planned_participants: Count | None = None


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class ActivityUpdate(Schema):
    """A planned activity's new details: only the fields sent change. A new date needs a reason."""

    type: ActivityType | None = None
    title: Title | None = None
    held_on: date | None = None
    class_group_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=30)] | None = None
    planned_participants: Count | None = None
    reason: Reason | None = Field(
        default=None, description="Why: required when the date changes, kept in the trail"
    )


class ActivityCancel(Schema):
    reason: Reason


class ActivityChangeRead(Schema):
    id: uuid.UUID
    at: datetime
    user_id: uuid.UUID | None
    user_name: str | None
    kind: ActivityChangeKind
    changes: dict[str, list[str | None]] = Field(
        description="Each changed field with its old and new value, as text"
    )
    reason: str | None


class ActivityOutcome(Schema):
    actual_participants: Count
    at_risk_participants: Count = Field(
        description="How many of the participants are students at risk: a count, never names"
    )
    feedback: Text | None = None

    @field_validator("at_risk_participants")
    @classmethod
    def _at_risk_within_actual(cls, at_risk_participants: int, info: ValidationInfo) -> int:
        actual = info.data.get("actual_participants")
        if actual is not None and at_risk_participants > actual:
            raise invalid("ngo.at-risk-over-actual")
        return at_risk_participants


class ClassGroupRef(Schema):
    id: uuid.UUID
    label: str


class ActivityRead(Schema):
    """What everyone who may see an activity sees: counts only, never students or plans."""

    id: uuid.UUID
    project_id: uuid.UUID
    project_title: str
    ngo_id: uuid.UUID
    ngo_name: str
    type: ActivityType
    title: str
    held_on: date
    institution_id: uuid.UUID
    institution_name: str
    class_groups: list[ClassGroupRef]
    planned_participants: int | None
    status: ActivityStatus
    actual_participants: int | None
    at_risk_participants: int | None
    feedback: str | None
    recorded_at: datetime | None
    cancel_reason: str | None
    cancelled_at: datetime | None


# --- reports -------------------------------------------------------------------------------------


class Totals(Schema):
    activities_planned: int
    activities_held: int
    participants: int
    at_risk_participants: int
    approved_eur: Money
    used_eur: Money


class ProjectReport(Totals):
    project_id: uuid.UUID
    title: str
    ngo_name: str
    status: ProjectStatus


class CallReport(Totals):
    call_id: uuid.UUID
    title: str
    budget_eur: Money
    projects_submitted: int
    projects_approved: int
    projects_rejected: int
    projects_completed: int
    projects: list[ProjectReport]


class AggregateTotals(Schema):
    calls: int
    budget_eur: Money
    projects_approved: int = Field(description="Approved or completed")
    activities_held: int
    participants: int | None = Field(
        description="A count; null when withheld (1 to 4, or so that none can be recovered)"
    )
    at_risk_participants: int | None = Field(
        description="A count; null when withheld (1 to 4, or so that none can be recovered)"
    )
    approved_eur: Money
    used_eur: Money


class MunicipalityTotals(AggregateTotals):
    municipality_id: uuid.UUID
    municipality_name: str


class InitiativesReport(Schema):
    school_year_id: uuid.UUID | None
    suppressed: bool = Field(
        description="Whether counts of participants are disclosure-controlled for this caller"
    )
    municipalities: list[MunicipalityTotals]
    total: AggregateTotals


# --- links from activities to plan measures (school staff only) --------------------------------


class MeasureLinkCreate(Schema):
    measure_id: uuid.UUID


class MeasureLinkRead(Schema):
    """Which student's plan measure an activity serves: visible to the school, never the NGO."""

    activity_id: uuid.UUID
    measure_id: uuid.UUID
    plan_id: uuid.UUID
    plan_code: str
    student_id: uuid.UUID
    student_name: str
    linked_at: datetime


class LinkableMeasureRead(Schema):
    """An NGO participation measure of a student in one of the activity's classes."""

    measure_id: uuid.UUID
    plan_id: uuid.UUID
    plan_code: str
    student_id: uuid.UUID
    student_name: str
    class_label: str
