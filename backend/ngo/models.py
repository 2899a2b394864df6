from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin


class Ngo(IdMixin, TimestampMixin, Base):
    __tablename__ = "ngos"

    name: Mapped[str] = mapped_column(String(300))
    registration_number: Mapped[str] = mapped_column(String(20), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
