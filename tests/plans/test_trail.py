"""Every write and plan read is audited; every plan change writes exactly one outbox event in
its own transaction."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.core.db import local_today
from backend.core.errors import Conflict
from backend.core.messages import msg
from backend.events.models import OutboxEvent
from backend.plans.models import SupportPlan
from tests.factories import World
from tests.plans.helpers import act, activate, enrolled_student, factor_id, ready_draft


def _audit_count(db: Session) -> int:
    return db.scalar(select(func.count(AuditEvent.id))) or 0


def _events(db: Session) -> list[OutboxEvent]:
    return list(db.scalars(select(OutboxEvent).order_by(OutboxEvent.sequence)))


def _last_audit(db: Session) -> AuditEvent:
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.created_at.desc())
    row = db.scalars(stmt).first()
    assert row is not None
    return row


def test_every_write_and_read_is_audited(client: TestClient, db: Session, world: World) -> None:
    plan = activate(client, db, world)
    measure_id = plan.body["measures"][0]["id"]
    url = f"/api/v1/plans/{plan.id}"
    t, c = world.h("teacher_a1"), world.h("school_coord_a1")
    calls: list[tuple[str, Callable[[], Response]]] = [
        ("read", lambda: client.get(url, headers=t)),
        ("read", lambda: client.get("/api/v1/plans", headers=t)),
        ("read", lambda: client.get(f"{url}/status", headers=t)),
        ("read", lambda: client.get("/api/v1/plan-statuses", headers=t)),
        ("read", lambda: client.get(f"{url}/history", headers=t)),
        ("read", lambda: client.get(f"{url}/notes", headers=t)),
        ("read", lambda: client.get(f"{url}/measures", headers=t)),
        ("read", lambda: client.get(f"/api/v1/measures/{measure_id}/deliveries", headers=t)),
        ("create", lambda: client.post(f"{url}/notes", json={"text": "x"}, headers=t)),
        (
            "create",
            lambda: client.post(
                f"/api/v1/measures/{measure_id}/deliveries",
                json={
                    "delivered_on": str(local_today()),
                    "duration_minutes": 45,
                    "confirmation": "signature",
                },
                headers=t,
            ),
        ),
        (
            "update",
            lambda: client.patch(
                f"/api/v1/measures/{measure_id}", json={"status": "done"}, headers=c
            ),
        ),
        (
            "update",
            lambda: client.post(f"{url}/evaluate", json={"outcome": "goals_met"}, headers=c),
        ),
        ("update", lambda: client.post(f"{url}/close", headers=c)),
    ]
    for action, call in calls:
        before = _audit_count(db)
        r = call()
        assert r.status_code < 300, r.text
        assert _audit_count(db) > before, r.request.url
        last = _last_audit(db)
        assert last.action == AuditAction(action), r.request.url
        assert last.student_id == plan.student.id
        assert last.actor_user_id is not None


def test_create_edit_delete_are_audited(client: TestClient, db: Session, world: World) -> None:
    before = _audit_count(db)
    draft = ready_draft(client, db, world)  # create, risk assessment, measure, read
    actions = db.scalars(
        select(AuditEvent.action).where(AuditEvent.student_id == draft.student.id)
    ).all()
    assert _audit_count(db) - before >= 4
    assert {AuditAction.create, AuditAction.update, AuditAction.read} <= set(actions)
    r = client.delete(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_a1"))
    assert r.status_code == 204
    assert _last_audit(db).action is AuditAction.delete


def test_every_plan_change_writes_exactly_one_event(
    client: TestClient, db: Session, world: World
) -> None:
    stu = enrolled_student(db, world)
    t = world.h("teacher_a1")
    seen = len(_events(db))

    def one(response: Response, type: str) -> dict[str, Any]:
        nonlocal seen
        assert response.status_code < 300, response.text
        events = _events(db)
        assert len(events) == seen + 1, [e.type for e in events[seen:]]
        seen += 1
        event = events[-1]
        assert event.type == type
        assert event.resource_type == "support_plan"
        assert event.institution_id == world.a1.id
        assert event.municipality_id == world.muni_a.id
        assert "Jānis" not in str(event.payload)
        body: dict[str, Any] = response.json() if response.status_code != 204 else {}
        return body

    plan = one(
        client.post(
            "/api/v1/plans",
            json={"student_id": str(stu.id), "semester_id": str(world.semesters[0].id)},
            headers=t,
        ),
        "plan.created",
    )
    assert _events(db)[-1].natural_key == plan["code"]
    plan = one(
        client.patch(
            f"/api/v1/plans/{plan['id']}",
            json={"goals": "Mērķis"},
            headers=t | {"If-Match": f'"{plan["version"]}"'},
        ),
        "plan.updated",
    )
    plan = one(
        client.put(
            f"/api/v1/plans/{plan['id']}/risk-assessment",
            json={"rated_factors": [{"risk_factor_id": factor_id(db, "SH02"), "level": "high"}]},
            headers=t | {"If-Match": f'"{plan["version"]}"'},
        ),
        "plan.updated",
    )
    assert "SH02" not in str(_events(db)[-1].payload)
    from tests.plans.helpers import measure_defaults, measure_type_id

    measure = one(
        client.post(
            f"/api/v1/plans/{plan['id']}/measures",
            json=measure_defaults(
                client,
                world,
                plan["id"],
                {
                    "measure_type_id": measure_type_id(db, "consultation"),
                    "responsible_user_id": str(world.actors["teacher_a1"].user.id),
                },
            ),
            headers=t,
        ),
        "plan.updated",
    )
    one(
        client.patch(f"/api/v1/measures/{measure['id']}", json={"planned_quantity": 5}, headers=t),
        "plan.updated",
    )
    # A note is not a plan change for other systems.
    r = client.post(f"/api/v1/plans/{plan['id']}/notes", json={"text": "x"}, headers=t)
    assert r.status_code == 201
    assert len(_events(db)) == seen
    from tests import factories as f

    f.consent(db, stu, f.guardian(db, stu), world.year)
    one(client.post(f"/api/v1/plans/{plan['id']}/submit", headers=t), "plan.status_changed")
    for approver in ("director_a1", "coord_a", "ikvd"):
        one(
            client.post(f"/api/v1/plans/{plan['id']}/approve", json={}, headers=world.h(approver)),
            "plan.status_changed",
        )
    assert _events(db)[-1].payload["status"] == "active"
    assert _events(db)[-1].payload["from_status"] == "approved_municipality"
    one(
        client.post(
            f"/api/v1/measures/{measure['id']}/deliveries",
            json={
                "delivered_on": str(local_today()),
                "duration_minutes": 40,
                "confirmation": "signature",
            },
            headers=t,
        ),
        "plan.updated",
    )
    assert _events(db)[-1].payload["deliveries_count"] == 1
    sequences = [e.sequence for e in _events(db)]
    assert sequences == sorted(sequences)
    assert len(set(sequences)) == len(sequences)

    draft = ready_draft(client, db, world)
    seen = len(_events(db))
    one(client.delete(f"/api/v1/plans/{draft.id}", headers=t), "plan.deleted")
    assert _events(db)[-1].resource_id.hex == draft.id.replace("-", "")


@pytest.mark.parametrize("where", ["audit", "outbox"])
def test_a_change_failing_halfway_leaves_neither_change_nor_event(
    client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    draft = ready_draft(client, db, world)
    before = len(_events(db))

    def fail(*args: Any, **kwargs: Any) -> None:
        raise Conflict(msg("data.conflict"))

    if where == "audit":
        # Called after the plan row and the outbox row are flushed.
        monkeypatch.setattr("backend.audit.service.record", fail)
    else:
        monkeypatch.setattr("backend.events.service.emit", fail)
    r = client.patch(
        f"/api/v1/plans/{draft.id}",
        json={"goals": "Nekad"},
        headers=world.h("teacher_a1") | {"If-Match": draft.etag},
    )
    assert r.status_code == 409
    monkeypatch.undo()
    db.expire_all()
    stored = db.get(SupportPlan, __import__("uuid").UUID(draft.id))
    assert stored is not None
    assert stored.goals == draft.body["goals"]
    assert stored.version == draft.body["version"]
    assert len(_events(db)) == before


def test_approval_history_lists_who_and_comments(
    client: TestClient, db: Session, world: World
) -> None:
    draft = ready_draft(client, db, world)
    act(client, world, draft.id, "submit", "teacher_a1")
    act(client, world, draft.id, "approve", "director_a1", {"comment": "Atbalstu"})
    history = client.get(f"/api/v1/plans/{draft.id}/history", headers=world.h("director_a1")).json()
    approval = history[-1]
    assert approval["approval_step"] == "school"
    assert approval["comment"] == "Atbalstu"
    assert approval["actor_user_id"] == str(world.actors["director_a1"].user.id)
    assert approval["actor_role"] == "school_director"
    assert approval["changes"] == [
        {"field": "status", "old": "submitted", "new": "approved_school"}
    ]
    kinds = [h["kind"] for h in history]
    assert kinds[:3] == ["created", "risk_assessment", "measure_added"]
