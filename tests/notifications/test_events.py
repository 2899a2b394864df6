"""Each plan event reaches exactly the right people in the plan's scope, and nobody else."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.events import service as outbox
from tests.factories import World
from tests.notifications.helpers import items, told, unread
from tests.plans.helpers import act, activate, ready_draft
from tests.problems import API


class TestPlanEvents:
    def test_submitted_reaches_the_schools_director_only(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        assert unread(client, world, "director_a1") == 0
        act(client, world, draft.id, "submit", "teacher_a1")
        assert told(client, world) == {"director_a1": ["plan_awaits_approval"]}
        (note,) = items(client, world, "director_a1")
        assert note["plan_id"] == draft.id
        assert note["plan_code"] == draft.body["code"]
        assert unread(client, world, "director_a1") == 1

    def test_each_approval_tells_the_next_approver_and_the_author(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "approve", "director_a1", {})
        assert told(client, world) == {
            "director_a1": ["plan_awaits_approval"],
            "coord_a": ["plan_awaits_approval"],
            "teacher_a1": ["plan_approved"],
        }
        act(client, world, draft.id, "approve", "coord_a", {})
        assert told(client, world)["ikvd"] == ["plan_awaits_approval"]
        assert "coord_b" not in told(client, world)

    def test_active_reaches_the_author_and_the_responsible_staff(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        activate(client, db, world, responsible="specialist_a1")
        got = told(client, world)
        assert got["teacher_a1"][0] == "plan_active"
        assert got["specialist_a1"] == ["plan_active"]
        for outsider in ("director_b1", "teacher_b1", "coord_b", "school_coord_a1", "ngo"):
            assert outsider not in got

    def test_returned_reaches_the_author_with_the_comment(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "return", "director_a1", {"comment": "Papildiniet mērķus"})
        (note,) = items(client, world, "teacher_a1")
        assert note["kind"] == "plan_returned"
        assert note["comment"] == "Papildiniet mērķus"
        assert told(client, world) == {
            "director_a1": ["plan_awaits_approval"],
            "teacher_a1": ["plan_returned"],
        }

    def test_state_school_goes_straight_to_ikvd(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world, "v1")
        act(client, world, draft.id, "submit", "teacher_v1")
        assert told(client, world) == {"director_v1": ["plan_awaits_approval"]}
        act(client, world, draft.id, "approve", "director_v1", {})
        got = told(client, world)
        assert got["ikvd"] == ["plan_awaits_approval"]
        assert "coord_a" not in got
        assert "coord_b" not in got

    def test_other_schools_approvers_get_nothing(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world, "b1")
        act(client, world, draft.id, "submit", "teacher_b1")
        assert told(client, world) == {"director_b1": ["plan_awaits_approval"]}

    def test_a_failed_action_leaves_no_notification(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        # The director of another school cannot see it: 404, nothing made for anybody.
        act(client, world, draft.id, "approve", "director_b1", {}, expect=404)
        assert told(client, world) == {"director_a1": ["plan_awaits_approval"]}


class TestStudentFlagged:
    def test_reaches_the_schools_director_and_coordinator(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        student_id = uuid.uuid4()
        outbox.emit(
            db, "student.flagged", "student", student_id, None, {}, world.a1.id, world.muni_a.id
        )
        got = told(client, world)
        assert got == {
            "director_a1": ["student_flagged"],
            "school_coord_a1": ["student_flagged"],
        }
        (note,) = items(client, world, "director_a1")
        assert note["student_id"] == str(student_id)
        assert note["plan_id"] is None


class TestReading:
    def test_mark_read_and_read_all(self, client: TestClient, db: Session, world: World) -> None:
        for _ in range(2):
            act(client, world, ready_draft(client, db, world).id, "submit", "teacher_a1")
        first, second = items(client, world, "director_a1")
        r = client.post(f"{API}/notifications/{first['id']}/read", headers=world.h("director_a1"))
        assert r.status_code == 200
        assert r.json()["read_at"] is not None
        assert unread(client, world, "director_a1") == 1
        assert [n["id"] for n in items(client, world, "director_a1", unread=True)] == [second["id"]]
        r = client.post(f"{API}/notifications/read-all", headers=world.h("director_a1"))
        assert r.status_code == 200
        assert unread(client, world, "director_a1") == 0

    def test_another_users_notification_is_not_found(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        act(client, world, ready_draft(client, db, world).id, "submit", "teacher_a1")
        (note,) = items(client, world, "director_a1")
        r = client.post(f"{API}/notifications/{note['id']}/read", headers=world.h("teacher_a1"))
        assert r.status_code == 404
        assert unread(client, world, "director_a1") == 1


class TestPreferences:
    def test_default_then_set(self, client: TestClient, world: World) -> None:
        h = world.h("teacher_a1")
        r = client.get(f"{API}/notifications/preferences", headers=h)
        assert r.json() == {"email_mode": "immediately", "language": "lv"}
        r = client.put(
            f"{API}/notifications/preferences",
            json={"email_mode": "daily_digest", "language": "en"},
            headers=h,
        )
        assert r.status_code == 200
        r = client.get(f"{API}/notifications/preferences", headers=h)
        assert r.json() == {"email_mode": "daily_digest", "language": "en"}

    def test_unknown_mode_is_refused(self, client: TestClient, world: World) -> None:
        r = client.put(
            f"{API}/notifications/preferences",
            json={"email_mode": "hourly"},
            headers=world.h("teacher_a1"),
        )
        assert r.status_code == 422
        assert any("email_mode" in e["loc"] for e in r.json()["errors"])
