"""SQL of the audit trail's writes: events are only ever inserted."""

import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Insert,
    String,
    Uuid,
    bindparam,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.db import ordered_uuid, uuid_text


def insert_events(session: Session, rows: list[dict[str, object]]) -> None:
    session.execute(insert(AuditEvent), rows)


# The columns ``insert_per_row`` takes from each row; the event's other values are the same for
# every row (literals, or ``audit_<column>`` parameters: ``bound_params``).
PER_ROW = ("resource_id", "student_id", "institution_id", "id")


def bound_params(values: dict[str, object]) -> dict[str, object]:
    """The ``audit_<column>`` parameters of a bound ``insert_per_row`` statement."""
    return {f"audit_{k}": v for k, v in values.items() if k not in PER_ROW}


def insert_per_row(
    values: dict[str, object],
    resource_id: ColumnElement[object],
    student_id: ColumnElement[uuid.UUID],
    institution_id: ColumnElement[uuid.UUID],
    *,
    bound: bool,
) -> Insert:
    """An ``INSERT … SELECT`` of one event per row the three columns come from; the event's
    other ``values`` are literals, or with ``bound`` parameters named ``audit_<column>``."""
    columns = AuditEvent.__table__.c
    chosen: dict[str, ColumnElement[Any]] = {
        "resource_id": uuid_text(resource_id) if _is_uuid(resource_id) else resource_id,
        "student_id": student_id,
        "institution_id": institution_id,
        # Each row needs its own id, made by the database (in time order: see ``ordered_uuid``).
        "id": ordered_uuid(),
    }
    names = list(values)
    selected: list[ColumnElement[Any]] = [
        chosen[name]
        if name in chosen
        else bindparam(f"audit_{name}", type_=columns[name].type)
        if bound
        else literal(values[name], columns[name].type)
        for name in names
    ]
    return insert(AuditEvent).from_select(names, select(*selected))


@lru_cache(maxsize=1)
def _insert_unnested(names: tuple[str, ...]) -> Insert:
    ids = func.unnest(bindparam("audit_ids", type_=ARRAY(String)))
    students = func.unnest(bindparam("audit_students", type_=ARRAY(Uuid)))
    institutions = func.unnest(bindparam("audit_institutions", type_=ARRAY(Uuid)))
    return insert_per_row(dict.fromkeys(names), ids, students, institutions, bound=True)


def insert_unnested(
    session: Session,
    ids: Sequence[object],
    students: Sequence[uuid.UUID | None],
    institutions: Sequence[uuid.UUID | None],
    values: dict[str, object],
) -> None:
    """One event per (id, student, institution), the rows bound as three arrays and the event's
    other ``values`` as parameters (PostgreSQL). The statement is built once and runs on the
    connection (given parameters, the session would take it for an ORM bulk insert)."""
    params = {
        "audit_ids": [str(i) for i in ids],
        "audit_students": list(students),
        "audit_institutions": list(institutions),
        **bound_params(values),
    }
    session.connection().execute(_insert_unnested(tuple(values)), params)


def _is_uuid(column: ColumnElement[Any]) -> bool:
    return isinstance(column.type, Uuid)


def code_taken(session: Session, model: Any, code: object) -> bool:
    """Whether a catalogue (risk factors, measure types) holds an entry with this code."""
    return session.scalar(select(model.id).where(model.code == code)) is not None


def last_position(session: Session, model: Any) -> int | None:
    """The highest position in a catalogue, if it holds any entry."""
    last: int | None = session.scalar(select(func.max(model.position)))
    return last
