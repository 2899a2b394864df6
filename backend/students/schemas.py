import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints, ValidationInfo, field_validator

from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.risks.models import RiskLevel
from backend.students.models import ExitReason, Gender, GuardianRelation

PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
CodeInput = Annotated[str, StringConstraints(strip_whitespace=True, min_length=11, max_length=14)]


class StudentCreate(Schema):
    given_name: PersonName
    family_name: PersonName
    date_of_birth: Day
    personal_code: CodeInput
    gender: Gender | None = None
    language: Language = "lv"
    institution_id: uuid.UUID
    class_group_id: uuid.UUID | None = None
    enrolled_on: Day | None = Field(default=None, description="Default: today")


class StudentUpdate(Schema):
    given_name: PersonName | None = None
    family_name: PersonName | None = None
    date_of_birth: Day | None = None
    personal_code: CodeInput | None = None
    gender: Gender | None = None
    language: Language | None = None


class StudentRead(Schema):
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date
    personal_code: str = Field(
        description="Fully masked (******-*****) for roles that may not see it"
    )
    personal_code_masked: bool
    gender: Gender | None
    language: str
    institution_id: uuid.UUID | None
    institution_name: str | None
    municipality_id: uuid.UUID | None = Field(description="None for state institutions")
    municipality_name: str | None
    class_group_id: uuid.UUID | None
    class_label: str | None
    grade: int | None
    course: int | None
    enrolled: bool
    version: int
    created_at: datetime
    updated_at: datetime
    warnings: list[str] = Field(
        default_factory=list, description="Warnings about the data just written"
    )


OpenPlanStatus = Literal[
    "draft",
    "submitted",
    "approved_school",
    "approved_municipality",
    "returned",
    "active",
    "evaluated",
]


class StudentListItem(StudentRead):
    """A row of the students list: the student, the open plan and how much at risk."""

    open_plan_id: uuid.UUID | None = Field(
        default=None, description="The student's newest open plan (not closed or discontinued)"
    )
    open_plan_status: OpenPlanStatus | None = None
    flag_level: Literal["watch", "alert"] | None = Field(
        default=None,
        description="The highest level of the student's open early-identification flags in the "
        "current semester (None for roles that do not read indicators)",
    )
    risk_level: RiskLevel | None = Field(
        default=None,
        description="The open plan's rated risk level; without one, the flag level (alert: "
        "high, watch: medium)",
    )


class EnrollmentCreate(Schema):
    institution_id: uuid.UUID
    class_group_id: uuid.UUID | None = None
    from_date: Day


class EnrollmentEnd(Schema):
    to_date: Day
    exit_reason: ExitReason


class EnrollmentRead(Schema):
    id: uuid.UUID
    student_id: uuid.UUID
    institution_id: uuid.UUID
    class_group_id: uuid.UUID | None
    from_date: date
    to_date: date | None
    exit_reason: ExitReason | None


Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()-]{7,20}$")]


class GuardianCreate(Schema):
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)
    ]
    relation: GuardianRelation
    phone: Phone | None = None
    email: EmailStr | None = None
    is_legal_representative: bool = True


class GuardianUpdate(Schema):
    full_name: Annotated[
        str | None, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)
    ] = None
    relation: GuardianRelation | None = None
    phone: Phone | None = None
    email: EmailStr | None = None
    is_legal_representative: bool | None = None


class GuardianRead(Schema):
    id: uuid.UUID
    full_name: str
    relation: GuardianRelation
    phone: str | None
    email: str | None
    is_legal_representative: bool
    ended_on: date | None = Field(
        description="The day the guardian stopped being the student's guardian; null while current."
    )
    end_reason: str | None


class GuardianEnd(Schema):
    """Ending a guardian's link to the student: kept on record, never deleted."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
    ended_on: Day | None = Field(default=None, description="Defaults to today; not in the future.")


class ConsentCreate(Schema):
    guardian_id: uuid.UUID | None = None
    given_by_student: bool = Field(default=False, validate_default=True)
    given_on: Day
    school_year_id: uuid.UUID
    document_reference: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]

    @field_validator("given_by_student")
    @classmethod
    def _one_giver(cls, given_by_student: bool, info: ValidationInfo) -> bool:
        if "guardian_id" in info.data and given_by_student == (
            info.data["guardian_id"] is not None
        ):
            raise invalid("consent.guardian-or-student")
        return given_by_student


class ConsentWithdraw(Schema):
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=500),
        Field(description="Why the consent ends (e.g. the guardian withdrew it in writing)"),
    ]


class ConsentRead(Schema):
    id: uuid.UUID
    student_id: uuid.UUID
    guardian_id: uuid.UUID | None
    given_by_student: bool
    given_by_name: str | None = Field(
        default=None, description="The guardian who signed, or the adult student"
    )
    given_on: date
    school_year_id: uuid.UUID
    school_year_name: str | None = None
    document_reference: str
    withdrawn_at: datetime | None
    withdrawal_reason: str | None = None
    valid: bool
