import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from backend.core import money
from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.plans.measures.models import (
    Confirmation,
    MeasureCategory,
    MeasureStatus,
    MeasureUnit,
)
from backend.plans.models import PlanStatus

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]


class MeasureTypeCreate(Schema):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{2,39}$")]
    category: MeasureCategory
    label_lv: Label
    label_en: Label
    unit: MeasureUnit
    min_age: Annotated[int | None, Field(ge=1, le=30)] = None


class MeasureTypeUpdate(Schema):
    label_lv: Label | None = None
    label_en: Label | None = None
    unit: MeasureUnit | None = None
    active: bool | None = None
    hourly_rate_eur: Annotated[
        Decimal | None,
        Field(
            ge=0,
            le=10_000,
            decimal_places=2,
            description="What an hour costs; a measure's planned amount is then its planned "
            "hours times this rate. null: no rate",
        ),
    ] = None


class MeasureTypeRead(Schema):
    id: uuid.UUID
    code: str
    category: MeasureCategory
    label_lv: str
    label_en: str
    unit: MeasureUnit
    min_age: int | None
    active: bool
    position: int
    hourly_rate_eur: money.Euros | None


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Euros = Annotated[Decimal, Field(ge=0, le=1_000_000, decimal_places=2)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]
Hours = Annotated[int, Field(ge=1, le=2_000)]


class MeasureCreate(Schema):
    measure_type_id: uuid.UUID
    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    responsible_user_id: uuid.UUID | None = None
    provider_name: Name | None = None
    addressed_factor_ids: Annotated[list[uuid.UUID], Field(max_length=40)] = []
    planned_quantity: Annotated[int, Field(ge=0, le=100_000)] | None = None
    planned_hours: Hours | None = None
    planned_amount_eur: Annotated[
        Euros | None,
        Field(description="Ignored when the measure type has an hourly rate and hours are given"),
    ] = None
    starts_on: Day | None = Field(default=None, description="Required; inside the semester")
    ends_on: Day | None = Field(default=None, description="Required; inside the semester")

    @field_validator("ends_on")
    @classmethod
    def _ordered(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise invalid("measure.ends-before-start")
        return ends_on


class MeasureUpdate(Schema):
    """On draft and returned plans every field; on active plans ``status``, and the planned
    amount or hours by the school director with a ``reason``."""

    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    responsible_user_id: uuid.UUID | None = None
    provider_name: Name | None = None
    addressed_factor_ids: Annotated[list[uuid.UUID], Field(max_length=40)] | None = None
    planned_quantity: Annotated[int, Field(ge=0, le=100_000)] | None = None
    planned_hours: Hours | None = None
    planned_amount_eur: Euros | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    status: MeasureStatus | None = None
    reason: Reason | None = Field(
        default=None, description="Why the director changes the plan on an active plan"
    )


class MeasureRead(Schema):
    id: uuid.UUID
    plan_id: uuid.UUID
    measure_type_id: uuid.UUID
    measure_type_code: str
    category: MeasureCategory
    subject: str | None
    responsible_user_id: uuid.UUID | None
    responsible_name: str | None
    provider_name: str | None
    # Sensitive factors are left out for callers who may not see them.
    addressed_factor_ids: list[uuid.UUID]
    unit: MeasureUnit
    planned_quantity: int | None
    planned_hours: int | None
    planned_amount_eur: money.Euros | None
    # Whether the planned amount is the planned hours times the type's hourly rate.
    amount_from_rate: bool
    starts_on: date | None
    ends_on: date | None
    status: MeasureStatus
    continued_from_id: uuid.UUID | None
    # Delivered so far: sessions or items in the measure's unit, minutes, and money.
    deliveries_count: int
    delivered_quantity: Decimal
    delivered_minutes: int
    delivered_amount_eur: money.Euros
    # Money paid beyond the planned amount, and how many payments were let over it with a reason.
    over_plan_eur: money.Euros
    over_plan_overrides: int


class DeliveryCreate(Schema):
    delivered_on: Day
    duration_minutes: Annotated[int, Field(ge=1, le=720)] | None = None
    quantity: Annotated[int, Field(ge=1, le=10_000)] | None = None
    amount_eur: Annotated[Decimal, Field(gt=0, le=100_000, decimal_places=2)] | None = None
    evidence_reference: Name | None = None
    provider_name: Name | None = None
    remote: bool = False
    confirmation: Confirmation | None = None
    confirmed_on: Day | None = None
    note: Note | None = None
    over_plan_reason: Reason | None = Field(
        default=None,
        description="Why a compensation over the measure's planned amount is paid all the same; "
        "without it such a compensation is refused",
    )


class DeliveryCorrection(DeliveryCreate):
    """The delivery as it should have been recorded, and why."""

    reason: Reason


class DeliveryVoid(Schema):
    reason: Reason


class DeliveryRead(Schema):
    id: uuid.UUID
    measure_id: uuid.UUID
    plan_id: uuid.UUID
    delivered_on: date
    duration_minutes: int | None
    quantity: int | None
    amount_eur: money.Euros | None
    evidence_reference: str | None
    provider_name: str | None
    remote: bool
    confirmation: Confirmation | None
    confirmed_on: date | None
    note: str | None
    over_plan_reason: str | None
    recorded_by_id: uuid.UUID
    created_at: datetime
    corrected_at: datetime | None
    voided_at: datetime | None
    voided_by_id: uuid.UUID | None
    void_reason: str | None


class MeasureListItem(MeasureRead):
    """A measure with the plan it belongs to, for lists across plans."""

    plan_code: str
    plan_status: PlanStatus
    student_id: uuid.UUID
    student_name: str
    institution_id: uuid.UUID
