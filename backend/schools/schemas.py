import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.schools.models import ApprovalRoute, InstitutionType

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class MunicipalityCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    atvk_code: Annotated[str, StringConstraints(pattern=r"^\d{7}$")]


class MunicipalityRead(Schema):
    id: uuid.UUID
    name: str
    atvk_code: str


class InstitutionCreate(Schema):
    name: Name
    registration_number: Annotated[str, StringConstraints(pattern=r"^\d{10,11}$")]
    type: InstitutionType
    municipality_id: uuid.UUID | None = Field(default=None, validate_default=True)

    @field_validator("municipality_id")
    @classmethod
    def _municipality_fits_type(
        cls, municipality_id: uuid.UUID | None, info: ValidationInfo
    ) -> uuid.UUID | None:
        kind = info.data.get("type")
        if kind is InstitutionType.general_municipal and municipality_id is None:
            raise invalid("institution.municipality-required")
        if kind is not None and kind is not InstitutionType.general_municipal and municipality_id:
            # A municipality would put a state institution in its coordinator's scope.
            raise invalid("institution.state-no-municipality")
        return municipality_id


class InstitutionUpdate(Schema):
    name: Name | None = None
    active: bool | None = None


class InstitutionRead(Schema):
    id: uuid.UUID
    name: str
    registration_number: str
    type: InstitutionType
    municipality_id: uuid.UUID | None
    approval_route: ApprovalRoute
    active: bool


class SemesterCreate(Schema):
    number: Annotated[int, Field(ge=1, le=2)]
    starts_on: Day
    ends_on: Day


class SchoolYearCreate(Schema):
    name: Annotated[str, StringConstraints(pattern=r"^\d{4}/\d{4}$")]
    starts_on: Day
    ends_on: Day
    semesters: Annotated[list[SemesterCreate], Field(min_length=2, max_length=2)]

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on <= starts_on:
            raise invalid("period.ends-not-after-start")
        return ends_on

    @field_validator("semesters")
    @classmethod
    def _semesters_fit(
        cls, semesters: list[SemesterCreate], info: ValidationInfo
    ) -> list[SemesterCreate]:
        first, second = sorted(semesters, key=lambda s: s.number)
        if (first.number, second.number) != (1, 2):
            raise invalid("school-year.two-semesters")
        starts_on, ends_on = info.data.get("starts_on"), info.data.get("ends_on")
        if starts_on is not None and ends_on is not None:
            for s in (first, second):
                if not (starts_on <= s.starts_on < s.ends_on <= ends_on):
                    raise invalid("school-year.semester-outside", number=s.number)
        if second.starts_on <= first.ends_on:
            raise invalid("school-year.semesters-overlap")
        return semesters


class SemesterRead(Schema):
    id: uuid.UUID
    school_year_id: uuid.UUID
    number: int
    starts_on: date
    ends_on: date


class SchoolYearRead(Schema):
    id: uuid.UUID
    name: str
    starts_on: date
    ends_on: date
    semesters: list[SemesterRead]


class ClassGroupCreate(Schema):
    institution_id: uuid.UUID
    school_year_id: uuid.UUID
    # course comes first so that the check on grade sees it.
    course: Annotated[int | None, Field(ge=1, le=4)] = None
    grade: Annotated[int | None, Field(ge=1, le=12, validate_default=True)] = None
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]

    @field_validator("grade")
    @classmethod
    def _grade_or_course(cls, grade: int | None, info: ValidationInfo) -> int | None:
        if "course" in info.data and (grade is None) == (info.data["course"] is None):
            raise invalid("class.grade-or-course")
        return grade


class ClassGroupUpdate(Schema):
    label: Annotated[
        str | None, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)
    ] = None


class ClassGroupRead(Schema):
    id: uuid.UUID
    institution_id: uuid.UUID
    school_year_id: uuid.UUID
    grade: int | None
    course: int | None
    label: str
    created_at: datetime
