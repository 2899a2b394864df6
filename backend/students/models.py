import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class Gender(StrEnum):
    female = "female"
    male = "male"
    other = "other"


class ExitReason(StrEnum):
    graduated = "graduated"
    transferred = "transferred"
    left_education = "left_education"
    other = "other"


class GuardianRelation(StrEnum):
    mother = "mother"
    father = "father"
    grandparent = "grandparent"
    foster_parent = "foster_parent"
    legal_guardian = "legal_guardian"
    other = "other"


class Student(IdMixin, TimestampMixin, Base):
    __tablename__ = "students"
    __table_args__ = (
        # Lists are ordered by name, nationally or within an institution (keyset pages).
        Index("ix_students_name_order", "family_name", "given_name", "id"),
        Index(
            "ix_students_institution_name_order",
            "institution_id",
            "family_name",
            "given_name",
            "id",
        ),
        # Name search is a substring match: trigrams on PostgreSQL (pg_trgm).
        Index(
            "ix_students_search_name_trgm",
            "search_name",
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        ),
    )

    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    # Lower-case, without diacritics: "berzina anna" finds "Bērziņa Anna" on every database.
    search_name: Mapped[str] = mapped_column(String(201), index=True)
    date_of_birth: Mapped[date]
    personal_code_encrypted: Mapped[str] = mapped_column(String(200))
    personal_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    language: Mapped[str] = mapped_column(String(8), default="lv")
    # The institution of the current enrollment (kept by the enrollment service).
    institution_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("institutions.id"), index=True
    )
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("class_groups.id"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)


class Enrollment(IdMixin, TimestampMixin, Base):
    __tablename__ = "enrollments"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"), index=True)
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_groups.id"))
    from_date: Mapped[date]
    to_date: Mapped[date | None]
    exit_reason: Mapped[ExitReason | None] = mapped_column(enum_type(ExitReason))


class Guardian(IdMixin, TimestampMixin, Base):
    __tablename__ = "guardians"

    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))


class StudentGuardian(TimestampMixin, Base):
    __tablename__ = "student_guardians"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), primary_key=True)
    guardian_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("guardians.id"), primary_key=True)
    relation: Mapped[GuardianRelation] = mapped_column(enum_type(GuardianRelation))
    is_legal_representative: Mapped[bool] = mapped_column(default=True)
    # An ended guardian stays on record (consents they signed keep their signer).
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(String(500))


class Consent(IdMixin, TimestampMixin, Base):
    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(
            "(guardian_id IS NULL) = given_by_student", name="given_by_guardian_or_student"
        ),
        UniqueConstraint("student_id", "school_year_id", "document_reference"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    guardian_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("guardians.id"))
    given_by_student: Mapped[bool] = mapped_column(default=False)
    given_on: Mapped[date]
    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_years.id"))
    document_reference: Mapped[str] = mapped_column(String(100))
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(String(500))
