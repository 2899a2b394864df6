"""The plan's rules: concurrency, read-only closed plans, duplicates, scope, roles, validation."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.db import local_today
from backend.events.models import OutboxEvent
from tests import factories as f
from tests.factories import World
from tests.plans.helpers import (
    act,
    activate,
    create,
    enrolled_student,
    factor_id,
    measure_type_id,
    ready_draft,
)


class TestCreatePlan:
    def _body(self, world: World, student_id: str) -> dict[str, str]:
        return {"student_id": student_id, "semester_id": str(world.semesters[0].id)}

    def test_roles_without_plans_write_403(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        stu = enrolled_student(db, world)
        for actor in ("coord_a", "director_a1", "school_coord_a1", "ngo", "ikvd"):
            r = client.post(
                "/api/v1/plans", json=self._body(world, str(stu.id)), headers=world.h(actor)
            )
            assert r.status_code == 403, actor

    def test_teacher_other_school_404(self, client: TestClient, db: Session, world: World) -> None:
        stu = enrolled_student(db, world)
        r = client.post(
            "/api/v1/plans", json=self._body(world, str(stu.id)), headers=world.h("teacher_b1")
        )
        assert r.status_code == 404

    def test_unknown_field_and_semester_422(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        stu = enrolled_student(db, world)
        body = self._body(world, str(stu.id)) | {"status": "active"}
        r = client.post("/api/v1/plans", json=body, headers=world.h("teacher_a1"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "status"]
        body = self._body(world, str(stu.id)) | {"semester_id": str(world.a1.id)}
        r = client.post("/api/v1/plans", json=body, headers=world.h("teacher_a1"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "semester_id"]

    def test_ineligible_grade_422(self, client: TestClient, db: Session, world: World) -> None:
        third = f.class_group(db, world.a1, world.year, grade=3)
        stu = enrolled_student(db, world, group=third)
        r = client.post(
            "/api/v1/plans", json=self._body(world, str(stu.id)), headers=world.h("teacher_a1")
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "student_id"]

    def test_creates_draft_with_code(self, client: TestClient, db: Session, world: World) -> None:
        stu = enrolled_student(db, world)
        plan = create(client, world, stu)
        assert plan["status"] == "draft"
        assert plan["author_id"] == str(world.actors["teacher_a1"].user.id)
        year, number, serial = plan["code"].removeprefix("IAP-").split("-")
        assert (year, number, len(serial)) == (str(world.year.starts_on.year), "1", 6)
        other = create(client, world, enrolled_student(db, world))
        assert other["code"] != plan["code"]

    def test_second_plan_same_student_semester_409(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        stu = enrolled_student(db, world)
        create(client, world, stu)
        r = client.post(
            "/api/v1/plans",
            json=self._body(world, str(stu.id)),
            headers=world.h("specialist_a1"),
        )
        assert r.status_code == 409
        assert "already has a plan" in r.json()["detail"]
        # Another semester is fine.
        create(client, world, stu, "teacher_a1", semester=1)


class TestEditPlan:
    def test_same_etag_one_wins(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        headers = world.h("teacher_a1") | {"If-Match": draft.etag}
        url = f"/api/v1/plans/{draft.id}"
        first = client.patch(url, json={"goals": "Pirmais"}, headers=headers)
        second = client.patch(url, json={"goals": "Otrais"}, headers=headers)
        assert first.status_code == 200
        assert second.status_code == 412
        assert second.headers["content-type"] == "application/problem+json"
        now = client.get(url, headers=world.h("teacher_a1"))
        assert now.json()["goals"] == "Pirmais"
        assert now.headers["ETag"] == first.headers["ETag"]

    def test_without_if_match_428(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        r = client.patch(
            f"/api/v1/plans/{draft.id}", json={"goals": "x"}, headers=world.h("teacher_a1")
        )
        assert r.status_code == 428
        r = client.put(
            f"/api/v1/plans/{draft.id}/risk-assessment",
            json={"rated_factors": []},
            headers=world.h("teacher_a1"),
        )
        assert r.status_code == 428

    def test_only_author_edits(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        r = client.patch(
            f"/api/v1/plans/{draft.id}",
            json={"goals": "x"},
            headers=world.h("specialist_a1") | {"If-Match": draft.etag},
        )
        assert r.status_code == 403
        r = client.patch(
            f"/api/v1/plans/{draft.id}",
            json={"goals": "x"},
            headers=world.h("teacher_b1") | {"If-Match": draft.etag},
        )
        assert r.status_code == 404

    def test_submitted_plan_is_not_editable(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        plan = act(client, world, draft.id, "submit", "teacher_a1")
        r = client.patch(
            f"/api/v1/plans/{draft.id}",
            json={"goals": "x"},
            headers=world.h("teacher_a1") | {"If-Match": f'"{plan["version"]}"'},
        )
        assert r.status_code == 409

    def test_risk_level_is_highest_unless_overridden(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        url = f"/api/v1/plans/{draft.id}/risk-assessment"
        factors = [
            {"risk_factor_id": factor_id(db, "LS01"), "level": "low"},
            {"risk_factor_id": factor_id(db, "EC01"), "level": "medium"},
        ]
        headers = world.h("teacher_a1") | {"If-Match": draft.etag}
        r = client.put(url, json={"rated_factors": factors}, headers=headers)
        assert r.status_code == 200
        assert r.json()["risk_assessment"]["overall_level"] == "medium"
        headers["If-Match"] = r.headers["ETag"]
        r = client.put(
            url, json={"rated_factors": factors, "override_level": "high"}, headers=headers
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "override_reason"]
        r = client.put(url, json={"rated_factors": factors * 2}, headers=headers)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "rated_factors"]
        r = client.put(
            url,
            json={
                "rated_factors": factors,
                "override_level": "high",
                "override_reason": "Ģimenes krīze",
            },
            headers=headers,
        )
        assert r.status_code == 200
        body = r.json()
        assert body["risk_level"] == "high"
        assert body["risk_assessment"]["computed_level"] == "medium"

    def test_unknown_factor_422(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        r = client.put(
            f"/api/v1/plans/{draft.id}/risk-assessment",
            json={"rated_factors": [{"risk_factor_id": str(world.a1.id), "level": "low"}]},
            headers=world.h("teacher_a1") | {"If-Match": draft.etag},
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "rated_factors", 0, "risk_factor_id"]


class TestDeletePlan:
    def test_deletes_draft_only(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        submitted = ready_draft(client, db, world)
        act(client, world, submitted.id, "submit", "teacher_a1")
        r = client.delete(f"/api/v1/plans/{submitted.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 409
        r = client.delete(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_b1"))
        assert r.status_code == 404
        r = client.delete(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 204
        r = client.get(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 404


class TestApprovals:
    def test_only_the_right_roles(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "approve", "teacher_a1", {}, expect=403)
        act(client, world, draft.id, "approve", "school_coord_a1", {}, expect=403)
        act(client, world, draft.id, "approve", "coord_b", {}, expect=404)
        act(client, world, draft.id, "approve", "director_b1", {}, expect=404)
        # The municipality and IKVD wait for the school step.
        act(client, world, draft.id, "approve", "coord_a", {}, expect=403)
        act(client, world, draft.id, "approve", "ikvd", {}, expect=403)
        act(client, world, draft.id, "approve", "director_a1", {})
        act(client, world, draft.id, "approve", "director_a1", {}, expect=403)
        act(client, world, draft.id, "return", "coord_a", {}, expect=422)
        plan = act(client, world, draft.id, "return", "coord_a", {"comment": "Trūkst mērķu"})
        assert plan["status"] == "returned"
        assert plan["approvals"][-1]["decision"] == "returned"
        act(client, world, draft.id, "approve", "director_a1", {}, expect=409)

    def test_draft_awaits_no_approval(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        refused = act(client, world, draft.id, "approve", "director_a1", {}, expect=409)
        assert "awaits no approval" in refused["detail"]

    def test_only_author_submits(self, client: TestClient, db: Session, world: World) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "specialist_a1", expect=403)
        act(client, world, draft.id, "submit", "teacher_b1", expect=404)
        act(client, world, draft.id, "submit", "director_a1", expect=403)

    def test_discontinue_and_a_new_plan(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        active = activate(client, db, world)
        act(client, world, active.id, "discontinue", "teacher_a1", {"reason": "x"}, expect=403)
        act(client, world, active.id, "discontinue", "school_coord_a1", {}, expect=422)
        plan = act(
            client, world, active.id, "discontinue", "school_coord_a1", {"reason": "Pārgāja"}
        )
        assert plan["status"] == "discontinued"
        assert plan["discontinue_reason"] == "Pārgāja"
        # A discontinued plan no longer blocks a new one for that semester.
        create(client, world, active.student)


class TestClosedPlan:
    def test_refuses_every_write(self, client: TestClient, db: Session, world: World) -> None:
        plan = activate(client, db, world)
        measure_id = plan.body["measures"][0]["id"]
        act(client, world, plan.id, "evaluate", "school_coord_a1", {"outcome": "goals_met"})
        closed = act(client, world, plan.id, "close", "school_coord_a1")
        etag = {"If-Match": f'"{closed["version"]}"'}
        author = world.h("teacher_a1")
        url = f"/api/v1/plans/{plan.id}"
        writes = [
            client.patch(url, json={"goals": "x"}, headers=author | etag),
            client.put(f"{url}/risk-assessment", json={"rated_factors": []}, headers=author | etag),
            client.delete(url, headers=author),
            client.post(
                f"{url}/measures",
                json={"measure_type_id": measure_type_id(db, "consultation")},
                headers=author,
            ),
            client.patch(f"/api/v1/measures/{measure_id}", json={"status": "done"}, headers=author),
            client.post(f"/api/v1/measures/{measure_id}/cancel", headers=author),
            client.post(
                f"/api/v1/measures/{measure_id}/deliveries",
                json={
                    "delivered_on": str(local_today()),
                    "duration_minutes": 30,
                    "confirmation": "signature",
                },
                headers=author,
            ),
            client.post(f"{url}/notes", json={"text": "x"}, headers=author),
            client.post(f"{url}/submit", headers=author),
            client.post(f"{url}/approve", json={}, headers=world.h("director_a1")),
            client.post(f"{url}/return", json={"comment": "x"}, headers=world.h("ikvd")),
            client.post(
                f"{url}/evaluate", json={"outcome": "not_met"}, headers=world.h("school_coord_a1")
            ),
            client.post(f"{url}/close", headers=world.h("school_coord_a1")),
            client.post(
                f"{url}/discontinue", json={"reason": "x"}, headers=world.h("school_coord_a1")
            ),
        ]
        for r in writes:
            assert r.status_code == 409, (r.request.method, r.request.url, r.text)
            assert r.json()["detail"] == "The plan is closed: it is read-only"
        assert client.get(url, headers=author).json()["version"] == closed["version"]


class TestScope:
    def test_teacher_of_another_institution_404(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        measure_id = plan.body["measures"][0]["id"]
        other = world.h("teacher_b1")
        for path in (
            "",
            "/status",
            "/measures",
            "/notes",
            "/history",
        ):
            r = client.get(f"/api/v1/plans/{plan.id}{path}", headers=other)
            assert r.status_code == 404, path
            assert r.headers["content-type"] == "application/problem+json"
        r = client.get(f"/api/v1/measures/{measure_id}/deliveries", headers=other)
        assert r.status_code == 404
        r = client.post(f"/api/v1/plans/{plan.id}/notes", json={"text": "x"}, headers=other)
        assert r.status_code == 404

    def test_lists_only_in_scope(self, client: TestClient, db: Session, world: World) -> None:
        a1 = ready_draft(client, db, world)
        b1 = ready_draft(client, db, world, "b1")
        for actor, sees, hidden in (
            ("teacher_a1", a1, b1),
            ("coord_a", a1, b1),
            ("coord_b", b1, a1),
        ):
            ids = {
                p["id"] for p in client.get("/api/v1/plans", headers=world.h(actor)).json()["items"]
            }
            assert sees.id in ids, actor
            assert hidden.id not in ids, actor
        ids = {
            p["id"] for p in client.get("/api/v1/plans", headers=world.h("ikvd")).json()["items"]
        }
        assert {a1.id, b1.id} <= ids
        assert client.get("/api/v1/plans", headers=world.h("ngo")).status_code == 403
        assert client.get("/api/v1/plans").status_code == 401


class TestListPlans:
    def test_filters_and_keyset_pages(self, client: TestClient, db: Session, world: World) -> None:
        drafts = [ready_draft(client, db, world) for _ in range(3)]
        act(client, world, drafts[0].id, "submit", "teacher_a1")
        headers = world.h("director_a1")
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, "institution_id": str(world.a1.id)}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/api/v1/plans", params=params, headers=headers).json()
            seen += [p["id"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(d.id for d in drafts)
        assert len(seen) == len(set(seen))
        submitted = client.get(
            "/api/v1/plans", params={"status": "submitted"}, headers=headers
        ).json()["items"]
        assert [p["id"] for p in submitted] == [drafts[0].id]
        by_student = client.get(
            "/api/v1/plans", params={"student_id": str(drafts[1].student.id)}, headers=headers
        ).json()["items"]
        assert [p["id"] for p in by_student] == [drafts[1].id]
        author = str(world.actors["teacher_a1"].user.id)
        mine = client.get(
            "/api/v1/plans",
            params={
                "author_id": author,
                "risk_level": "medium",
                "semester_id": str(world.semesters[0].id),
            },
            headers=headers,
        ).json()["items"]
        assert len(mine) == 3
        assert (
            client.get(
                "/api/v1/plans", params={"risk_level": "extreme"}, headers=headers
            ).status_code
            == 422
        )
        assert (
            client.get("/api/v1/plans", params={"cursor": "%%%"}, headers=headers).status_code
            == 422
        )


class TestEvaluation:
    def test_continue_creates_linked_draft(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        plan = activate(client, db, world)
        ls01 = factor_id(db, "LS01")
        act(client, world, plan.id, "evaluate", "teacher_a1", {"outcome": "goals_met"}, expect=403)
        act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {
                "outcome": "goals_met",
                "levels_after": [{"risk_factor_id": str(world.a1.id), "level_after": "low"}],
            },
            expect=422,
        )
        evaluated = act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {
                "outcome": "partly_met",
                "levels_after": [{"risk_factor_id": ls01, "level_after": "low"}],
                "continue_next": True,
                "narrative": "Progress ir",
            },
        )
        assert evaluated["status"] == "evaluated"
        assert evaluated["evaluation"]["continue_next"] is True
        last_two = db.scalars(
            select(OutboxEvent).order_by(OutboxEvent.sequence.desc()).limit(2)
        ).all()
        assert [(e.type, str(e.resource_id)) for e in reversed(last_two)] == [
            ("plan.status_changed", plan.id),
            ("plan.created", evaluated["next_plan_id"]),
        ]
        nxt = client.get(
            f"/api/v1/plans/{evaluated['next_plan_id']}", headers=world.h("teacher_a1")
        ).json()
        assert nxt["status"] == "draft"
        assert nxt["previous_plan_id"] == plan.id
        assert nxt["semester"]["id"] == str(world.semesters[1].id)
        assert nxt["author_id"] == plan.body["author_id"]
        assert [(f["code"], f["level"]) for f in nxt["risk_assessment"]["rated_factors"]] == [
            ("LS01", "low")
        ]
        (copied,) = nxt["measures"]
        assert copied["continued_from_id"] == plan.body["measures"][0]["id"]
        assert copied["status"] == "planned"
        # Not twice.
        act(
            client,
            world,
            plan.id,
            "evaluate",
            "school_coord_a1",
            {"outcome": "not_met"},
            expect=409,
        )
