"""GET /measures: measures across the plans in scope, e.g. the ones the caller is responsible
for on someone else's plan."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import World
from tests.plans.helpers import activate, ready_draft
from tests.problems import API, assert_problem

URL = f"{API}/measures"


def test_ngo_403_bad_filter_422(client: TestClient, world: World) -> None:
    assert_problem(client.get(URL, headers=world.h("ngo")), 403)
    bad = client.get(URL, params={"responsible": "you"}, headers=world.h("teacher_a1"))
    assert_problem(bad, 422, field="responsible")
    bad = client.get(URL, params={"plan_status": "sleeping"}, headers=world.h("teacher_a1"))
    assert_problem(bad, 422, field="plan_status")


def test_a_teacher_sees_the_measures_they_run_on_others_plans(
    client: TestClient, db: Session, world: World
) -> None:
    theirs = activate(client, db, world, author="specialist_a1", responsible="teacher_a1")
    own = activate(client, db, world, author="teacher_a1", responsible="specialist_a1")
    draft = ready_draft(client, db, world, author="specialist_a1", responsible="teacher_a1")
    query = {"responsible": "me", "plan_status": "active", "running": "true"}

    r = client.get(URL, params=query, headers=world.h("teacher_a1"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [m["id"] for m in items] == [theirs.body["measures"][0]["id"]]
    item = items[0]
    assert item["plan_id"] == theirs.id
    assert item["plan_code"] == theirs.body["code"]
    assert item["plan_status"] == "active"
    assert item["student_name"] == theirs.body["student_name"]
    assert item["responsible_user_id"] == str(world.actors["teacher_a1"].user.id)
    assert item["deliveries_count"] == 0

    # Without the plan status, the draft's measure is there too; the specialist sees their own.
    r = client.get(URL, params={"responsible": "me"}, headers=world.h("teacher_a1"))
    assert {m["plan_id"] for m in r.json()["items"]} == {theirs.id, draft.id}
    r = client.get(URL, params=query, headers=world.h("specialist_a1"))
    assert [m["plan_id"] for m in r.json()["items"]] == [own.id]
    # The school coordinator lists every running measure of active plans.
    r = client.get(URL, params={"plan_status": "active"}, headers=world.h("school_coord_a1"))
    assert {m["plan_id"] for m in r.json()["items"]} == {theirs.id, own.id}
    # Finished measures only: none yet.
    r = client.get(URL, params={"running": "false"}, headers=world.h("school_coord_a1"))
    assert r.json()["items"] == []


def test_other_schools_measures_are_out_of_scope(
    client: TestClient, db: Session, world: World
) -> None:
    activate(client, db, world, author="specialist_a1", responsible="teacher_a1")
    for who in ("teacher_b1", "coord_b", "director_v1"):
        r = client.get(URL, headers=world.h(who))
        assert r.status_code == 200, r.text
        assert r.json()["items"] == []
    r = client.get(URL, headers=world.h("coord_a"))
    assert len(r.json()["items"]) == 1


def test_pages_follow_the_cursor(client: TestClient, db: Session, world: World) -> None:
    for _ in range(3):
        ready_draft(client, db, world)
    first = client.get(URL, params={"limit": 2}, headers=world.h("teacher_a1")).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    rest = client.get(
        URL, params={"limit": 2, "cursor": first["next_cursor"]}, headers=world.h("teacher_a1")
    ).json()
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    seen = {m["id"] for m in first["items"]} | {m["id"] for m in rest["items"]}
    assert len(seen) == 3
