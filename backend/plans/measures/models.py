import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import money
from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class MeasureCategory(StrEnum):
    consultation = "consultation"
    compensation = "compensation"
    activity = "activity"


class MeasureUnit(StrEnum):
    session = "session"
    hour = "hour"
    ticket = "ticket"
    day = "day"
    month = "month"
    item = "item"
    eur = "eur"


class MeasureType(IdMixin, TimestampMixin, Base):
    __tablename__ = "measure_types"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[MeasureCategory] = mapped_column(enum_type(MeasureCategory))
    label_lv: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    unit: Mapped[MeasureUnit] = mapped_column(enum_type(MeasureUnit))
    min_age: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    # What an hour of the measure costs, when the catalogue sets it: a measure's planned cost is
    # then its planned hours times this rate.
    hourly_rate_cents: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    @property
    def hourly_rate_eur(self) -> Decimal | None:
        return money.from_cents_or_none(self.hourly_rate_cents)


class MeasureStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"
    # Still running when its plan was closed: ended with the plan.
    ended = "ended"


class Confirmation(StrEnum):
    signature = "signature"
    email = "email"
    e_journal = "e_journal"


class Measure(IdMixin, TimestampMixin, Base):
    """A support measure of a plan, answering some of its rated risk factors."""

    __tablename__ = "measures"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    measure_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measure_types.id"))
    subject: Mapped[str | None] = mapped_column(String(100))
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id"), index=True
    )
    provider_name: Mapped[str | None] = mapped_column(String(200))
    planned_quantity: Mapped[int | None]
    planned_hours: Mapped[int | None]
    unit: Mapped[MeasureUnit] = mapped_column(enum_type(MeasureUnit))
    # Money is kept in whole cents: exact on every database.
    planned_amount_cents: Mapped[int | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[MeasureStatus] = mapped_column(
        enum_type(MeasureStatus), default=MeasureStatus.planned
    )
    # The measure of the previous plan this one continues.
    continued_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("measures.id"))


class MeasureFactor(Base):
    """The rated risk factors a measure addresses."""

    __tablename__ = "measure_factors"

    measure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True
    )
    risk_factor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("risk_factors.id"), primary_key=True
    )


class Delivery(IdMixin, TimestampMixin, Base):
    """One consultation held or one compensation paid."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_measure_date", "measure_id", "delivered_on"),)

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    delivered_on: Mapped[date]
    duration_minutes: Mapped[int | None]
    quantity: Mapped[int | None]
    amount_cents: Mapped[int | None]
    evidence_reference: Mapped[str | None] = mapped_column(String(200))
    provider_name: Mapped[str | None] = mapped_column(String(200))
    remote: Mapped[bool] = mapped_column(default=False)
    confirmation: Mapped[Confirmation | None] = mapped_column(enum_type(Confirmation))
    confirmed_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(String(2000))
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # Why a compensation over the measure's planned amount was paid all the same.
    over_plan_reason: Mapped[str | None] = mapped_column(String(1000))
    # A delivery is never deleted: a wrong one is voided, with its reason; it then counts nowhere.
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(String(1000))
    corrected_at: Mapped[datetime | None]
