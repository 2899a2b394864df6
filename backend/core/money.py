"""Money: amounts in euros are exact decimals with two places, kept in whole cents in the
database, and written in JSON as decimal strings ("12.50"). One rounding: half up."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")


def quantize(amount: Decimal) -> Decimal:
    """The amount in whole cents, rounded half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    return int(quantize(amount) * 100)


def to_cents_or_none(amount: Decimal | None) -> int | None:
    return None if amount is None else to_cents(amount)


def from_cents(cents: int) -> Decimal:
    return quantize(Decimal(cents) / 100)


def from_cents_or_none(cents: int | None) -> Decimal | None:
    return None if cents is None else from_cents(cents)


def as_string(amount: Decimal) -> str:
    """The JSON form of an amount: a decimal string with two places, e.g. ``"12.50"``."""
    return str(quantize(amount))


# Euros, written in JSON as a decimal string with two places; read from a string or a number.
Euros = Annotated[
    Decimal,
    Field(max_digits=12, decimal_places=2),
    PlainSerializer(as_string, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "format": "decimal", "pattern": r"^-?\d+\.\d{2}$"},
        mode="serialization",
    ),
]
