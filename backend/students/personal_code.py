"""Latvian personal codes (personas kods).

Legacy codes ``DDMMYY-CNNNX`` carry the birth date, a century digit (0: 1800s, 1: 1900s,
2: 2000s) and a mod-11 check digit; a wrong check digit is a warning, because such codes were
issued in practice. New codes (from July 2017) are ``3[2-9]NNNN-NNNNN`` and carry no date;
only their shape can be checked.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from backend.core.messages import Message, msg

_LEGACY = re.compile(r"^(\d{2})(\d{2})(\d{2})-?([012])(\d{3})(\d)$")
_NEW = re.compile(r"^(3[2-9]\d{4})-?(\d{5})$")
_WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CENTURY = {"0": 1800, "1": 1900, "2": 2000}


class CodeFormat(StrEnum):
    legacy = "legacy"
    new = "new"


class CodeWarning(StrEnum):
    check_digit_mismatch = "personal_code_check_digit_mismatch"
    birth_date_mismatch = "personal_code_birth_date_mismatch"


class InvalidPersonalCode(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PersonalCode:
    normalized: str
    format: CodeFormat
    birth_date: date | None = None
    warnings: list[CodeWarning] = field(default_factory=list)


def check_digit(first_ten: str) -> int | None:
    """The legacy check digit of the first ten digits, or None when no digit can satisfy it."""
    total = sum(int(d) * w for d, w in zip(first_ten, _WEIGHTS, strict=True))
    value = (1101 - total) % 11
    return None if value == 10 else value


def parse(raw: str, *, date_of_birth: date | None = None) -> PersonalCode:
    code = re.sub(r"\s", "", raw)
    if m := _NEW.match(code):
        return PersonalCode(normalized=f"{m.group(1)}-{m.group(2)}", format=CodeFormat.new)
    m = _LEGACY.match(code)
    if not m:
        raise InvalidPersonalCode(msg("personal-code.format"))
    dd, mm, yy, century, serial, check = m.groups()
    try:
        born = date(_CENTURY[century] + int(yy), int(mm), int(dd))
    except ValueError as exc:
        raise InvalidPersonalCode(msg("personal-code.date")) from exc
    warnings: list[CodeWarning] = []
    digits = f"{dd}{mm}{yy}{century}{serial}"
    if check_digit(digits) != int(check):
        warnings.append(CodeWarning.check_digit_mismatch)
    if date_of_birth is not None and date_of_birth != born:
        warnings.append(CodeWarning.birth_date_mismatch)
    return PersonalCode(
        normalized=f"{dd}{mm}{yy}-{century}{serial}{check}",
        format=CodeFormat.legacy,
        birth_date=born,
        warnings=warnings,
    )


MASKED = "******-*****"


def mask(normalized: str) -> str:
    """Hide every digit: with the birth date shown beside it, even the last two digits (one of
    them the check digit) narrow a legacy code to a handful of candidates."""
    del normalized
    return MASKED
