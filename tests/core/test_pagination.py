"""Keyset cursors: opaque, and a cursor that is not one of ours is a 422, never a 500."""

import base64
import json
import uuid
from datetime import UTC, datetime

import pytest

from backend.audit.models import AuditEvent
from backend.core.errors import InvalidInput
from backend.core.pagination import decode_cursor, encode_cursor
from backend.students.models import Student

KEYS = [AuditEvent.at, AuditEvent.id]
AN_ID = "0d9f3a52-6c1e-4b7a-9a51-5c0f0e2a9d11"


def _raw(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_round_trip_keeps_types() -> None:
    at, id = datetime(2025, 9, 1, 8, 30, tzinfo=UTC), uuid.uuid4()
    assert decode_cursor(encode_cursor([at, id]), KEYS) == [at, id]
    names = ["Bērziņa", "Anna", id]
    keys = [Student.family_name, Student.given_name, Student.id]
    assert decode_cursor(encode_cursor(names), keys) == names


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "bm90IGpzb24",  # "not json"
        _raw({"a": 1}),
        _raw(["2025-09-01T08:30:00+00:00"]),  # too short
        _raw(["yesterday", AN_ID]),
        _raw(["2025-09-01T08:30:00+00:00", 123]),  # not a uuid string
        _raw(["2025-09-01T08:30:00+00:00", "not-a-uuid"]),
        _raw(["2025-09-01T08:30:00", AN_ID]),  # no time zone
        _raw([1, AN_ID]),
    ],
)
def test_foreign_cursor_is_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode_cursor(cursor, KEYS)
    assert caught.value.errors is not None
    assert caught.value.errors[0].loc == ["query", "cursor"]


def test_wrong_type_for_a_text_key_is_invalid_input() -> None:
    keys = [Student.family_name, Student.given_name, Student.id]
    with pytest.raises(InvalidInput):
        decode_cursor(_raw([1, "Anna", AN_ID]), keys)
