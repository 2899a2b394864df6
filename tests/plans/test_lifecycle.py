"""A plan's whole life over HTTP, for a municipal school and a state vocational school."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.db import local_today
from tests.factories import World
from tests.plans.helpers import (
    act,
    add_measure,
    assess,
    create,
    enrolled_student,
    factor_id,
    measure_type_id,
)

ROUTES = {
    # school: (author, director, school coordinator, municipal coordinators in order)
    "a1": ("teacher_a1", "director_a1", "school_coord_a1", ["coord_a"]),
    "v1": ("teacher_v1", "director_v1", "school_coord_v1", []),
}


def _life(client: TestClient, db: Session, world: World, school: str) -> None:
    author, director, coordinator, municipal = ROUTES[school]
    stu = enrolled_student(db, world, school, consent=False)
    plan = create(client, world, stu, author)
    assert plan["status"] == "draft"
    assert plan["code"].startswith(f"IAP-{world.year.starts_on.year}-1-")

    refused = act(client, world, plan["id"], "submit", author, expect=409)
    assert "no valid consent" in refused["detail"]

    from tests import factories as f

    f.consent(db, stu, f.guardian(db, stu), world.year)
    refused = act(client, world, plan["id"], "submit", author, expect=409)
    assert "no rated risk factor" in refused["detail"]

    ls01 = factor_id(db, "LS01")
    plan = assess(client, world, plan, [(ls01, "high")], author)
    assert plan["risk_assessment"]["overall_level"] == "high"
    refused = act(client, world, plan["id"], "submit", author, expect=409)
    assert "no measure" in refused["detail"]

    measure = add_measure(
        client,
        world,
        plan["id"],
        {
            "measure_type_id": measure_type_id(db, "consultation"),
            "subject": "Matemātika",
            "responsible_user_id": str(world.actors[author].user.id),
            "addressed_factor_ids": [ls01],
            "planned_quantity": 8,
        },
        author,
    )
    plan = act(client, world, plan["id"], "submit", author)
    assert plan["status"] == "submitted"
    assert plan["awaiting_step"] == "school"

    # The wrong roles cannot approve.
    act(client, world, plan["id"], "approve", author, {}, expect=403)
    act(client, world, plan["id"], "approve", "coord_b", {}, expect=404)

    # A return and a re-submission.
    returned = act(client, world, plan["id"], "return", director, {"comment": "Precizējiet mērķus"})
    assert returned["status"] == "returned"
    r = client.patch(
        f"/api/v1/plans/{plan['id']}",
        json={"goals": "Sekmes matemātikā vismaz 5"},
        headers=world.h(author) | {"If-Match": f'"{returned["version"]}"'},
    )
    assert r.status_code == 200, r.text
    act(client, world, plan["id"], "submit", author)

    plan = act(client, world, plan["id"], "approve", director, {"comment": "Labi"})
    assert plan["status"] == "approved_school"
    if municipal:
        act(client, world, plan["id"], "approve", "ikvd", {}, expect=403)
        plan = act(client, world, plan["id"], "approve", municipal[0], {})
        assert plan["status"] == "approved_municipality"
    else:
        assert plan["awaiting_step"] == "national"
    plan = act(client, world, plan["id"], "approve", "ikvd", {})
    assert plan["status"] == "active"
    assert [a["step"] for a in plan["approvals"]] == ["school", "school"] + (
        ["municipality"] if municipal else []
    ) + ["national"]

    r = client.post(
        f"/api/v1/measures/{measure['id']}/deliveries",
        json={
            "delivered_on": str(local_today()),
            "duration_minutes": 40,
            "confirmation": "signature",
        },
        headers=world.h(author),
    )
    assert r.status_code == 201, r.text
    plan = client.get(f"/api/v1/plans/{plan['id']}", headers=world.h(author)).json()
    (m,) = plan["measures"]
    assert (m["planned_quantity"], m["deliveries_count"], m["delivered_minutes"]) == (8, 1, 40)
    assert m["status"] == "in_progress"

    plan = act(
        client,
        world,
        plan["id"],
        "evaluate",
        coordinator,
        {
            "outcome": "partly_met",
            "levels_after": [{"risk_factor_id": ls01, "level_after": "medium"}],
        },
    )
    assert plan["status"] == "evaluated"
    assert plan["evaluation"]["levels"][0]["level_after"] == "medium"
    plan = act(client, world, plan["id"], "close", coordinator)
    assert plan["status"] == "closed"

    history = client.get(f"/api/v1/plans/{plan['id']}/history", headers=world.h(author)).json()
    transitions = [(h["from_status"], h["to_status"]) for h in history if h["to_status"]]
    assert transitions[0] == ("draft", "submitted")
    assert ("submitted", "returned") in transitions
    assert transitions[-1] == ("evaluated", "closed")
    returned_entry = next(h for h in history if h["to_status"] == "returned")
    assert returned_entry["comment"] == "Precizējiet mērķus"
    assert returned_entry["approval_step"] == "school"
    goals = next(h for h in history if h["kind"] == "updated")
    assert goals["changes"] == [
        {"field": "goals", "old": "Uzlabot sekmes matemātikā", "new": "Sekmes matemātikā vismaz 5"}
    ]


def test_municipal_school_whole_life(client: TestClient, db: Session, world: World) -> None:
    _life(client, db, world, "a1")


def test_state_vocational_school_skips_municipality(
    client: TestClient, db: Session, world: World
) -> None:
    _life(client, db, world, "v1")
