"""What an API client of municipality A may see of plans: statuses and events, nothing personal."""

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.security import decrypt_personal_code
from tests.factories import World
from tests.integrations.helpers import Client, api_client
from tests.plans.helpers import Draft, act, activate, ready_draft


def _personal(draft: Draft) -> list[str]:
    s = draft.student
    return [
        s.given_name,
        s.family_name,
        decrypt_personal_code(s.personal_code_encrypted),
        "piezīme",
    ]


def _assert_nothing_personal(text: str, *drafts: Draft) -> None:
    for d in drafts:
        for secret in _personal(d):
            assert secret not in text


def _setup(client: TestClient, db: Session, world: World) -> tuple[Client, Draft, Draft]:
    c = api_client(db, world.muni_a.id)
    mine = activate(client, db, world, "a1")
    theirs = ready_draft(client, db, world, "b1")
    return c, mine, theirs


class TestPlanStatus:
    def test_other_municipality_404_and_nothing_personal(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c, mine, theirs = _setup(client, db, world)
        r = client.get(f"/api/v1/plans/{theirs.id}/status", headers=c.headers)
        assert r.status_code == 404
        r = client.get(f"/api/v1/plans/{mine.id}/status", headers=c.headers)
        assert r.status_code == 200
        assert r.json()["plan_code"] == mine.body["code"]
        _assert_nothing_personal(r.text, mine)
        listed = client.get("/api/v1/plan-statuses", headers=c.headers)
        assert [p["plan_id"] for p in listed.json()["items"]] == [mine.id]
        _assert_nothing_personal(listed.text, mine, theirs)

    def test_client_cannot_read_plans_or_students(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c, mine, _ = _setup(client, db, world)
        assert client.get(f"/api/v1/plans/{mine.id}", headers=c.headers).status_code == 403
        assert client.get(f"/api/v1/plans/{mine.id}/notes", headers=c.headers).status_code == 403
        assert client.get("/api/v1/plans", headers=c.headers).status_code == 403
        assert client.get("/api/v1/students", headers=c.headers).status_code == 403
        r = client.get(f"/api/v1/students/{mine.student.id}", headers=c.headers)
        assert r.status_code == 403

    def test_if_none_match_304_then_200_after_change(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        url = f"/api/v1/plans/{draft.id}/status"
        first = client.get(url, headers=c.headers)
        etag = first.headers["etag"]
        same = client.get(url, headers=c.headers | {"If-None-Match": etag})
        assert same.status_code == 304
        assert same.content == b""
        act(client, world, draft.id, "submit", "teacher_a1")
        changed = client.get(url, headers=c.headers | {"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["etag"] != etag
        assert changed.json()["status"] == "submitted"


class TestChangeFeed:
    def test_scope_order_and_no_personal_data(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c, mine, theirs = _setup(client, db, world)
        r = client.get("/api/v1/changes", params={"after": 0, "limit": 1000}, headers=c.headers)
        assert r.status_code == 200
        items = r.json()["items"]
        sequences = [e["sequence"] for e in items]
        assert sequences == sorted(sequences)
        assert len(set(sequences)) == len(sequences)
        assert {e["resource_id"] for e in items} == {mine.id}
        assert {e["natural_key"] for e in items} == {mine.body["code"]}
        types = [e["type"] for e in items]
        assert types[0] == "plan.created"
        assert "plan.status_changed" in types
        _assert_nothing_personal(r.text, mine, theirs)
        assert r.json()["next_after"] == sequences[-1]

    def test_follows_after_page_by_page(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c, _mine, _ = _setup(client, db, world)
        everything = client.get("/api/v1/changes", params={"limit": 1000}, headers=c.headers)
        expected = [e["sequence"] for e in everything.json()["items"]]
        seen: list[int] = []
        after = 0
        while True:
            page = client.get(
                "/api/v1/changes", params={"after": after, "limit": 2}, headers=c.headers
            ).json()
            if not page["items"]:
                break
            seen += [e["sequence"] for e in page["items"]]
            after = page["next_after"]
        assert seen == expected

    def test_deletion_is_an_event(self, client: TestClient, db: Session, world: World) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        r = client.delete(f"/api/v1/plans/{draft.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 204
        feed = client.get("/api/v1/changes", params={"limit": 1000}, headers=c.headers).json()
        deleted = [e for e in feed["items"] if e["type"] == "plan.deleted"]
        assert [(e["resource_id"], e["natural_key"]) for e in deleted] == [
            (draft.id, draft.body["code"])
        ]

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert client.get("/api/v1/changes", headers=world.h("teacher_a1")).status_code == 403

    def test_negative_after_422(self, client: TestClient, world: World, db: Session) -> None:
        c = api_client(db, world.muni_a.id)
        r = client.get("/api/v1/changes", params={"after": -1}, headers=c.headers)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "after"]

    def test_coordinator_b_sees_only_b(self, client: TestClient, db: Session, world: World) -> None:
        _, _mine, theirs = _setup(client, db, world)
        feed = client.get(
            "/api/v1/changes", params={"limit": 1000}, headers=world.h("coord_b")
        ).json()
        assert {e["resource_id"] for e in feed["items"]} == {theirs.id}


class TestExports:
    def test_plan_statuses_csv_in_scope(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c, mine, theirs = _setup(client, db, world)
        r = client.get("/api/v1/exports/plan-statuses.csv", headers=c.headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text), delimiter=";"))
        assert [row["plan_code"] for row in rows] == [mine.body["code"]]
        _assert_nothing_personal(r.text, mine, theirs)

    def test_students_csv_audited_as_export(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        _, mine, theirs = _setup(client, db, world)
        r = client.get("/api/v1/exports/students.csv", headers=world.h("coord_a"))
        assert r.status_code == 200
        rows = list(csv.DictReader(io.StringIO(r.text), delimiter=";"))
        ids = {row["skolena_id"] for row in rows}
        assert str(mine.student.id) in ids
        assert str(theirs.student.id) not in ids
        code = decrypt_personal_code(mine.student.personal_code_encrypted)
        assert code in r.text  # the coordinator may see codes
        audit = client.get(
            "/api/v1/audit-events",
            params={"student_id": str(mine.student.id), "action": "export"},
            headers=world.h("ikvd"),
        )
        assert audit.status_code == 200
        assert len(audit.json()["items"]) == 1

    def test_students_csv_teacher_403(self, client: TestClient, world: World) -> None:
        r = client.get("/api/v1/exports/students.csv", headers=world.h("teacher_a1"))
        assert r.status_code == 403

    def test_students_csv_client_403(self, client: TestClient, db: Session, world: World) -> None:
        c = api_client(db, world.muni_a.id)
        assert client.get("/api/v1/exports/students.csv", headers=c.headers).status_code == 403
