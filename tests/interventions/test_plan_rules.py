"""The rules of money and dates on plans, corrections with a trail, and the evaluation."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.db import local_today
from backend.plans.measures.models import Measure
from backend.schools.models import Semester
from tests.factories import World
from tests.plans.helpers import (
    act,
    activate,
    add_measure,
    backdate,
    factor_id,
    measure_type_id,
    ready_draft,
)
from tests.problems import API, assert_problem

TODAY = local_today()


def _consultation(day: Any = TODAY, **extra: Any) -> dict[str, Any]:
    return {"delivered_on": str(day), "duration_minutes": 45, "confirmation": "signature"} | extra


def _payment(amount: str, **extra: Any) -> dict[str, Any]:
    return {
        "delivered_on": str(TODAY),
        "quantity": 1,
        "amount_eur": amount,
        "evidence_reference": "Čeks 123",
    } | extra


def _log(client: TestClient, world: World, measure_id: str, body: dict[str, Any], who: str) -> Any:
    return client.post(f"{API}/measures/{measure_id}/deliveries", json=body, headers=world.h(who))


def _history(client: TestClient, world: World, plan_id: str, kind: str) -> list[dict[str, Any]]:
    r = client.get(f"{API}/plans/{plan_id}/history", headers=world.h("teacher_a1"))
    assert r.status_code == 200, r.text
    return [h for h in r.json() if h["kind"] == kind]


def _semester(db: Session, world: World) -> Semester:
    return world.semesters[0]


class TestMeasureRules:
    def test_dates_inside_the_semester_and_a_rated_factor(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        url = f"{API}/plans/{draft.id}/measures"
        semester = _semester(db, world)
        base = {
            "measure_type_id": measure_type_id(db, "consultation"),
            "addressed_factor_ids": [factor_id(db, "LS01")],
            "starts_on": str(semester.starts_on),
            "ends_on": str(semester.ends_on),
        }
        t = world.h("teacher_a1")
        no_start = {k: v for k, v in base.items() if k != "starts_on"}
        body = assert_problem(client.post(url, json=no_start, headers=t), 422, field="starts_on")
        assert "start and end dates" in body["detail"]
        no_end = {k: v for k, v in base.items() if k != "ends_on"}
        assert_problem(client.post(url, json=no_end, headers=t), 422, field="ends_on")
        early = base | {"starts_on": str(semester.starts_on - timedelta(days=1))}
        body = assert_problem(client.post(url, json=early, headers=t), 422, field="starts_on")
        assert "inside the plan's semester" in body["detail"]
        late = base | {"ends_on": str(semester.ends_on + timedelta(days=1))}
        assert_problem(client.post(url, json=late, headers=t), 422, field="ends_on")
        no_factor = base | {"addressed_factor_ids": []}
        body = assert_problem(
            client.post(url, json=no_factor, headers=t), 422, field="addressed_factor_ids"
        )
        assert "at least one rated risk factor" in body["detail"]
        assert client.post(url, json=base, headers=t).status_code == 201
        # An edit keeps them: dates inside the semester, a factor addressed.
        measure_id = draft.body["measures"][0]["id"]
        r = client.patch(
            f"{API}/measures/{measure_id}",
            json={"ends_on": str(semester.ends_on + timedelta(days=3))},
            headers=t,
        )
        assert_problem(r, 422, field="ends_on")
        r = client.patch(
            f"{API}/measures/{measure_id}", json={"addressed_factor_ids": []}, headers=t
        )
        assert_problem(r, 422, field="addressed_factor_ids")

    def test_edit_on_draft_is_in_the_history(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        measure_id = draft.body["measures"][0]["id"]
        semester = _semester(db, world)
        r = client.patch(
            f"{API}/measures/{measure_id}",
            json={"subject": "Fizika", "planned_hours": 6, "ends_on": str(semester.ends_on)},
            headers=world.h("teacher_a1"),
        )
        assert r.status_code == 200, r.text
        assert r.json()["subject"] == "Fizika"
        assert r.json()["planned_hours"] == 6
        change = _history(client, world, draft.id, "measure_changed")[-1]
        fields = {c["field"] for c in change["changes"]}
        assert {"measure.subject", "measure.planned_hours"} <= fields

    def test_planned_cost_is_hours_times_the_rate(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        type_id = measure_type_id(db, "consultation")
        r = client.patch(
            f"{API}/measure-types/{type_id}",
            json={"hourly_rate_eur": "15.50"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 200, r.text
        assert r.json()["hourly_rate_eur"] == "15.50"
        measure = add_measure(
            client,
            world,
            draft.id,
            {"measure_type_id": type_id, "planned_hours": 4, "planned_amount_eur": "1.00"},
        )
        assert measure["planned_amount_eur"] == "62.00"
        assert measure["amount_from_rate"] is True
        r = client.patch(
            f"{API}/measures/{measure['id']}",
            json={"planned_hours": 2},
            headers=world.h("teacher_a1"),
        )
        assert r.json()["planned_amount_eur"] == "31.00"

    def test_director_changes_the_planned_amount_of_an_active_plan_with_a_reason(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        url = f"{API}/measures/{plan.body['measures'][0]['id']}"

        def actions(actor: str) -> list[str]:
            read = client.get(f"{API}/plans/{plan.id}", headers=world.h(actor)).json()
            return list(read["allowed_actions"])

        assert "change_amounts" in actions("director_a1")
        assert "change_amounts" not in actions("teacher_a1")
        assert "change_amounts" not in actions("school_coord_a1")
        r = client.patch(url, json={"planned_amount_eur": "80.00"}, headers=world.h("teacher_a1"))
        assert_problem(r, 409)
        r = client.patch(url, json={"planned_amount_eur": "80.00"}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="reason")
        r = client.patch(
            url,
            json={"planned_amount_eur": "80.00", "subject": "Ķīmija", "reason": "Vairāk stundu"},
            headers=world.h("director_a1"),
        )
        assert_problem(r, 409)
        r = client.patch(
            url,
            json={"planned_amount_eur": "80.00", "reason": "Pašvaldība piešķīra vairāk"},
            headers=world.h("director_a1"),
        )
        assert r.status_code == 200, r.text
        assert r.json()["planned_amount_eur"] == "80.00"
        change = _history(client, world, plan.id, "measure_changed")[-1]
        assert change["comment"] == "Pašvaldība piešķīra vairāk"
        assert change["changes"][0]["field"] == "measure.planned_amount_cents"


class TestDeliveryRules:
    def test_delivery_days(self, client: TestClient, db: Session, world: World) -> None:
        plan = activate(client, db, world)
        semester = _semester(db, world)
        if TODAY - timedelta(days=12) < semester.starts_on:
            pytest.skip("needs a semester at least twelve days old")
        backdate(db, plan.id, 10)  # active, and the measure running, since ten days ago
        measure_id = plan.body["measures"][0]["id"]
        measure = db.get(Measure, __import__("uuid").UUID(measure_id))
        assert measure is not None

        def refused(day: Any) -> str:
            body = assert_problem(
                _log(client, world, measure_id, _consultation(day), "teacher_a1"),
                422,
                field="delivered_on",
            )
            detail: str = body["detail"]
            return detail

        assert "not before" in refused(TODAY - timedelta(days=11))
        measure.starts_on = semester.starts_on
        db.flush()
        assert "became active" in refused(TODAY - timedelta(days=11))
        assert "semester" in refused(semester.starts_on - timedelta(days=1))
        assert "future" in refused(TODAY + timedelta(days=1))
        measure.ends_on = TODAY - timedelta(days=2)
        db.flush()
        assert "measure ends" in refused(TODAY - timedelta(days=1))
        r = _log(client, world, measure_id, _consultation(TODAY - timedelta(days=3)), "teacher_a1")
        assert r.status_code == 201, r.text

    def test_over_plan_compensation_needs_a_reason(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        measure = add_measure(
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
        r = _log(client, world, measure["id"], _payment("50.00"), "teacher_a1")
        assert r.status_code == 201, r.text
        assert r.json()["over_plan_reason"] is None
        body = assert_problem(
            _log(client, world, measure["id"], _payment("20.00"), "teacher_a1"),
            422,
            field="over_plan_reason",
        )
        assert "70.00 EUR, over the 60.00 EUR planned" in body["detail"]
        reason = "Cenas pieauga, saskaņots ar direktoru"
        r = _log(
            client, world, measure["id"], _payment("20.00", over_plan_reason=reason), "teacher_a1"
        )
        assert r.status_code == 201, r.text
        assert r.json()["over_plan_reason"] == reason
        read = client.get(f"{API}/plans/{draft.id}", headers=world.h("teacher_a1")).json()
        paid = next(m for m in read["measures"] if m["id"] == measure["id"])
        assert paid["delivered_amount_eur"] == "70.00"
        assert paid["over_plan_eur"] == "10.00"
        assert paid["over_plan_overrides"] == 1
        logged = _history(client, world, draft.id, "delivery_logged")[-1]
        assert logged["comment"] == reason
        # The plan report shows the money over the plan and the overrides.
        report = client.get(
            f"{API}/reports/plans",
            params={"semester_id": str(world.semesters[0].id)},
            headers=world.h("teacher_a1"),
        ).json()
        a1 = next(i for i in report["institutions"] if i["institution_id"] == str(world.a1.id))
        assert a1["over_plan_amount_eur"] == "10.00"
        assert a1["over_plan_overrides"] == 1
        # Money monitoring: the over-plan money and the overrides of the type.
        monitoring = client.get(
            f"{API}/reports/monitoring/money",
            params={"semester_id": str(world.semesters[0].id)},
            headers=world.h("ikvd"),
        )
        assert monitoring.status_code == 200, monitoring.text
        columns = [c["key"] for c in monitoring.json()["tables"][0]["columns"]]
        assert {"over_plan_eur", "overrides"} <= set(columns)

    def test_correct_and_void_with_a_trail(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        backdate(db, plan.id, 5)
        measure_id = plan.body["measures"][0]["id"]
        r = _log(client, world, measure_id, _consultation(), "teacher_a1")
        assert r.status_code == 201, r.text
        delivery = r.json()
        url = f"{API}/deliveries/{delivery['id']}"
        fixed = _consultation(duration_minutes=60, reason="Ierakstīts nepareizs ilgums")
        assert_problem(
            client.post(f"{url}/correct", json=fixed, headers=world.h("specialist_a1")), 403
        )
        assert_problem(
            client.post(f"{url}/correct", json=fixed, headers=world.h("teacher_b1")), 404
        )
        no_reason = {k: v for k, v in fixed.items() if k != "reason"}
        assert_problem(
            client.post(f"{url}/correct", json=no_reason, headers=world.h("teacher_a1")),
            422,
            field="reason",
        )
        future = fixed | {"delivered_on": str(TODAY + timedelta(days=1))}
        assert_problem(
            client.post(f"{url}/correct", json=future, headers=world.h("teacher_a1")),
            422,
            field="delivered_on",
        )
        r = client.post(f"{url}/correct", json=fixed, headers=world.h("teacher_a1"))
        assert r.status_code == 200, r.text
        assert r.json()["duration_minutes"] == 60
        assert r.json()["corrected_at"] is not None
        assert_problem(
            client.post(f"{url}/correct", json=fixed, headers=world.h("teacher_a1")), 409
        )
        corrected = _history(client, world, plan.id, "delivery_corrected")
        assert len(corrected) == 1
        assert corrected[0]["comment"] == "Ierakstīts nepareizs ilgums"
        assert corrected[0]["changes"] == [
            {"field": "delivery.duration_minutes", "old": 45, "new": 60}
        ]
        # The school coordinator voids it: it stays in the log, marked, and counts nowhere.
        assert_problem(
            client.post(f"{url}/void", json={"reason": ""}, headers=world.h("school_coord_a1")),
            422,
            field="reason",
        )
        r = client.post(
            f"{url}/void", json={"reason": "Dubults ieraksts"}, headers=world.h("school_coord_a1")
        )
        assert r.status_code == 200, r.text
        assert r.json()["void_reason"] == "Dubults ieraksts"
        assert r.json()["voided_at"] is not None
        assert_problem(
            client.post(f"{url}/void", json={"reason": "Vēlreiz"}, headers=world.h("teacher_a1")),
            409,
        )
        assert_problem(
            client.post(f"{url}/correct", json=fixed, headers=world.h("teacher_a1")), 409
        )
        voided = _history(client, world, plan.id, "delivery_voided")
        assert voided[0]["comment"] == "Dubults ieraksts"
        log = client.get(
            f"{API}/measures/{measure_id}/deliveries", headers=world.h("teacher_a1")
        ).json()
        assert [d["id"] for d in log] == [delivery["id"]]
        read = client.get(f"{API}/plans/{plan.id}", headers=world.h("teacher_a1")).json()
        assert read["measures"][0]["deliveries_count"] == 0
        assert read["measures"][0]["delivered_minutes"] == 0


class TestEvaluation:
    def test_early_evaluation_needs_a_reason(
        self, client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A window wider than any semester has passed... the other way: one that opens after
        # the semester's end, so today is always early.
        monkeypatch.setattr(get_settings(), "evaluation_window_days", -400)
        plan = activate(client, db, world)
        body = act(
            client, world, plan.id, "evaluate", "school_coord_a1", {"outcome": "partly_met"}, 422
        )
        assert body["errors"][0]["loc"] == ["body", "early_reason"]
        assert "needs a reason" in body["detail"]
        read = act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {"outcome": "partly_met", "early_reason": "Skolēns pāriet uz citu skolu"},
        )
        assert read["evaluation"]["early_reason"] == "Skolēns pāriet uz citu skolu"
        change = _history(client, world, plan.id, "status_changed")[-1]
        assert change["comment"] == "Skolēns pāriet uz citu skolu"

    def test_sensitive_factors_by_the_specialist_or_director(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world, sensitive=True)
        sh02, ls01 = factor_id(db, "SH02"), factor_id(db, "LS01")
        body = act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {
                "outcome": "partly_met",
                "levels_after": [
                    {"risk_factor_id": ls01, "level_after": "low"},
                    {"risk_factor_id": sh02, "level_after": "low"},
                ],
            },
            422,
        )
        assert body["errors"][0]["loc"] == ["body", "levels_after", 1, "risk_factor_id"]
        read = act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {
                "outcome": "partly_met",
                "levels_after": [{"risk_factor_id": ls01, "level_after": "low"}],
            },
        )
        # SH02 is still high before the specialist evaluates it.
        assert read["risk_level_after"] == "high"
        director = client.get(f"{API}/plans/{plan.id}", headers=world.h("director_a1")).json()
        assert "evaluate_sensitive" in director["allowed_actions"]
        url = f"{API}/plans/{plan.id}/evaluation/sensitive-levels"
        levels = {"levels_after": [{"risk_factor_id": sh02, "level_after": "medium"}]}
        assert_problem(client.put(url, json=levels, headers=world.h("school_coord_a1")), 403)
        not_sensitive = {"levels_after": [{"risk_factor_id": ls01, "level_after": "high"}]}
        assert_problem(
            client.put(url, json=not_sensitive, headers=world.h("specialist_a1")),
            422,
            field="risk_factor_id",
        )
        r = client.put(url, json=levels, headers=world.h("specialist_a1"))
        assert r.status_code == 200, r.text
        assert r.json()["risk_level_after"] == "medium"
        hidden = client.get(f"{API}/plans/{plan.id}", headers=world.h("school_coord_a1")).json()
        assert hidden["risk_level_after"] == "medium"
        assert [lv["hidden"] for lv in hidden["evaluation"]["levels"]].count(True) == 1
        updated = _history(client, world, plan.id, "updated")[-1]
        assert updated["changes"][0]["field"] == "evaluation.level_after"

    def test_closing_ends_running_measures(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        act(client, world, plan.id, "evaluate", "school_coord_a1", {"outcome": "goals_met"})
        read = act(client, world, plan.id, "close", "school_coord_a1")
        assert [m["status"] for m in read["measures"]] == ["ended"]

    def test_discontinuing_ends_running_measures(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        read = act(client, world, plan.id, "discontinue", "school_coord_a1", {"reason": "Pārcēlās"})
        assert read["status"] == "discontinued"
        assert [m["status"] for m in read["measures"]] == ["ended"]
        entry = _history(client, world, plan.id, "status_changed")[-1]
        assert entry["to_status"] == "discontinued", entry
