"""The status pull is the hottest path other systems hit: its statements are counted here so they
do not grow back, and its audit is checked row by row."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.plans.helpers import ready_draft


@contextmanager
def statements(db: Session) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = db.get_bind().engine

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    # Each request has a new session in production: nothing is served from this one's memory.
    db.expire_all()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _audited(db: Session, resource_id: str) -> int:
    stmt = select(func.count()).where(
        AuditEvent.resource_type == "plan_status", AuditEvent.resource_id == resource_id
    )
    return db.scalar(stmt) or 0


class TestStatusPullCost:
    def test_a_pull_is_the_account_check_and_one_audited_read(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        url = f"/api/v1/plans/{draft.id}/status"
        client.get(url, headers=c.headers)  # the client's last use is recorded once a minute
        with statements(db) as seen:
            r = client.get(url, headers=c.headers)
        assert r.status_code == 200
        # On PostgreSQL the account check, the read and its audit are one statement; SQLite
        # (which has no data-modifying common table expressions) checks the account, then reads,
        # then inserts.
        postgres = db.get_bind().dialect.name == "postgresql"
        assert len(seen) == (1 if postgres else 3), seen
        if postgres:
            assert "api_clients.active" in seen[0]
            assert "INSERT INTO audit_events" in seen[0]
        assert _audited(db, draft.id) == 2

    def test_a_304_is_decided_from_the_version_and_writes_nothing(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        url = f"/api/v1/plans/{draft.id}/status"
        etag = client.get(url, headers=c.headers).headers["etag"]
        with statements(db) as seen:
            r = client.get(url, headers=c.headers | {"If-None-Match": f'"0", {etag}'})
        assert r.status_code == 304
        assert r.headers["etag"] == etag
        # PostgreSQL: the one statement of a pull, whose audit skips a version the caller
        # holds; SQLite: the account check, then the version alone.
        postgres = db.get_bind().dialect.name == "postgresql"
        assert len(seen) == (1 if postgres else 2), seen
        if not postgres:
            assert not any(s.lstrip().upper().startswith(("INSERT", "WITH")) for s in seen)
        assert _audited(db, draft.id) == 1

    def test_a_stale_etag_gets_the_audited_status(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        url = f"/api/v1/plans/{draft.id}/status"
        r = client.get(url, headers=c.headers | {"If-None-Match": '"0"'})
        assert r.status_code == 200
        assert r.json()["plan_id"] == draft.id
        assert _audited(db, draft.id) == 1

    def test_a_page_of_statuses_audits_exactly_the_rows_shown(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        drafts = [ready_draft(client, db, world, "a1") for _ in range(3)]
        first = client.get("/api/v1/plan-statuses", params={"limit": 2}, headers=c.headers)
        shown = [p["plan_id"] for p in first.json()["items"]]
        assert len(shown) == 2
        assert first.json()["next_cursor"]
        assert [_audited(db, d.id) for d in drafts] == [int(d.id in shown) for d in drafts]
        rest = client.get(
            "/api/v1/plan-statuses",
            params={"limit": 2, "cursor": first.json()["next_cursor"]},
            headers=c.headers,
        )
        assert {p["plan_id"] for p in rest.json()["items"]} == {d.id for d in drafts} - set(shown)
        assert rest.json()["next_cursor"] is None
        assert [_audited(db, d.id) for d in drafts] == [1, 1, 1]
