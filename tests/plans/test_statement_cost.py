"""Reading and approving a plan are the hottest paths of the web app: their SQL statements are
counted here, through HTTP, so that they do not grow back."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.factories import World
from tests.plans.helpers import act, ready_draft

# Half of what reading (20) and approving (27) a plan cost before they were counted.
READ_LIMIT = 10
APPROVE_LIMIT = 13


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


def _dump(seen: list[str]) -> str:
    return "\n\n".join(seen)


class TestPlanStatementCost:
    def test_reading_a_plan(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world, "a1", sensitive=True)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "approve", "director_a1", {"comment": "Labi"})
        url = f"/api/v1/plans/{draft.id}"
        client.get(url, headers=world.h("director_a1"))
        with statements(db) as seen:
            r = client.get(url, headers=world.h("director_a1"))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "approved_school"
        assert len(body["approvals"]) == 1
        assert len(body["measures"]) == 1
        # The author's sensitive factor is there for the director, who may see it.
        assert len(body["risk_assessment"]["rated_factors"]) == 2
        assert len(seen) <= READ_LIMIT, f"{len(seen)} statements:\n" + _dump(seen)

    def test_approving_a_plan(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world, "a1", sensitive=True)
        act(client, world, draft.id, "submit", "teacher_a1")
        client.get(f"/api/v1/plans/{draft.id}", headers=world.h("director_a1"))
        with statements(db) as seen:
            r = client.post(
                f"/api/v1/plans/{draft.id}/approve",
                json={"comment": "Labi"},
                headers=world.h("director_a1"),
            )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved_school"
        assert len(seen) <= APPROVE_LIMIT, f"{len(seen)} statements:\n" + _dump(seen)
