"""Recording and reading the audit trail of personal data."""

import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Insert,
    Select,
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

from backend.audit import repository
from backend.audit.models import AuditAction, AuditEvent
from backend.audit.schemas import AuditEventRead
from backend.auth.principal import Principal
from backend.auth.roles import ScopeType
from backend.core.context import request_context
from backend.core.db import random_uuid, utcnow, uuid_text
from backend.core.pagination import PageParams, paginate
from backend.core.spreadsheet import safe_cell


def _row(
    principal: Principal | None,
    action: AuditAction,
    resource_type: str,
    resource_id: object | None,
    *,
    student_id: uuid.UUID | None,
    institution_id: uuid.UUID | None,
    detail: str | None,
    at: datetime,
) -> dict[str, object]:
    ctx = request_context()
    return {
        "id": uuid.uuid4(),
        "at": at,
        "created_at": at,
        "updated_at": at,
        "actor_user_id": principal.user_id if principal else None,
        "actor_client_id": principal.client_id if principal else None,
        "actor_role": principal.role.value if principal else None,
        "action": action,
        "resource_type": resource_type,
        "resource_id": str(resource_id) if resource_id is not None else None,
        "student_id": student_id,
        "institution_id": institution_id,
        "request_id": ctx.request_id,
        "client_address": ctx.client_address,
        "detail": detail,
    }


def record(
    session: Session,
    principal: Principal | None,
    action: AuditAction,
    resource_type: str,
    resource_id: object | None,
    *,
    student_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
    detail: str | None = None,
) -> None:
    """Add one audit event to the current transaction."""
    row = _row(
        principal,
        action,
        resource_type,
        resource_id,
        student_id=student_id,
        institution_id=institution_id,
        detail=detail,
        at=utcnow(),
    )
    session.execute(insert(AuditEvent), [row])


_SELECTED = ("resource_id", "student_id", "institution_id", "id")


def insert_for_rows(
    principal: Principal | None,
    action: AuditAction,
    resource_type: str,
    resource_id: ColumnElement[object],
    student_id: ColumnElement[uuid.UUID],
    institution_id: ColumnElement[uuid.UUID],
    *,
    detail: str | None = None,
    at: datetime | None = None,
    bound: bool = False,
) -> Insert:
    """An ``INSERT … SELECT`` of one audit event per row the given columns come from, so that a
    read and its audit can travel to the database as one statement (a data-modifying CTE).

    With ``bound``, the event's other values are parameters named ``audit_<column>`` (give them
    with ``bound_values``), so one statement can be built once and run for every caller."""
    values = _row(
        principal,
        action,
        resource_type,
        None,
        student_id=None,
        institution_id=None,
        detail=detail,
        at=at or utcnow(),
    )
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


def bound_values(
    principal: Principal, action: AuditAction, resource_type: str, *, detail: str | None = None
) -> dict[str, object]:
    """The parameters of an ``insert_for_rows(..., bound=True)`` statement for this caller."""
    values = _row(
        principal,
        action,
        resource_type,
        None,
        student_id=None,
        institution_id=None,
        detail=detail,
        at=utcnow(),
    )
    return {f"audit_{k}": v for k, v in values.items() if k not in _SELECTED}


def _is_uuid(column: ColumnElement[Any]) -> bool:
    return isinstance(column.type, Uuid)


def record_many(
    session: Session,
    principal: Principal | None,
    action: AuditAction,
    resource_type: str,
    rows: Iterable[tuple[object, uuid.UUID | None, uuid.UUID | None]],
    *,
    detail: str | None = None,
) -> None:
    """One event for each (resource id, student id, institution id), in one insert."""
    at = utcnow()
    rows = list(rows)
    if rows and session.get_bind().dialect.name == "postgresql":
        # Three arrays instead of a parameter per column and row: the same rows, bound cheaply.
        ids, students, institutions = zip(*rows, strict=True)
        session.execute(
            insert_for_rows(
                principal,
                action,
                resource_type,
                func.unnest(literal([str(i) for i in ids], ARRAY(String))),
                func.unnest(literal(list(students), ARRAY(Uuid))),
                func.unnest(literal(list(institutions), ARRAY(Uuid))),
                detail=detail,
                at=at,
            )
        )
        return
    batch = [
        _row(
            principal,
            action,
            resource_type,
            resource_id,
            student_id=student_id,
            institution_id=institution_id,
            detail=detail,
            at=at,
        )
        for resource_id, student_id, institution_id in rows
    ]
    if batch:
        session.execute(insert(AuditEvent), batch)


def record_reads(
    session: Session,
    principal: Principal,
    resource_type: str,
    rows: Iterable[tuple[object, uuid.UUID | None, uuid.UUID | None]],
) -> None:
    """One ``read`` event for each (resource id, student id, institution id) shown to a user."""
    record_many(session, principal, AuditAction.read, resource_type, rows)


@dataclass(frozen=True)
class EventFilters:
    student_id: uuid.UUID | None = None
    actor_user_id: uuid.UUID | None = None
    action: AuditAction | None = None
    resource_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(principal: Principal, filters: EventFilters) -> Select[AuditEvent]:
    stmt = repository.readable_events(principal)
    if filters.student_id:
        stmt = stmt.where(AuditEvent.student_id == filters.student_id)
    if filters.actor_user_id:
        stmt = stmt.where(AuditEvent.actor_user_id == filters.actor_user_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.resource_type:
        stmt = stmt.where(AuditEvent.resource_type == filters.resource_type)
    if filters.since:
        stmt = stmt.where(AuditEvent.at >= filters.since)
    if filters.until:
        stmt = stmt.where(AuditEvent.at < filters.until)
    return stmt


def to_reads(session: Session, rows: Sequence[AuditEvent]) -> list[AuditEventRead]:
    """The events with their actors' names."""
    names = repository.user_names(session, {r.actor_user_id for r in rows if r.actor_user_id})
    return [
        AuditEventRead.model_validate(r).model_copy(
            update={"actor_name": names.get(r.actor_user_id) if r.actor_user_id else None}
        )
        for r in rows
    ]


def list_events(
    session: Session, principal: Principal, page: PageParams, filters: EventFilters
) -> tuple[list[AuditEventRead], str | None]:
    stmt = _filtered(principal, filters)
    rows, cursor = paginate(session, stmt, [AuditEvent.at, AuditEvent.id], page, descending=True)
    return to_reads(session, rows), cursor


# The most events one CSV export holds; narrow the filters for more.
CSV_MAX_ROWS = 10_000

CSV_COLUMNS = (
    "at",
    "actor_name",
    "actor_user_id",
    "actor_client_id",
    "actor_role",
    "action",
    "resource_type",
    "resource_id",
    "student_id",
    "institution_id",
    "request_id",
    "client_address",
    "detail",
)


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text (see ``core.spreadsheet``)."""
    return safe_cell("" if value is None else str(value))


def events_csv(session: Session, principal: Principal, filters: EventFilters) -> str:
    """The filtered events in scope, newest first, as CSV; the export itself is audited."""
    stmt = _filtered(principal, filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    rows = to_reads(session, list(session.scalars(stmt.limit(CSV_MAX_ROWS))))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = row.model_dump()
        writer.writerow([csv_cell(values[c]) for c in CSV_COLUMNS])
    record(
        session,
        principal,
        AuditAction.export,
        "audit_events",
        None,
        # The student is named only when rows about them were found in scope: a filter by a
        # student of another scope answers nothing and must not leave their id in the trail.
        student_id=filters.student_id if rows else None,
        institution_id=principal.scope_id
        if principal.scope_type is ScopeType.institution
        else None,
        detail=f"csv:{len(rows)}",
    )
    return out.getvalue()
