"""SQL of the audit trail's writes: events are only ever inserted."""

import uuid
from collections.abc import Sequence
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
from backend.core.db import random_uuid, uuid_text


def insert_events(session: Session, rows: list[dict[str, object]]) -> None:
    session.execute(insert(AuditEvent), rows)


def run(session: Session, statement: Insert) -> None:
    session.execute(statement)


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
        # Each row needs its own id, made by the database.
        "id": random_uuid(),
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


def unnested(
    ids: Sequence[object],
    students: Sequence[uuid.UUID | None],
    institutions: Sequence[uuid.UUID | None],
) -> tuple[ColumnElement[Any], ColumnElement[Any], ColumnElement[Any]]:
    """Three arrays instead of a parameter per column and row (PostgreSQL): the same rows,
    bound cheaply."""
    return (
        func.unnest(literal([str(i) for i in ids], ARRAY(String))),
        func.unnest(literal(list(students), ARRAY(Uuid))),
        func.unnest(literal(list(institutions), ARRAY(Uuid))),
    )


def _is_uuid(column: ColumnElement[Any]) -> bool:
    return isinstance(column.type, Uuid)


def code_taken(session: Session, model: Any, code: object) -> bool:
    """Whether a catalogue (risk factors, measure types) holds an entry with this code."""
    return session.scalar(select(model.id).where(model.code == code)) is not None


def last_position(session: Session, model: Any) -> int | None:
    """The highest position in a catalogue, if it holds any entry."""
    last: int | None = session.scalar(select(func.max(model.position)))
    return last
