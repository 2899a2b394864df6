"""The worklists' lean reads (``backend.indicators.lean``): the same answers as their routes, and
every refusal the route's own problem answer, with nothing audited."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent, ResourceType
from tests import factories
from tests.factories import World
from tests.indicators.helpers import mid, pusher, row
from tests.lean import same_pages
from tests.problems import API, assert_problem

LISTS = ("flagged-without-plan", "plan-worsening", "evaluation-due")


def _audited(db: Session) -> int:
    stmt = select(func.count()).where(AuditEvent.resource_type == ResourceType.student_flags)
    return db.scalar(stmt) or 0


@pytest.fixture
def flagged(db: Session, client: TestClient, world: World) -> None:
    semester = world.semesters[0]
    students = [
        factories.student(db, world.a1, world.class_a1, family_name=f"Ozola {i}") for i in range(5)
    ]
    other = factories.student(db, world.b1, world.class_b1)
    pusher(db, client, world, national=True).push(
        [
            row(s.id, mid(semester), lessons=1000, absences_unexcused=12 + i, behaviour_incidents=i)
            for i, s in enumerate(students)
        ]
        + [row(other.id, mid(semester), absences_unexcused=30)]
    )


@pytest.mark.usefixtures("flagged")
def test_the_same_pages_as_the_route(
    client: TestClient, route_only: TestClient, world: World, answered_lean: list[str]
) -> None:
    h = world.h("school_coord_a1")
    semester = str(world.semesters[0].id)
    for name in LISTS:
        params: dict[str, object] = {"semester_id": semester, "limit": 2}
        same_pages(client, route_only, f"{API}/worklists/{name}", params, h)
    first = client.get(
        f"{API}/worklists/flagged-without-plan", params={"semester_id": semester}, headers=h
    ).json()
    assert [i["family_name"] for i in first["items"]] == [f"Ozola {i}" for i in range(5)]
    assert [f["indicator"] for f in first["items"][4]["flags"]] == ["A2", "B1"]
    # Every page above was the lean layer's answer (the route-only application's were not).
    assert set(answered_lean) == {f"{API}/worklists/{name}" for name in LISTS}


@pytest.mark.usefixtures("flagged")
def test_refusals_are_the_routes_problems_and_audit_nothing(
    client: TestClient, db: Session, world: World, answered_lean: list[str]
) -> None:
    before = _audited(db)
    answered_lean.clear()
    url = f"{API}/worklists/flagged-without-plan"
    for headers, params, status in [
        ({}, {}, 401),
        ({"Authorization": "Bearer not-a-token"}, {}, 401),
        ({"Authorization": "Basic abc"}, {}, 401),
        (world.h("ngo"), {}, 403),
        (world.h("school_coord_a1"), {"limit": "0"}, 422),
        (world.h("school_coord_a1"), {"limit": "201"}, 422),
        (world.h("school_coord_a1"), {"limit": "ten"}, 422),
        (world.h("school_coord_a1"), {"semester_id": "not-a-semester"}, 422),
        (world.h("school_coord_a1"), {"cursor": "x" * 513}, 422),
        (world.h("school_coord_a1"), {"cursor": "not-a-cursor"}, 422),
    ]:
        r = client.get(url, params=params, headers=headers)
        assert_problem(r, status)
    assert _audited(db) == before
    assert answered_lean == []


@pytest.mark.usefixtures("flagged")
def test_another_school_sees_none_of_them(client: TestClient, world: World) -> None:
    semester = str(world.semesters[0].id)
    r = client.get(
        f"{API}/worklists/flagged-without-plan",
        params={"semester_id": semester},
        headers=world.h("school_coord_b1"),
    )
    assert r.status_code == 200, r.text
    assert all(i["institution_id"] == str(world.b1.id) for i in r.json()["items"])
    assert not any(i["family_name"].startswith("Ozola") for i in r.json()["items"])
