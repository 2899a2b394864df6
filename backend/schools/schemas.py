import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from backend.core.schemas import Schema
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
    municipality_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _municipality_fits_type(self) -> Self:
        if self.type is InstitutionType.general_municipal and self.municipality_id is None:
            raise ValueError("municipality_id is required for a municipal school")
        if self.type is not InstitutionType.general_municipal and self.municipality_id:
            # A municipality would put a state institution in its coordinator's scope.
            raise ValueError("a state institution has no municipality_id")
        return self


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
    starts_on: date
    ends_on: date


class SchoolYearCreate(Schema):
    name: Annotated[str, StringConstraints(pattern=r"^\d{4}/\d{4}$")]
    starts_on: date
    ends_on: date
    semesters: Annotated[list[SemesterCreate], Field(min_length=2, max_length=2)]

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.ends_on <= self.starts_on:
            raise ValueError("ends_on must be after starts_on")
        first, second = sorted(self.semesters, key=lambda s: s.number)
        if (first.number, second.number) != (1, 2):
            raise ValueError("a school year has semesters 1 and 2")
        for s in (first, second):
            if not (self.starts_on <= s.starts_on < s.ends_on <= self.ends_on):
                raise ValueError(f"semester {s.number} must lie inside the school year")
        if second.starts_on <= first.ends_on:
            raise ValueError("semester 2 must start after semester 1 ends")
        return self


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
    grade: Annotated[int | None, Field(ge=1, le=12)] = None
    course: Annotated[int | None, Field(ge=1, le=4)] = None
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _grade_or_course(self) -> Self:
        if (self.grade is None) == (self.course is None):
            raise ValueError("give either grade (1-12) or vocational course (1-4)")
        return self


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
