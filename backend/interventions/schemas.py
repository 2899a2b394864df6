import uuid
from typing import Annotated

from pydantic import Field, StringConstraints

from backend.core.schemas import Schema
from backend.interventions.models import MeasureCategory, MeasureUnit

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
