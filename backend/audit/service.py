"""Recording the audit trail of personal data: every domain writes it through this module
(reading it is ``backend.auditlog``)."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Insert,
)
from sqlalchemy.orm import Session

from backend.audit import repository
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import utcnow
from backend.core.context import request_context
from backend.identity.principal import Principal


def _row(
    principal: Principal | None,
    action: AuditAction,
    resource_type: ResourceType,
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
    resource_type: ResourceType,
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
    repository.insert_events(session, [row])


def insert_for_rows(
    principal: Principal | None,
    action: AuditAction,
    resource_type: ResourceType,
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
    values = _event(principal, action, resource_type, detail, at or utcnow())
    return repository.insert_per_row(values, resource_id, student_id, institution_id, bound=bound)


def _event(
    principal: Principal | None,
    action: AuditAction,
    resource_type: ResourceType,
    detail: str | None,
    at: datetime,
) -> dict[str, object]:
    """An event's values but those of the row it is about (resource, student, institution)."""
    return _row(
        principal,
        action,
        resource_type,
        None,
        student_id=None,
        institution_id=None,
        detail=detail,
        at=at,
    )


def bound_values(
    principal: Principal,
    action: AuditAction,
    resource_type: ResourceType,
    *,
    detail: str | None = None,
) -> dict[str, object]:
    """The parameters of an ``insert_for_rows(..., bound=True)`` statement for this caller."""
    return repository.bound_params(_event(principal, action, resource_type, detail, utcnow()))


def record_many(
    session: Session,
    principal: Principal | None,
    action: AuditAction,
    resource_type: ResourceType,
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
        values = _event(principal, action, resource_type, detail, at)
        repository.insert_unnested(session, ids, students, institutions, values)
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
        repository.insert_events(session, batch)


def record_reads(
    session: Session,
    principal: Principal,
    resource_type: ResourceType,
    rows: Iterable[tuple[object, uuid.UUID | None, uuid.UUID | None]],
) -> None:
    """One ``read`` event for each (resource id, student id, institution id) shown to a user."""
    record_many(session, principal, AuditAction.read, resource_type, rows)
