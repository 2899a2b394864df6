"""On PostgreSQL the worker refreshes the pre-counted cells on time; a report read does not wait
for a refresh unless the cells were never counted or no worker refreshed them for a long time."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.core import memo
from backend.core.db import utcnow
from backend.plans.models import PlanStatus, ReportRefresh, RiskLevel
from backend.reports.repository import READ_REFRESHES_AFTER
from backend.reports.service import CellRefresher
from tests.conftest import PG_ADMIN_URL
from tests.factories import World
from tests.reports.test_plan_report import _plan, _report, _rows

pytestmark = pytest.mark.skipif(
    not PG_ADMIN_URL, reason="SQLite counts every report live; there are no cells to refresh"
)

AGE = 600


@pytest.fixture
def interval(report_max_age: Callable[[float], None]) -> None:
    report_max_age(AGE)


def _plans_in_a1(client: TestClient, world: World) -> int:
    memo.forget()  # the answer itself is kept for the interval too; the cells are what is tested
    plans: int = _rows(_report(client, world, "teacher_a1"))[str(world.a1.id)]["plans"]
    return plans


def _counted_ago(db: Session, seconds: float) -> None:
    db.execute(update(ReportRefresh).values(refreshed_at=utcnow() - timedelta(seconds=seconds)))
    db.flush()


@pytest.mark.usefixtures("interval")
def test_the_worker_refreshes_the_cells_and_a_read_does_not_wait_for_it(
    client: TestClient, db: Session, world: World
) -> None:
    _plan(db, world, "a1", PlanStatus.active, RiskLevel.high)
    # Never counted: the first read counts.
    assert _plans_in_a1(client, world) == 1

    _plan(db, world, "a1", PlanStatus.draft, None)
    # Older than the interval, but a worker may be refreshing: the read takes the cells as they are.
    _counted_ago(db, AGE + 1)
    assert _plans_in_a1(client, world) == 1

    # The worker's job refreshes them (in a session of its own, here inside the test's transaction).
    job = CellRefresher(
        lambda: Session(bind=db.connection(), join_transaction_mode="create_savepoint")
    )
    job()
    assert _plans_in_a1(client, world) == 2
    # Looked at again right away: nothing to do until the next look.
    _plan(db, world, "a1", PlanStatus.draft, None)
    _counted_ago(db, AGE + 1)
    job()
    assert _plans_in_a1(client, world) == 2


@pytest.mark.usefixtures("interval")
def test_without_a_worker_a_read_refreshes_cells_several_intervals_old(
    client: TestClient, db: Session, world: World
) -> None:
    _plan(db, world, "a1", PlanStatus.active, RiskLevel.high)
    assert _plans_in_a1(client, world) == 1
    _plan(db, world, "a1", PlanStatus.draft, None)
    _counted_ago(db, AGE * READ_REFRESHES_AFTER - 5)
    assert _plans_in_a1(client, world) == 1
    _counted_ago(db, AGE * READ_REFRESHES_AFTER + 1)
    assert _plans_in_a1(client, world) == 2
