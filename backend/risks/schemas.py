import uuid
from typing import Annotated

from pydantic import StringConstraints

from backend.core.schemas import Schema

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]


class RiskGroupRead(Schema):
    id: uuid.UUID
    code: str
    label_lv: str
    label_en: str
    position: int


class RiskFactorCreate(Schema):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}\d{2}$")]
    group_id: uuid.UUID
    label_lv: Label
    label_en: Label
    sensitive: bool = False


class RiskFactorUpdate(Schema):
    label_lv: Label | None = None
    label_en: Label | None = None
    sensitive: bool | None = None
    active: bool | None = None


class RiskFactorRead(Schema):
    id: uuid.UUID
    code: str
    group_id: uuid.UUID
    label_lv: str
    label_en: str
    sensitive: bool
    active: bool
    position: int
