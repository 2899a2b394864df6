"""Measures of plans and the delivery log."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.db import local_today
from backend.identity.roles import Role
from tests import factories as f
from tests.factories import World, headers_for
from tests.plans.helpers import (
    act,
    activate,
    add_measure,
    backdate,
    factor_id,
    measure_type_id,
    ready_draft,
)

TODAY = local_today()


def _consultation(**extra: Any) -> dict[str, Any]:
    return {"delivered_on": str(TODAY), "duration_minutes": 40, "confirmation": "signature"} | extra


def _log(
    client: TestClient, world: World, measure_id: str, body: dict[str, Any], actor: str
) -> Any:
    return client.post(
        f"/api/v1/measures/{measure_id}/deliveries", json=body, headers=world.h(actor)
    )


class TestMeasures:
    def test_add_validates_and_totals(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        url = f"/api/v1/plans/{draft.id}/measures"
        t = world.h("teacher_a1")
        consultation = measure_type_id(db, "consultation")
        assert client.post(url, json={"measure_type_id": consultation}).status_code == 401
        r = client.post(url, json={"measure_type_id": consultation}, headers=world.h("coord_a"))
        assert r.status_code == 403
        r = client.post(url, json={"measure_type_id": consultation}, headers=world.h("teacher_b1"))
        assert r.status_code == 404
        r = client.post(
            url,
            json={"measure_type_id": consultation, "addressed_factor_ids": [factor_id(db, "EC01")]},
            headers=t,
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "addressed_factor_ids", 0]
        r = client.post(
            url,
            json={
                "measure_type_id": consultation,
                "responsible_user_id": str(world.actors["teacher_b1"].user.id),
            },
            headers=t,
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "responsible_user_id"]
        r = client.post(url, json={"measure_type_id": consultation, "colour": "red"}, headers=t)
        assert r.status_code == 422
        r = client.post(
            url,
            json={
                "measure_type_id": consultation,
                "starts_on": str(TODAY),
                "ends_on": str(TODAY - timedelta(days=1)),
            },
            headers=t,
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "ends_on"]
        compensation = measure_type_id(db, "compensation")
        r = client.post(url, json={"measure_type_id": compensation}, headers=t)
        assert r.status_code == 422
        measure = add_measure(
            client,
            world,
            draft.id,
            {"measure_type_id": compensation, "planned_amount_eur": "120.50"},
        )
        assert measure["planned_amount_eur"] == "120.50"
        assert measure["delivered_amount_eur"] == "0.00"
        listed = client.get(url, headers=world.h("coord_a")).json()
        assert len(listed) == 2

    def test_change_and_cancel_on_draft(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        measure_id = draft.body["measures"][0]["id"]
        url = f"/api/v1/measures/{measure_id}"
        r = client.patch(url, json={"planned_quantity": 12}, headers=world.h("specialist_a1"))
        assert r.status_code == 403
        r = client.patch(url, json={"planned_quantity": 12}, headers=world.h("teacher_b1"))
        assert r.status_code == 404
        r = client.patch(url, json={"planned_quantity": 12}, headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert r.json()["planned_quantity"] == 12
        r = client.post(f"{url}/cancel", headers=world.h("teacher_a1"))
        assert r.json()["status"] == "cancelled"
        assert client.post(f"{url}/cancel", headers=world.h("teacher_a1")).status_code == 409
        refused = act(client, world, draft.id, "submit", "teacher_a1", expect=409)
        assert "no measure" in refused["detail"]
        history = client.get(
            f"/api/v1/plans/{draft.id}/history", headers=world.h("teacher_a1")
        ).json()
        change = next(h for h in history if h["kind"] == "measure_changed")
        assert change["changes"] == [{"field": "measure.planned_quantity", "old": 10, "new": 12}]

    def test_active_plan_allows_only_status(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        url = f"/api/v1/measures/{plan.body['measures'][0]['id']}"
        r = client.patch(url, json={"planned_quantity": 3}, headers=world.h("teacher_a1"))
        assert r.status_code == 409
        r = client.patch(url, json={"status": "done"}, headers=world.h("specialist_a1"))
        assert r.status_code == 403
        r = client.patch(url, json={"status": "done"}, headers=world.h("school_coord_a1"))
        assert r.status_code == 200
        assert r.json()["status"] == "done"


class TestDeliveries:
    def test_refused_unless_plan_active(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        measure_id = draft.body["measures"][0]["id"]
        r = _log(client, world, measure_id, _consultation(), "teacher_a1")
        assert r.status_code == 409
        assert "only on active plans" in r.json()["detail"]
        act(client, world, draft.id, "submit", "teacher_a1")
        r = _log(client, world, measure_id, _consultation(), "teacher_a1")
        assert r.status_code == 409

    def test_responsible_or_school_coordinator(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world, responsible="specialist_a1")
        measure_id = plan.body["measures"][0]["id"]
        _, other = f.user(db, Role.teacher, world.a1.id)
        r = client.post(
            f"/api/v1/measures/{measure_id}/deliveries",
            json=_consultation(),
            headers=headers_for(other),
        )
        assert r.status_code == 403
        # The plan's author is not the measure's responsible staff member.
        assert _log(client, world, measure_id, _consultation(), "teacher_a1").status_code == 403
        assert _log(client, world, measure_id, _consultation(), "teacher_b1").status_code == 404
        assert _log(client, world, measure_id, _consultation(), "director_a1").status_code == 403
        assert _log(client, world, measure_id, _consultation(), "specialist_a1").status_code == 201
        assert (
            _log(client, world, measure_id, _consultation(), "school_coord_a1").status_code == 201
        )
        r = client.post(f"/api/v1/measures/{measure_id}/deliveries", json=_consultation())
        assert r.status_code == 401
        deliveries = client.get(
            f"/api/v1/measures/{measure_id}/deliveries", headers=world.h("coord_a")
        ).json()
        assert len(deliveries) == 2

    def test_consultation_rules(self, client: TestClient, db: Session, world: World) -> None:
        plan = activate(client, db, world)
        backdate(db, plan.id, 3)
        measure_id = plan.body["measures"][0]["id"]

        def refused(body: dict[str, Any]) -> list[Any]:
            r = _log(client, world, measure_id, body, "teacher_a1")
            assert r.status_code == 422, r.text
            loc: list[Any] = r.json()["errors"][0]["loc"]
            return loc

        assert refused(_consultation(duration_minutes=None)) == ["body", "duration_minutes"]
        assert refused(_consultation(confirmation=None)) == ["body", "confirmation"]
        assert refused(_consultation(remote=True)) == ["body", "confirmation"]
        assert refused(_consultation(remote=True, confirmation="email")) == [
            "body",
            "confirmed_on",
        ]
        two_days_ago = TODAY - timedelta(days=2)
        assert refused(
            _consultation(
                delivered_on=str(two_days_ago),
                remote=True,
                confirmation="e_journal",
                confirmed_on=str(TODAY),
            )
        ) == ["body", "confirmed_on"]
        assert refused(_consultation(delivered_on=str(TODAY + timedelta(days=1)))) == [
            "body",
            "delivered_on",
        ]
        assert refused(_consultation(minutes=5)) == ["body", "minutes"]
        r = _log(
            client,
            world,
            measure_id,
            _consultation(
                delivered_on=str(TODAY - timedelta(days=1)),
                remote=True,
                confirmation="email",
                confirmed_on=str(TODAY),
            ),
            "teacher_a1",
        )
        assert r.status_code == 201, r.text
        assert r.json()["remote"] is True

    def test_compensation_and_totals(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        compensation = add_measure(
            client,
            world,
            draft.id,
            {
                "measure_type_id": measure_type_id(db, "compensation"),
                "responsible_user_id": str(world.actors["teacher_a1"].user.id),
                "planned_amount_eur": "60.00",
            },
        )
        act(client, world, draft.id, "submit", "teacher_a1")
        for approver in ("director_a1", "coord_a", "ikvd"):
            act(client, world, draft.id, "approve", approver, {})
        mid = compensation["id"]
        r = _log(client, world, mid, {"delivered_on": str(TODAY)}, "teacher_a1")
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "amount_eur"]
        r = _log(
            client, world, mid, {"delivered_on": str(TODAY), "amount_eur": "12.30"}, "teacher_a1"
        )
        assert r.json()["errors"][0]["loc"] == ["body", "evidence_reference"]
        for amount in ("12.30", "7.70"):
            r = _log(
                client,
                world,
                mid,
                {
                    "delivered_on": str(TODAY),
                    "amount_eur": amount,
                    "evidence_reference": "Biļete 123",
                },
                "teacher_a1",
            )
            assert r.status_code == 201, r.text
        consultation = draft.body["measures"][0]["id"]
        assert _log(client, world, consultation, _consultation(), "teacher_a1").status_code == 201
        plan = client.get(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_a1")).json()
        totals = {
            m["id"]: (
                m["planned_quantity"],
                m["planned_amount_eur"],
                m["deliveries_count"],
                m["delivered_quantity"],
                m["delivered_amount_eur"],
            )
            for m in plan["measures"]
        }
        # Delivered in the measure's unit: tickets or items counted, euros summed.
        expected = "20.00" if compensation["unit"] == "eur" else "2"
        assert totals[mid][1:] == ("60.00", 2, expected, "20.00")
        assert totals[consultation] == (10, None, 1, "1", "0.00")
        status = client.get(f"/api/v1/plans/{draft.id}/status", headers=world.h("coord_a")).json()
        assert (status["measures_planned"], status["deliveries_count"]) == (2, 3)
