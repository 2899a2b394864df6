"""The submit checklist: GET /plans/{id}/readiness and the submit refusal list the same items."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.factories import World
from tests.plans.helpers import act, create, enrolled_student, ready_draft
from tests.problems import assert_problem


def _readiness(client: TestClient, world: World, plan_id: str, actor: str = "teacher_a1"):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/plans/{plan_id}/readiness", headers=world.h(actor))


def test_a_new_plan_lists_what_it_lacks_and_submit_refuses_with_the_same_codes(
    client: TestClient, db: Session, world: World
) -> None:
    stu = enrolled_student(db, world, "a1", consent=False)
    plan = create(client, world, stu)
    client.patch(
        f"/api/v1/plans/{plan['id']}",
        json={"goals": "  "},
        headers=world.h("teacher_a1") | {"If-Match": f'"{plan["version"]}"'},
    )
    r = _readiness(client, world, plan["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ready"] is False
    assert body["consent_school_year_id"] == str(world.year.id)
    missing = [i["code"] for i in body["items"] if not i["ok"]]
    assert missing == ["consent", "risk_factor", "measure", "goals"]

    refused = act(client, world, plan["id"], "submit", "teacher_a1", expect=409)
    assert refused["type"].endswith("/plan-not-ready")
    assert [e["loc"] for e in refused["errors"]] == [["readiness", code] for code in missing]
    assert "no valid consent" in refused["detail"]
    assert "no goals" in refused["detail"]

    f.consent(db, stu, f.guardian(db, stu), world.year)
    after = _readiness(client, world, plan["id"]).json()
    assert [i["code"] for i in after["items"] if not i["ok"]] == ["risk_factor", "measure", "goals"]


def test_a_ready_plan_is_ready_and_submits(client: TestClient, db: Session, world: World) -> None:
    draft = ready_draft(client, db, world)
    body = _readiness(client, world, draft.id).json()
    assert body["ready"] is True
    assert all(i["ok"] and i["message"] == "" for i in body["items"])
    assert act(client, world, draft.id, "submit", "teacher_a1")["status"] == "submitted"


def test_scope(client: TestClient, db: Session, world: World) -> None:
    draft = ready_draft(client, db, world)
    assert_problem(_readiness(client, world, draft.id, "teacher_b1"), 404)
    assert_problem(_readiness(client, world, draft.id, "ngo"), 403)
    assert _readiness(client, world, draft.id, "director_a1").status_code == 200


def test_a_measure_without_dates_in_the_semester_blocks_submit(
    client: TestClient, db: Session, world: World
) -> None:
    """Measures written before the date rules (or imported) may lack dates or run outside the
    semester: the checklist names it and the submit is refused until the measure is corrected."""
    import uuid

    from sqlalchemy import update

    from backend.plans.measures.models import Measure

    draft = ready_draft(client, db, world)
    plan_id = uuid.UUID(draft.id)
    ends = {m.id: m.ends_on for m in db.query(Measure).filter_by(plan_id=plan_id)}
    db.execute(update(Measure).where(Measure.plan_id == plan_id).values(ends_on=None))
    db.commit()
    body = _readiness(client, world, draft.id).json()
    assert [i["code"] for i in body["items"] if not i["ok"]] == ["dates"]
    assert "dates" in next(i["message"] for i in body["items"] if i["code"] == "dates")
    refused = act(client, world, draft.id, "submit", "teacher_a1", expect=409)
    assert [e["loc"] for e in refused["errors"]] == [["readiness", "dates"]]

    for measure_id, ends_on in ends.items():
        db.execute(update(Measure).where(Measure.id == measure_id).values(ends_on=ends_on))
    db.commit()
    assert _readiness(client, world, draft.id).json()["ready"] is True
    assert act(client, world, draft.id, "submit", "teacher_a1")["status"] == "submitted"
