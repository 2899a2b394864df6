"""Rules: national defaults, municipal overrides within bounds, versioned and audited; a change
recomputes the flags where it applies."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from tests import factories
from tests.factories import World
from tests.indicators.helpers import levels, mid, pusher, row
from tests.problems import API, assert_problem


def _set(client: TestClient, headers: dict[str, str], thresholds: dict[str, dict[str, float]]):  # type: ignore[no-untyped-def]
    return client.put(
        f"{API}/indicators/rules",
        json={"thresholds": thresholds, "reason": "Local calibration after a review"},
        headers=headers,
    )


def test_national_defaults(client: TestClient, world: World) -> None:
    r = client.get(f"{API}/indicators/rules", headers=world.h("ikvd"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["national"]["version"] >= 1
    assert body["effective"]["A2"] == {"watch": 10, "alert": 20}
    assert body["effective"]["A1"] == {"watch": 95, "alert": 90}


def test_municipal_override_applies_only_in_that_municipality(
    db: Session, client: TestClient, world: World
) -> None:
    in_a = factories.student(db, world.a1, world.class_a1)
    in_b = factories.student(db, world.b1, world.class_b1)
    semester = world.semesters[0]
    pusher(db, client, world, national=True).push(
        [
            row(in_a.id, mid(semester), absences_unexcused=16),
            row(in_b.id, mid(semester), absences_unexcused=16),
        ]
    )
    assert levels(client, world.h("teacher_a1"), in_a.id, semester.id)["A2"][0] == "watch"
    r = _set(client, world.h("coord_a"), {"A2": {"alert": 15}})
    assert r.status_code == 200, r.text
    assert r.json()["effective"]["A2"] == {"watch": 10, "alert": 15}
    assert r.json()["municipal"]["version"] == 1
    # The rule change recomputed the flags of municipality A, and only there.
    assert levels(client, world.h("teacher_a1"), in_a.id, semester.id)["A2"] == (
        "alert",
        16.0,
        15.0,
    )
    assert levels(client, world.h("teacher_b1"), in_b.id, semester.id)["A2"][0] == "watch"
    # B's coordinator still reads the national rules.
    b = client.get(f"{API}/indicators/rules", headers=world.h("coord_b")).json()
    assert b["municipal"] is None
    assert b["effective"]["A2"]["alert"] == 20


def test_national_change_recomputes_everywhere(
    db: Session, client: TestClient, world: World
) -> None:
    stu = factories.student(db, world.b1, world.class_b1)
    semester = world.semesters[0]
    pusher(db, client, world, national=True).push(
        [row(stu.id, mid(semester), behaviour_incidents=3)]
    )
    assert levels(client, world.h("teacher_b1"), stu.id, semester.id)["B1"][0] == "watch"
    r = _set(client, world.h("ikvd"), {"B1": {"watch": 4, "alert": 6}})
    assert r.status_code == 200, r.text
    assert "B1" not in levels(client, world.h("teacher_b1"), stu.id, semester.id)


def test_every_change_is_a_version_and_audited(
    db: Session, client: TestClient, world: World
) -> None:
    assert _set(client, world.h("coord_a"), {"A1": {"watch": 96}}).status_code == 200
    assert _set(client, world.h("coord_a"), {"A1": {"watch": 97}}).status_code == 200
    history = client.get(f"{API}/indicators/rules/history", headers=world.h("coord_a")).json()
    assert [h["version"] for h in history] == [2, 1]
    assert [h["current"] for h in history] == [True, False]
    assert history[1]["thresholds"] == {"A1": {"watch": 96}}
    audited = db.scalars(
        select(AuditEvent.detail).where(AuditEvent.resource_type == "indicator_rules")
    ).all()
    assert len(audited) == 2


def test_municipal_bounds(client: TestClient, world: World) -> None:
    r = _set(client, world.h("coord_a"), {"A2": {"alert": 60}})
    assert_problem(r, 422, field="A2")
    r = _set(client, world.h("coord_a"), {"A1": {"watch": 85, "alert": 92}})
    assert_problem(r, 422, field="A1")


def test_who_may_change_rules(client: TestClient, world: World) -> None:
    for name in ("teacher_a1", "school_coord_a1", "director_a1"):
        assert_problem(_set(client, world.h(name), {"A2": {"alert": 15}}), 403)
    assert_problem(client.get(f"{API}/indicators/rules", headers=world.h("ngo")), 403)
