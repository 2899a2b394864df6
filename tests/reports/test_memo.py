"""On PostgreSQL a report's answer is kept for the pre-counted cells' refresh interval, per role,
scope and language; every read is still audited, and another scope never gets it."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from tests.conftest import PG_ADMIN_URL
from tests.factories import World
from tests.plans.test_statement_cost import statements
from tests.problems import API

pytestmark = pytest.mark.skipif(
    not PG_ADMIN_URL, reason="SQLite counts every report live; nothing is kept"
)


@pytest.fixture
def kept(report_max_age: Callable[[float], None]) -> None:
    report_max_age(3600)


def _audited(db: Session, resource_type: str) -> int:
    stmt = select(func.count()).where(AuditEvent.resource_type == resource_type)
    return db.scalar(stmt.select_from(AuditEvent)) or 0


@pytest.mark.usefixtures("kept")
def test_the_same_question_in_the_same_scope_is_answered_from_memory(
    client: TestClient, db: Session, world: World
) -> None:
    url = f"{API}/reports/monitoring/coverage"
    first = client.get(url, headers=world.h("coord_a"))
    assert first.status_code == 200, first.text
    with statements(db) as seen:
        again = client.get(url, headers=world.h("coord_a"))
    assert again.json() == first.json()
    counted = [s for s in seen if "report_coverage_cells" in s or "support_plans" in s]
    assert counted == [], counted
    assert _audited(db, "report_coverage") == 2

    other = client.get(url, headers=world.h("coord_b"))
    assert other.status_code == 200
    mine = {r["key"] for t in first.json()["tables"] for r in t["rows"]}
    theirs = {r["key"] for t in other.json()["tables"] for r in t["rows"]}
    assert str(world.a1.id) in mine
    assert str(world.a1.id) not in theirs


@pytest.mark.usefixtures("kept")
def test_the_plan_report_is_kept_per_scope_and_audited_each_time(
    client: TestClient, db: Session, world: World
) -> None:
    url = f"{API}/reports/plans"
    a = client.get(url, headers=world.h("coord_a")).json()
    b = client.get(url, headers=world.h("coord_b")).json()
    assert {r["institution_id"] for r in a["institutions"]} == {str(world.a1.id), str(world.a2.id)}
    assert {r["institution_id"] for r in b["institutions"]} == {str(world.b1.id)}
    assert client.get(url, headers=world.h("coord_a")).json() == a
    assert _audited(db, "plan_report") == 3


@pytest.mark.usefixtures("kept")
def test_national_and_municipal_flag_counts_are_kept(
    client: TestClient, db: Session, world: World
) -> None:
    url = f"{API}/indicators/counts"
    for actor in ("coord_a", "ikvd"):
        first = client.get(url, headers=world.h(actor))
        assert first.status_code == 200, first.text
        with statements(db) as seen:
            again = client.get(url, headers=world.h(actor))
        assert again.json() == first.json()
        counted = [s for s in seen if "FROM student_flags" in s]
        assert counted == [], (actor, counted)
