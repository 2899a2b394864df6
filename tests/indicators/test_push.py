"""The bulk JSON push: idempotent per batch, scoped to the client's municipality, and the
change feed's flag events carry no names and no values."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.events.models import OutboxEvent
from backend.indicators.models import StudentIndicator
from tests import factories
from tests.factories import World
from tests.indicators.helpers import flags, levels, mid, pusher, row
from tests.problems import API, assert_problem


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_same_batch_twice_changes_nothing(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    p = pusher(db, client, world)
    rows = [
        row(
            stu.id,
            mid(world.semesters[0]),
            lessons=1000,
            absences_unexcused=25,
            behaviour_incidents=6,
        )
    ]
    first = p.push(rows, batch_id="2026-10-attendance")
    assert first["replayed"] is False
    assert first["recompute"]["flags_raised"] == 2
    counts = (_count(db, StudentIndicator), _count(db, OutboxEvent))
    again = p.push(rows, batch_id="2026-10-attendance")
    assert again["replayed"] is True
    assert again["batch_id"] == first["batch_id"]
    assert (_count(db, StudentIndicator), _count(db, OutboxEvent)) == counts
    # The same batch id with other rows is a conflict, not a silent overwrite.
    rows[0]["absences_unexcused"] = 3
    r = client.post(
        f"{API}/indicators/batches",
        json={"batch_id": "2026-10-attendance", "rows": rows},
        headers=p.it.headers,
    )
    assert_problem(r, 409)


def test_students_outside_the_clients_municipality(
    db: Session, client: TestClient, world: World
) -> None:
    ours = factories.student(db, world.a1, world.class_a1)
    theirs = factories.student(db, world.b1, world.class_b1)
    p = pusher(db, client, world)
    r = client.post(
        f"{API}/indicators/batches",
        json={
            "batch_id": "x",
            "rows": [
                row(ours.id, mid(world.semesters[0])),
                row(theirs.id, mid(world.semesters[0])),
            ],
        },
        headers=p.it.headers,
    )
    body = assert_problem(r, 422)
    assert [e["loc"] for e in body["errors"]] == [["body", "rows", 1, "student_id"]]
    assert _count(db, StudentIndicator) == 0


def test_staff_may_not_push(client: TestClient, world: World) -> None:
    r = client.post(
        f"{API}/indicators/batches",
        json={"batch_id": "x", "rows": []},
        headers=world.h("coord_a"),
    )
    assert r.status_code in (403, 422)
    r = client.post(
        f"{API}/indicators/batches",
        json={
            "batch_id": "x",
            "rows": [
                {
                    "as_of": "2026-10-01",
                    "lessons": 1,
                    "absences_excused": 0,
                    "absences_unexcused": 0,
                }
            ],
        },
        headers=world.h("coord_a"),
    )
    assert_problem(r, 403)


def test_flag_events_without_names(db: Session, client: TestClient, world: World) -> None:
    stu = factories.student(db, world.a1, world.class_a1, given_name="Žanete", family_name="Ozola")
    semester = world.semesters[0]
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(semester), absences_unexcused=25)])
    flagged = db.scalars(select(OutboxEvent).where(OutboxEvent.type == "student.flagged")).all()
    assert len(flagged) == 1
    payload = flagged[0].payload
    assert payload == {
        "student_id": str(stu.id),
        "semester_id": str(semester.id),
        "institution_id": str(world.a1.id),
        "flags": [{"indicator": "A1", "level": "alert"}, {"indicator": "A2", "level": "alert"}],
    }
    assert "Ozola" not in str(payload)
    assert all(set(f) == {"indicator", "level"} for f in payload["flags"])  # no values
    # A later row without absences clears the flags: one flag_cleared event.
    p.push([row(stu.id, mid(semester) + timedelta(days=10), absences_unexcused=0)])
    assert levels(client, world.h("teacher_a1"), stu.id, semester.id) == {}
    cleared = db.scalars(
        select(OutboxEvent).where(OutboxEvent.type == "student.flag_cleared")
    ).all()
    assert [e.resource_id for e in cleared] == [stu.id]
    # The change feed serves them to the municipality's clients.
    feed = client.get(f"{API}/changes", headers=p.it.headers)
    assert feed.status_code == 200, feed.text
    types = [e["type"] for e in feed.json()["items"]]
    assert "student.flagged" in types
    assert "student.flag_cleared" in types


def test_a_flag_keeps_when_it_was_raised_until_it_rises(
    db: Session, client: TestClient, world: World
) -> None:
    """A changed value at the same level updates the flag but keeps when it was raised; a higher
    level raises it anew (the worklist orders and notifies by it)."""
    stu = factories.student(db, world.a1, world.class_a1)
    p = pusher(db, client, world)
    day = mid(world.semesters[0])

    def a2() -> dict[str, str]:
        found = flags(client, world.h("teacher_a1"), stu.id)["flags"]
        return next(f for f in found if f["indicator"] == "A2")

    p.push([row(stu.id, day, lessons=1000, absences_unexcused=12)])
    first = a2()
    assert (first["level"], float(first["value"])) == ("watch", 12)
    p.push([row(stu.id, day + timedelta(days=7), lessons=1000, absences_unexcused=15)])
    same_level = a2()
    assert (same_level["level"], float(same_level["value"])) == ("watch", 15)
    assert same_level["raised_at"] == first["raised_at"]
    p.push([row(stu.id, day + timedelta(days=14), lessons=1000, absences_unexcused=25)])
    higher = a2()
    assert (higher["level"], float(higher["value"])) == ("alert", 25)
    assert higher["raised_at"] > first["raised_at"]
