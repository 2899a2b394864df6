import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin


class RiskGroup(IdMixin, TimestampMixin, Base):
    __tablename__ = "risk_groups"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label_lv: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


class RiskFactor(IdMixin, TimestampMixin, Base):
    __tablename__ = "risk_factors"

    code: Mapped[str] = mapped_column(String(10), unique=True)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("risk_groups.id"), index=True)
    label_lv: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    sensitive: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


# How much a student risks leaving school early, as a support plan assesses it.
class RiskLevel(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
