"""Plan statuses for other systems: no names, no notes, no factors."""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.db import DriverStatement
from backend.core.errors import InvalidInput
from backend.core.messages import msg
from backend.core.pagination import PageParams
from backend.identity.principal import Principal
from backend.plans import repository
from backend.plans.measures import repository as measures_repository
from backend.plans.models import PlanStatus, SupportPlan
from backend.plans.repository import PlanFilters
from backend.plans.repository import statuses as status_repository
from backend.plans.schemas import PlanStatusRead, SemesterRef


def status_reads(session: Session, plans: Sequence[SupportPlan]) -> list[PlanStatusRead]:
    semesters = repository.semesters_with_years(session, {p.semester_id for p in plans})
    counts = measures_repository.counts_for_plans(session, [p.id for p in plans])
    reads = []
    for p in plans:
        semester, year = semesters[p.semester_id]
        measures, deliveries = counts.get(p.id, (0, 0))
        reads.append(
            PlanStatusRead(
                plan_id=p.id,
                plan_code=p.code,
                status=p.status,
                status_changed_at=p.status_changed_at,
                semester=SemesterRef(id=semester.id, school_year=year.name, number=semester.number),
                institution_id=p.institution_id,
                risk_level=p.risk_level,
                measures_planned=measures,
                deliveries_count=deliveries,
                version=p.version,
                updated_at=p.updated_at,
            )
        )
    return reads


def status_etag(version: int) -> str:
    return f'"{version}"'


def read_status(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    *,
    known_etags: frozenset[str] = frozenset(),
) -> PlanStatusRead | str:
    """The plan's status, read and audited in one statement; or, when the caller already holds
    the current version (``If-None-Match``), just its ETag: decided first, from the version
    alone, with nothing read or written but that (a 304 discloses nothing new)."""
    if known_etags:
        etag = status_etag(status_repository.status_version(session, principal, id))
        if etag in known_etags:
            return etag

    audit = audit_service.bound_values(principal, AuditAction.read, ResourceType.plan_status)
    row = status_repository.status_row(session, principal, id, audit)
    return _status_read(row)


@dataclass(frozen=True, eq=False)
class Guard:
    """What must hold, in the same statement, for a status to be read (``read_status_guarded``):
    ``condition`` (with its own parameters), and data-modifying statements to run alongside. Made
    once; a statement is built once for each guard and kind of scope."""

    condition: ColumnElement[bool]
    alongside: tuple[Executable, ...] = field(default=())


_STRONG_ETAG = re.compile(r'"(\d{1,18})"')


def guarded_status_pull(
    principal: Principal,
    id: uuid.UUID,
    guard: Guard,
    guard_params: dict[str, object],
    *,
    known_etags: frozenset[str] = frozenset(),
) -> tuple[DriverStatement, dict[str, object]]:
    """``read_status`` as one statement on a driver connection (PostgreSQL), with ``guard``
    checked in it; ``guarded_status_pulled`` reads its row."""
    known = [int(m.group(1)) for e in known_etags if (m := _STRONG_ETAG.fullmatch(e))]
    statement = status_repository.guarded_status_statement(
        principal.scope_type, guard.condition, guard.alongside
    )
    values: dict[str, object] = {
        "plan_id": id,
        "scope_id": principal.scope_id,
        "known_versions": known,
        **audit_service.bound_values(principal, AuditAction.read, ResourceType.plan_status),
        **guard_params,
    }
    return statement, statement.params(values)


def guarded_status_pulled(
    row: Any | None, known_etags: frozenset[str] = frozenset()
) -> PlanStatusRead | str | None:
    """The status (its read was audited), or its ETag when the caller holds the current version
    (nothing was recorded), or None when the plan is not in scope or the guard refused: the
    caller then answers the usual way, which tells which."""
    if row is None:
        return None
    etag = status_etag(row.version)
    if etag in known_etags:
        return etag
    return _status_read(row)


def guarded_statuses_page(
    principal: Principal,
    page: PageParams,
    guard: Guard,
    guard_params: dict[str, object],
    *,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    updated_since: datetime | None = None,
) -> tuple[DriverStatement, dict[str, object]]:
    """``list_statuses`` as one statement on a driver connection (PostgreSQL), with ``guard``
    checked in it; ``guarded_statuses_paged`` reads its rows."""
    if updated_since and updated_since.tzinfo is None:
        raise InvalidInput.field(["query", "updated_since"], msg("time.zone-required"))
    filters = PlanFilters(institution_id=institution_id, semester_id=semester_id, status=status)
    statement, values = status_repository.guarded_statuses_page_statement(
        principal, page, filters, updated_since, guard.condition, guard.alongside
    )
    return statement, statement.params(values | guard_params)


def guarded_statuses_paged(rows: list[Any], limit: int) -> tuple[list[PlanStatusRead], str | None]:
    """The statuses of a page read by ``guarded_statuses_page`` (its rows were audited), and the
    next page's cursor. No rows may also mean the guard refused: the caller answers an empty
    page the usual way."""
    shown, cursor = status_repository.statuses_page_cut(rows, limit)
    return [_status_read(r) for r in shown], cursor


def _status_read(row: Any) -> PlanStatusRead:
    return PlanStatusRead(
        plan_id=row.plan_id,
        plan_code=row.plan_code,
        status=row.status,
        status_changed_at=row.status_changed_at,
        semester=SemesterRef(
            id=row.semester_id, school_year=row.school_year, number=row.semester_number
        ),
        institution_id=row.institution_id,
        risk_level=row.risk_level,
        measures_planned=row.measures_planned,
        deliveries_count=row.deliveries_count,
        version=row.version,
        updated_at=row.updated_at,
    )


def list_statuses(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    updated_since: datetime | None = None,
) -> tuple[list[PlanStatusRead], str | None]:
    if updated_since and updated_since.tzinfo is None:
        raise InvalidInput.field(["query", "updated_since"], msg("time.zone-required"))
    filters = PlanFilters(institution_id=institution_id, semester_id=semester_id, status=status)
    rows, cursor = status_repository.page_of_statuses(
        session, principal, page, filters, updated_since
    )
    return [_status_read(r) for r in rows], cursor
