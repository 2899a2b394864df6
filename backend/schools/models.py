import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class InstitutionType(StrEnum):
    general_municipal = "general_municipal"
    general_state = "general_state"
    vocational_state = "vocational_state"
    college = "college"


class ApprovalRoute(StrEnum):
    municipal = "municipal"  # director -> municipality -> IKVD
    state = "state"  # director -> IKVD


class Municipality(IdMixin, TimestampMixin, Base):
    __tablename__ = "municipalities"

    name: Mapped[str] = mapped_column(String(200))
    atvk_code: Mapped[str] = mapped_column(String(7), unique=True)


class Institution(IdMixin, TimestampMixin, Base):
    __tablename__ = "institutions"

    name: Mapped[str] = mapped_column(String(300))
    registration_number: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[InstitutionType] = mapped_column(enum_type(InstitutionType))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    approval_route: Mapped[ApprovalRoute] = mapped_column(enum_type(ApprovalRoute))
    active: Mapped[bool] = mapped_column(default=True)


class SchoolYear(IdMixin, TimestampMixin, Base):
    __tablename__ = "school_years"

    name: Mapped[str] = mapped_column(String(9), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class Semester(IdMixin, TimestampMixin, Base):
    __tablename__ = "semesters"
    __table_args__ = (UniqueConstraint("school_year_id", "number"),)

    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_years.id"))
    number: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class ClassGroup(IdMixin, TimestampMixin, Base):
    __tablename__ = "class_groups"
    __table_args__ = (
        UniqueConstraint("institution_id", "school_year_id", "label"),
        CheckConstraint("(grade IS NULL) <> (course IS NULL)", name="grade_or_course"),
    )

    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"), index=True)
    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_years.id"))
    grade: Mapped[int | None]
    course: Mapped[int | None]
    label: Mapped[str] = mapped_column(String(20))


class Ngo(IdMixin, TimestampMixin, Base):
    """A youth NGO: an organisation in the register beside municipalities and institutions (its
    initiatives and activities are the ngo domain's)."""

    __tablename__ = "ngos"

    name: Mapped[str] = mapped_column(String(300))
    registration_number: Mapped[str] = mapped_column(String(20), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
