from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

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
    position: Mapped[int] = mapped_column(default=0)
