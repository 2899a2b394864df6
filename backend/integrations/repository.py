"""SQL of the integration surface: API clients, the change feed, webhooks and their deliveries,
import jobs."""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Row,
    Select,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session, aliased

from backend.events.models import OutboxEvent
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations.models import (
    ApiClient,
    DeliveryStatus,
    ImportJob,
    ImportStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.plans.models import SupportPlan
from backend.schools.scope import institution_scope

# --- API clients ---------------------------------------------------------------------------------


def readable_clients(principal: Principal) -> Select[ApiClient]:
    """The one scoped statement behind every read of API clients."""
    stmt = select(ApiClient)
    match principal.scope_type:
        case ScopeType.national if principal.role is Role.ikvd_admin:
            return stmt
        case ScopeType.municipality if principal.role is Role.municipal_coordinator:
            return stmt.where(ApiClient.municipality_id == principal.scope_id)
        case _:
            return stmt.where(false())


def client_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> ApiClient | None:
    return session.scalar(readable_clients(principal).where(ApiClient.id == id))


def client_by_client_id(session: Session, client_id: str) -> ApiClient | None:
    return session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))


def client_by_id(session: Session, id: uuid.UUID) -> ApiClient | None:
    return session.get(ApiClient, id)


def touch_client(session: Session, id: uuid.UUID, now: datetime, *, stale_before: datetime) -> None:
    """Set the client's last use unless another transaction holds its row (then that one is
    setting it): ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has one writer anyway."""
    free = (
        select(ApiClient.id)
        .where(
            ApiClient.id == id,
            or_(ApiClient.last_used_at.is_(None), ApiClient.last_used_at < stale_before),
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    session.execute(
        update(ApiClient)
        .where(ApiClient.id == free)
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


def live_client_check() -> tuple[ColumnElement[bool], tuple[Executable, ...]]:
    """For a statement that checks a client's token itself: the condition that the client
    (``guard_client_id``) is active with the scope its token names (``client_scope_type``,
    ``client_scope_id``), and the update noting its use (``client_now``) when its last use is
    older than ``client_stale_before``, as ``touch_client`` does (never waiting for the row)."""
    live = exists(
        select(ApiClient.id).where(
            ApiClient.id == bindparam("guard_client_id"),
            ApiClient.active,
            ApiClient.scope_type == bindparam("client_scope_type"),
            ApiClient.municipality_id.is_not_distinct_from(bindparam("client_scope_id")),
        )
    )
    free = (
        select(ApiClient.id)
        .where(
            ApiClient.id == bindparam("guard_client_id"),
            ApiClient.active,
            or_(
                ApiClient.last_used_at.is_(None),
                ApiClient.last_used_at < bindparam("client_stale_before"),
            ),
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    touch = (
        update(ApiClient)
        .where(ApiClient.id == free)
        .values(last_used_at=bindparam("client_now"), updated_at=bindparam("client_now"))
        .returning(ApiClient.id)
    )
    return live, (touch,)


def client_id_taken(session: Session, client_id: str) -> bool:
    return session.scalar(select(ApiClient.id).where(ApiClient.client_id == client_id)) is not None


# --- the change feed -----------------------------------------------------------------------------


def event_scope(principal: Principal) -> ColumnElement[bool]:
    """Events of the caller's scope (a municipality sees its institutions' events only)."""
    match principal.scope_type:
        case ScopeType.national:
            return true()
        case ScopeType.municipality:
            return OutboxEvent.municipality_id == principal.scope_id
        case ScopeType.institution:
            return OutboxEvent.institution_id == principal.scope_id
        case _:
            return false()


def readable_events(principal: Principal) -> Select[OutboxEvent]:
    return select(OutboxEvent).where(event_scope(principal))


def events_after(
    session: Session, principal: Principal, after: int, limit: int
) -> list[OutboxEvent]:
    """Events of the caller's scope after sequence ``after``, oldest first."""
    stmt = (
        readable_events(principal)
        .where(OutboxEvent.sequence > after)
        .order_by(OutboxEvent.sequence)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def events_between(
    session: Session, principal: Principal, first: int, last: int, limit: int
) -> Sequence[OutboxEvent]:
    """Events of the caller's scope from sequence ``first`` through ``last``, oldest first."""
    return session.scalars(
        readable_events(principal)
        .where(OutboxEvent.sequence >= first, OutboxEvent.sequence <= last)
        .order_by(OutboxEvent.sequence)
        .limit(limit)
    ).all()


def last_sequence(session: Session) -> int:
    return session.scalar(select(func.max(OutboxEvent.sequence))) or 0


def event_by_sequence(session: Session, sequence: int) -> OutboxEvent | None:
    return session.get(OutboxEvent, sequence)


# --- webhook subscriptions and deliveries --------------------------------------------------------


def readable_subscriptions(principal: Principal) -> Select[WebhookSubscription]:
    """An API client sees its own subscriptions only."""
    if principal.client_id is None:
        return select(WebhookSubscription).where(false())
    return select(WebhookSubscription).where(WebhookSubscription.client_id == principal.client_id)


def subscription_in_scope(
    session: Session, principal: Principal, id: uuid.UUID
) -> WebhookSubscription | None:
    return session.scalar(readable_subscriptions(principal).where(WebhookSubscription.id == id))


def subscription_by_id(session: Session, id: uuid.UUID) -> WebhookSubscription | None:
    return session.get(WebhookSubscription, id)


def subscriptions_of_client(session: Session, client_id: uuid.UUID) -> list[WebhookSubscription]:
    return list(
        session.scalars(
            select(WebhookSubscription)
            .where(WebhookSubscription.client_id == client_id)
            .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
        )
    )


def subscription_of_client(
    session: Session, client_id: uuid.UUID, id: uuid.UUID
) -> WebhookSubscription | None:
    return session.scalar(
        select(WebhookSubscription).where(
            WebhookSubscription.id == id, WebhookSubscription.client_id == client_id
        )
    )


def deliveries_of(
    subscription_id: uuid.UUID, status: DeliveryStatus | None = None
) -> Select[WebhookDelivery]:
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    return stmt


def pending_sequences_from(session: Session, subscription_id: uuid.UUID, first: int) -> set[int]:
    return set(
        session.scalars(
            select(WebhookDelivery.sequence).where(
                WebhookDelivery.subscription_id == subscription_id,
                WebhookDelivery.status == DeliveryStatus.pending,
                WebhookDelivery.sequence >= first,
            )
        )
    )


def delivery_by_id(session: Session, id: object) -> WebhookDelivery | None:
    return session.get(WebhookDelivery, id)


def _for_update(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def active_subscriptions(session: Session) -> list[tuple[WebhookSubscription, ApiClient]]:
    """Active subscriptions of active clients, locked (PostgreSQL) against a second worker."""
    stmt = select(WebhookSubscription, ApiClient).join(
        ApiClient, ApiClient.id == WebhookSubscription.client_id
    )
    stmt = stmt.where(WebhookSubscription.active.is_(True), ApiClient.active.is_(True))
    if _for_update(session):
        stmt = stmt.with_for_update(of=WebhookSubscription, skip_locked=True)
    return [(subscription, client) for subscription, client in session.execute(stmt)]


def due_deliveries(session: Session, now: datetime, limit: int) -> list[WebhookDelivery]:
    """Deliveries that are due and not waiting for an earlier one of the same resource, locked
    (PostgreSQL) against a second worker."""
    earlier = aliased(WebhookDelivery)
    waiting = exists().where(
        and_(
            earlier.subscription_id == WebhookDelivery.subscription_id,
            earlier.resource_id == WebhookDelivery.resource_id,
            earlier.status == DeliveryStatus.pending,
            earlier.sequence < WebhookDelivery.sequence,
        )
    )
    stmt = (
        select(WebhookDelivery)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.pending,
            WebhookDelivery.next_attempt_at <= now,
            # A paused subscription or a revoked client keeps its queue until resumed.
            WebhookSubscription.active.is_(True),
            ApiClient.active.is_(True),
            ~waiting,
        )
        .order_by(WebhookDelivery.sequence, WebhookDelivery.id)
        .limit(limit)
    )
    if _for_update(session):
        stmt = stmt.with_for_update(of=WebhookDelivery, skip_locked=True)
    return list(session.scalars(stmt))


# --- health figures ------------------------------------------------------------------------------


def delivery_figures(
    session: Session, subscription_ids: Iterable[uuid.UUID] | None = None
) -> list[Any]:
    """Per subscription: pending, delivered and failed counts, the last delivered and newest
    queued sequence, the oldest pending delivery's time and the last failure's."""
    delivered = WebhookDelivery.status == DeliveryStatus.delivered
    pending = WebhookDelivery.status == DeliveryStatus.pending
    failed = WebhookDelivery.status == DeliveryStatus.failed
    stmt = select(
        WebhookDelivery.subscription_id,
        func.count(case((pending, 1))),
        func.count(case((delivered, 1))),
        func.count(case((failed, 1))),
        func.max(case((delivered, WebhookDelivery.sequence))),
        func.max(WebhookDelivery.sequence),
        func.min(case((pending, WebhookDelivery.created_at))),
        func.max(case((failed, WebhookDelivery.last_attempt_at))),
    ).group_by(WebhookDelivery.subscription_id)
    if subscription_ids is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id.in_(list(subscription_ids)))
    return list(session.execute(stmt))


def subscriptions_with_clients(session: Session) -> Sequence[Row[uuid.UUID, bool, str]]:
    """Every subscription's id, whether it is active, and its client's client_id."""
    return session.execute(
        select(WebhookSubscription.id, WebhookSubscription.active, ApiClient.client_id).join(
            ApiClient, ApiClient.id == WebhookSubscription.client_id
        )
    ).all()


def import_jobs_by_status(session: Session) -> dict[Any, int]:
    return dict(
        session.execute(select(ImportJob.status, func.count()).group_by(ImportJob.status)).all()
    )


# --- exports ------------------------------------------------------------------------------------


def plans_by_code(
    session: Session,
    readable: Select[SupportPlan],
    institution_id: uuid.UUID | None,
    semester_id: uuid.UUID | None,
) -> list[SupportPlan]:
    """The plans of ``readable`` (the plans domain's scoped statement), by code."""
    stmt = readable
    if institution_id is not None:
        stmt = stmt.where(SupportPlan.institution_id == institution_id)
    if semester_id is not None:
        stmt = stmt.where(SupportPlan.semester_id == semester_id)
    return list(session.scalars(stmt.order_by(SupportPlan.code)))


# --- import jobs ---------------------------------------------------------------------------------


def beat(engine: Engine, job_id: uuid.UUID, at: datetime, values: dict[str, Any]) -> None:
    """Store a running job's heartbeat (and progress) in a short transaction of its own."""
    statement = (
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.running)
        .values(heartbeat_at=at, **values)
    )
    with engine.begin() as conn:
        conn.execute(statement)


def fail_silent_jobs(
    engine: Engine,
    now: datetime,
    *,
    silent_since: datetime,
    error: str,
    job_id: uuid.UUID | None,
    alive_here: list[uuid.UUID],
) -> list[uuid.UUID]:
    """Fail the running jobs (or the one job) whose heartbeat is older than ``silent_since``,
    leaving out those alive in this process, in a short transaction of their own that never
    queues for SQLite's write lock. Returns the ids failed."""
    statement = (
        update(ImportJob)
        .where(ImportJob.status == ImportStatus.running, ImportJob.heartbeat_at < silent_since)
        .values(status=ImportStatus.failed, error=error, finished_at=now)
        .returning(ImportJob.id)
    )
    if job_id is not None:
        statement = statement.where(ImportJob.id == job_id)
    if alive_here:
        statement = statement.where(ImportJob.id.not_in(alive_here))
    with engine.connect() as conn, _not_queueing(conn), conn.begin():
        return list(conn.execute(statement).scalars())


def job_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> ImportJob | None:
    stmt = select(ImportJob).where(
        ImportJob.id == id, institution_scope(principal, ImportJob.institution_id)
    )
    return session.scalar(stmt)


def job_by_id(session: Session, id: uuid.UUID) -> ImportJob | None:
    return session.get(ImportJob, id)


def finish_running_job(
    session: Session,
    job_id: uuid.UUID,
    created: int,
    now: datetime,
    processed: int | None = None,
) -> bool:
    """Mark a job that still runs succeeded; False when it was declared interrupted meanwhile."""
    finished = session.scalar(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.running)
        .values(
            status=ImportStatus.succeeded,
            processed_rows=created if processed is None else processed,
            created_rows=created,
            finished_at=now,
            heartbeat_at=now,
        )
        .returning(ImportJob.id)
    )
    if finished is None:
        return False
    session.flush()
    return True


@contextmanager
def _not_queueing(conn: Connection) -> Iterator[None]:
    """On SQLite, give up at once instead of queueing for the write lock (the busy timeout).
    Set on the driver's connection, so that no transaction begins for it."""
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    timeout = int(driver.execute("PRAGMA busy_timeout").fetchone()[0])
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA busy_timeout = {timeout}")
