"""Worklists, dismissals, the municipality's unexcused list and plans started from flags."""

import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent, ResourceType
from backend.indicators.models import PlanFlagLink
from tests import factories
from tests.factories import World
from tests.indicators.helpers import flags, mid, pusher, row
from tests.problems import API, assert_problem


def _list(
    client: TestClient, headers: dict[str, str], name: str, semester_id: object, **params: object
) -> dict:  # type: ignore[type-arg]
    r = client.get(
        f"{API}/worklists/{name}",
        params={"semester_id": str(semester_id), **params},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_flagged_without_plan_lists_reasons_and_pages(
    db: Session, client: TestClient, world: World
) -> None:
    semester = world.semesters[0]
    students = [
        factories.student(db, world.a1, world.class_a1, family_name=f"Kalniņa {i}")
        for i in range(3)
    ]
    calm = factories.student(db, world.a1, world.class_a1, family_name="Mierīgā")
    elsewhere = factories.student(db, world.b1, world.class_b1)
    pusher(db, client, world, national=True).push(
        [row(s.id, mid(semester), lessons=1000, absences_unexcused=12) for s in students]
        + [row(calm.id, mid(semester)), row(elsewhere.id, mid(semester), absences_unexcused=30)]
    )
    h = world.h("school_coord_a1")
    first = _list(client, h, "flagged-without-plan", semester.id, limit=2)
    assert [i["family_name"] for i in first["items"]] == ["Kalniņa 0", "Kalniņa 1"]
    assert first["items"][0]["flags"][0]["indicator"] == "A2"
    assert float(first["items"][0]["flags"][0]["value"]) == 12
    # The students shown, and only they, are recorded as read by the coordinator.
    read = db.scalars(
        select(AuditEvent.student_id).where(
            AuditEvent.resource_type == ResourceType.student_flags,
            AuditEvent.action == AuditAction.read,
            AuditEvent.actor_user_id == world.actors["school_coord_a1"].user.id,
        )
    ).all()
    assert sorted(map(str, read)) == sorted(i["student_id"] for i in first["items"])
    second = _list(client, h, "flagged-without-plan", semester.id, cursor=first["next_cursor"])
    assert [i["family_name"] for i in second["items"]] == ["Kalniņa 2"]
    assert second["next_cursor"] is None


def test_dismissal_is_kept_shown_and_leaves_the_worklist(
    db: Session, client: TestClient, world: World
) -> None:
    semester = world.semesters[0]
    stu = factories.student(db, world.a1, world.class_a1)
    p = pusher(db, client, world)
    p.push([row(stu.id, mid(semester), lessons=1000, absences_unexcused=12)])
    (flag,) = flags(client, world.h("teacher_a1"), stu.id)["flags"]
    r = client.post(
        f"{API}/flags/{flag['id']}/dismissal",
        json={"reason": "Hospital stay, documents at the school"},
        headers=world.h("teacher_a1"),
    )
    assert r.status_code == 201, r.text
    items = _list(client, world.h("teacher_a1"), "flagged-without-plan", semester.id)["items"]
    assert stu.id not in {i["student_id"] for i in items}
    # A later recompute (new data) keeps the dismissal; the flag shows it with the reason.
    p.push([row(stu.id, mid(semester) + timedelta(days=3), lessons=1000, absences_unexcused=14)])
    (shown,) = flags(client, world.h("school_coord_a1"), stu.id)["flags"]
    assert shown["dismissal"]["reason"] == "Hospital stay, documents at the school"
    assert float(shown["value"]) == 14
    again = client.post(
        f"{API}/flags/{flag['id']}/dismissal",
        json={"reason": "Twice"},
        headers=world.h("teacher_a1"),
    )
    assert_problem(again, 409)


def test_plan_from_flags_with_suggested_factors(
    db: Session, client: TestClient, world: World
) -> None:
    semester = world.semesters[0]
    stu = factories.student(db, world.a1, world.class_a1)
    pusher(db, client, world).push(
        [
            row(
                stu.id,
                mid(semester),
                lessons=1000,
                absences_unexcused=25,
                behaviour_incidents=2,
                grades={"Matemātika": "3"},
            )
        ]
    )
    h = world.h("teacher_a1")
    r = client.get(
        f"{API}/students/{stu.id}/plan-suggestions",
        params={"semester_id": str(semester.id)},
        headers=h,
    )
    assert r.status_code == 200, r.text
    factors = {f["code"]: f for f in r.json()["factors"]}
    assert set(factors) == {"LS04", "LS01", "LS06"}
    assert factors["LS04"]["suggested_level"] == "high"
    assert factors["LS06"]["suggested_level"] == "medium"
    assert [e["indicator"] for e in factors["LS04"]["evidence"]] == ["A2"]
    # The teacher confirms two, changes a level and leaves behaviour out.
    body = {
        "semester_id": str(semester.id),
        "goals": "Regular attendance",
        "factors": [
            {"risk_factor_id": factors["LS04"]["risk_factor_id"], "level": "high"},
            {"risk_factor_id": factors["LS01"]["risk_factor_id"], "level": "medium"},
        ],
    }
    created = client.post(f"{API}/students/{stu.id}/plans/from-flags", json=body, headers=h)
    assert created.status_code == 201, created.text
    plan_id = created.json()["plan_id"]
    plan = client.get(f"{API}/plans/{plan_id}", headers=h).json()
    rated = {f["code"]: f["level"] for f in plan["risk_assessment"]["rated_factors"]}
    assert rated == {"LS04": "high", "LS01": "medium"}
    link = db.get(PlanFlagLink, uuid.UUID(plan_id))
    assert link is not None
    confirmed = {e["indicator"]: e["confirmed"] for e in link.evidence}
    assert confirmed == {"A2": True, "C1": True, "B1": False}
    shown = flags(client, h, stu.id)["plan_links"]
    assert shown[0]["plan_id"] == plan_id
    # The student has a plan now: off the "flagged without a plan" list.
    items = _list(client, h, "flagged-without-plan", semester.id)["items"]
    assert stu.id not in {i["student_id"] for i in items}


def test_plan_from_flags_needs_a_plan_author(db: Session, client: TestClient, world: World) -> None:
    semester = world.semesters[0]
    stu = factories.student(db, world.a1, world.class_a1)
    pusher(db, client, world).push([row(stu.id, mid(semester), absences_unexcused=25)])
    body = {"semester_id": str(semester.id), "factors": []}
    r = client.post(
        f"{API}/students/{stu.id}/plans/from-flags", json=body, headers=world.h("coord_a")
    )
    assert_problem(r, 403)
    r = client.post(
        f"{API}/students/{stu.id}/plans/from-flags", json=body, headers=world.h("teacher_b1")
    )
    assert_problem(r, 404)


def test_unexcused_list_with_reported_date(db: Session, client: TestClient, world: World) -> None:
    semester = world.semesters[0]
    over = factories.student(db, world.a1, world.class_a1, family_name="Liepa")
    under = factories.student(db, world.a2, family_name="Ozols")
    other = factories.student(db, world.b1, world.class_b1, family_name="Egle")
    pusher(db, client, world, national=True).push(
        [
            row(over.id, mid(semester), lessons=1000, absences_unexcused=21),
            row(under.id, mid(semester), lessons=1000, absences_unexcused=20),
            row(other.id, mid(semester), lessons=1000, absences_unexcused=40),
        ]
    )
    h = world.h("coord_a")
    items = _list(client, h, "unexcused-over-limit", semester.id)["items"]
    assert [(i["family_name"], float(i["unexcused"]), i["reported_on"]) for i in items] == [
        ("Liepa", 21.0, None)
    ]
    r = client.put(
        f"{API}/students/{over.id}/absence-report",
        json={"semester_id": str(semester.id), "reported_on": mid(semester).isoformat()},
        headers=world.h("school_coord_a1"),
    )
    assert r.status_code == 200, r.text
    items = _list(client, h, "unexcused-over-limit", semester.id)["items"]
    assert items[0]["reported_on"] == mid(semester).isoformat()
    r = client.put(
        f"{API}/students/{under.id}/absence-report",
        json={"semester_id": str(semester.id), "reported_on": mid(semester).isoformat()},
        headers=h,
    )
    assert_problem(r, 422, field="semester_id")


def test_counts_per_institution(db: Session, client: TestClient, world: World) -> None:
    semester = world.semesters[0]
    a = [factories.student(db, world.a1, world.class_a1) for _ in range(3)]
    b = factories.student(db, world.b1, world.class_b1)
    pusher(db, client, world, national=True).push(
        [row(s.id, mid(semester), lessons=1000, absences_unexcused=25) for s in [*a, b]]
    )
    body = {
        "semester_id": str(semester.id),
        "factors": [],
    }
    r = client.post(
        f"{API}/students/{a[0].id}/plans/from-flags", json=body, headers=world.h("teacher_a1")
    )
    assert r.status_code == 201, r.text
    national = client.get(
        f"{API}/indicators/counts",
        params={"semester_id": str(semester.id)},
        headers=world.h("ikvd"),
    ).json()["institutions"]
    by_school = {c["institution_id"]: c for c in national}
    assert by_school[str(world.a1.id)] | {"institution_name": None} == {
        "institution_id": str(world.a1.id),
        "institution_name": None,
        "flagged": 3,
        "flagged_without_plan": 2,
        "with_plan": 1,
    }
    assert by_school[str(world.b1.id)]["flagged"] == 1
    municipal = client.get(
        f"{API}/indicators/counts",
        params={"semester_id": str(semester.id)},
        headers=world.h("coord_a"),
    ).json()["institutions"]
    assert [c["institution_id"] for c in municipal] == [str(world.a1.id)]
