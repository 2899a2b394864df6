"""/audit-events: every read of a student and every write leaves an event; IKVD reads them all,
a director those of the own institution."""

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.core.db import utcnow
from backend.identity.roles import Role
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/audit-events"


def _events(client: TestClient, world: World, actor: str = "ikvd", **params: Any) -> list[Any]:
    r = client.get(URL, params={"limit": 200, **params}, headers=world.h(actor))
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


class TestListEvents:
    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("teacher_a1")), 403)

    def test_ngo_manager_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("ngo")), 403)

    def test_municipal_coordinator_sees_the_municipalitys_institutions(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        students = {name: f.student(db, getattr(world, name)) for name in ("a1", "a2", "b1", "v1")}
        for _name, student in students.items():
            client.get(f"{API}/students/{student.id}", headers=world.h("ikvd"))
        seen = {e["student_id"] for e in _events(client, world, "coord_a")}
        assert seen == {str(students["a1"].id), str(students["a2"].id)}
        b1 = _events(client, world, "coord_a", student_id=str(students["b1"].id))
        assert b1 == []
        seen_b = {e["student_id"] for e in _events(client, world, "coord_b")}
        assert seen_b == {str(students["b1"].id)}  # the state school is no municipality's

    def test_director_sees_only_the_own_institution(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        ours = f.student(db, world.a1)
        theirs = f.student(db, world.b1)
        client.get(f"{API}/students/{ours.id}", headers=world.h("teacher_a1"))
        client.get(f"{API}/students/{theirs.id}", headers=world.h("teacher_b1"))
        seen = _events(client, world, "director_a1")
        assert {e["student_id"] for e in seen} == {str(ours.id)}
        assert {e["institution_id"] for e in seen} == {str(world.a1.id)}
        # A filter cannot reach another institution's events.
        assert _events(client, world, "director_a1", student_id=str(theirs.id)) == []
        everything = {e["student_id"] for e in _events(client, world)}
        assert {str(ours.id), str(theirs.id)} <= everything

    def test_filters(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        teacher = world.actors["teacher_a1"].user
        client.get(f"{API}/students/{student.id}", headers=world.h("teacher_a1"))
        client.patch(
            f"{API}/students/{student.id}",
            json={"given_name": "Ance"},
            headers={**world.h("school_coord_a1"), "If-Match": '"1"'},
        )
        by_student = _events(client, world, student_id=str(student.id))
        assert [e["action"] for e in by_student] == ["update", "read"]  # newest first
        by_actor = _events(client, world, actor_user_id=str(teacher.id), resource_type="student")
        assert [(e["action"], e["actor_role"]) for e in by_actor] == [("read", "teacher")]
        assert by_actor[0]["actor_name"] == teacher.full_name
        assert (
            _events(client, world, student_id=str(student.id), action="update")[0]["detail"]
            == "given_name"
        )
        later = (utcnow() + timedelta(minutes=1)).isoformat()
        assert _events(client, world, student_id=str(student.id), since=later) == []
        assert len(_events(client, world, student_id=str(student.id), until=later)) == 2

    def test_time_without_zone_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"since": "2025-09-01T00:00:00"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="since")

    def test_bad_action_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"action": "erase"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="action")

    def test_pages_newest_first(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        for _ in range(5):
            client.get(f"{API}/students/{student.id}", headers=world.h("teacher_a1"))
        pages: list[list[str]] = []
        cursor = None
        while True:
            params = {"student_id": str(student.id), "limit": 2}
            r = client.get(
                URL,
                params={**params, **({"cursor": cursor} if cursor else {})},
                headers=world.h("ikvd"),
            )
            assert r.status_code == 200, r.text
            pages.append([e["at"] for e in r.json()["items"]])
            cursor = r.json()["next_cursor"]
            if cursor is None:
                break
        times = [at for page in pages for at in page]
        assert [len(p) for p in pages] == [2, 2, 1]
        assert times == sorted(times, reverse=True)

    def test_bad_cursor_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"cursor": "%%%"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="cursor")

    def test_events_cannot_be_changed_through_the_api(
        self, client: TestClient, world: World
    ) -> None:
        assert_problem(client.delete(URL, headers=world.h("ikvd")), 405)
        r = client.post(URL, json={"action": "read"}, headers=world.h("ikvd"))
        assert_problem(r, 405)


class TestWhatIsAudited:
    def test_reading_a_student(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        r = client.get(
            f"{API}/students/{student.id}",
            headers={**world.h("teacher_a1"), "X-Request-ID": "req-42"},
        )
        assert r.status_code == 200
        (event,) = _events(client, world, student_id=str(student.id))
        assert event["action"] == "read"
        assert event["resource_type"] == "student"
        assert event["resource_id"] == str(student.id)
        assert event["actor_user_id"] == str(world.actors["teacher_a1"].user.id)
        assert event["request_id"] == "req-42"
        assert event["client_address"]
        (stored,) = audit_events(db, student_id=student.id)
        assert str(stored.id) == event["id"]

    def test_listing_students_reads_each(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        listed = [f.student(db, world.a1) for _ in range(3)]
        r = client.get(f"{API}/students", params={"limit": 2}, headers=world.h("teacher_a1"))
        shown = [uuid.UUID(s["id"]) for s in r.json()["items"]]
        assert len(shown) == 2
        events = audit_events(db, action=AuditAction.read, resource_type="student")
        assert sorted(e.student_id for e in events if e.student_id) == sorted(shown)
        assert {e.request_id for e in events} == {r.headers["x-request-id"]}
        # Students not shown were not read.
        assert {s.id for s in listed} - set(shown) != set()

    def test_every_write_on_a_student(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        h = world.h("school_coord_a1")
        base = f"{API}/students/{student.id}"
        client.patch(base, json={"language": "ru"}, headers={**h, "If-Match": '"1"'})
        guardian = client.post(
            f"{base}/guardians", json={"full_name": "Ilze Ozola", "relation": "mother"}, headers=h
        ).json()
        client.post(
            f"{base}/consents",
            json={
                "guardian_id": guardian["id"],
                "given_on": world.year.starts_on.isoformat(),
                "school_year_id": str(world.year.id),
                "document_reference": "PIET-1",
            },
            headers=h,
        )
        client.post(
            f"{base}/guardians/{guardian['id']}/end", json={"reason": "Pārcēlās"}, headers=h
        )
        writes = [
            (e.action, e.resource_type)
            for e in audit_events(db, student_id=student.id)
            if e.action is not AuditAction.read
        ]
        assert writes == [
            (AuditAction.update, "student"),
            (AuditAction.create, "guardian"),
            (AuditAction.create, "consent"),
            (AuditAction.update, "guardian"),
        ]
        through_api = _events(client, world, student_id=str(student.id))
        assert len([e for e in through_api if e["action"] != "read"]) == 4

    def test_a_refused_write_leaves_no_event(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1)
        r = client.patch(
            f"{API}/students/{student.id}",
            json={"given_name": "Ance"},
            headers={**world.h("school_coord_a1"), "If-Match": '"9"'},
        )
        assert_problem(r, 412)
        assert audit_events(db, student_id=student.id) == []


class TestExportEvents:
    CSV = f"{URL}/export.csv"

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(self.CSV, headers=world.h("teacher_a1")), 403)

    def test_bad_filter_422(self, client: TestClient, world: World) -> None:
        r = client.get(self.CSV, params={"student_id": "x"}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="student_id")

    def test_filtered_events_in_scope_with_formulas_defused(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        ours = f.student(db, world.a1)
        theirs = f.student(db, world.b1)
        user, assignment = f.user(db, Role.teacher, world.a1.id, full_name="=HYPERLINK(1)")
        client.get(f"{API}/students/{ours.id}", headers=f.headers_for(assignment))
        client.get(f"{API}/students/{ours.id}", headers=world.h("teacher_a1"))
        client.get(f"{API}/students/{theirs.id}", headers=world.h("teacher_b1"))

        r = client.get(
            self.CSV, params={"student_id": str(ours.id)}, headers=world.h("director_a1")
        )
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(r.text), delimiter=";"))
        assert [row["actor_name"] for row in rows] == [
            world.actors["teacher_a1"].user.full_name,
            "'=HYPERLINK(1)",
        ]
        assert {row["student_id"] for row in rows} == {str(ours.id)}
        assert rows[1]["actor_user_id"] == str(user.id)

        # The other school's events are not reachable, even by filter.
        r = client.get(
            self.CSV, params={"student_id": str(theirs.id)}, headers=world.h("director_a1")
        )
        assert list(csv.DictReader(io.StringIO(r.text), delimiter=";")) == []

        export = audit_events(db, action=AuditAction.export, resource_type="audit_events")[0]
        assert export.detail == "csv:2"
        assert export.actor_user_id == world.actors["director_a1"].user.id


def test_csv_cells_that_would_start_a_formula() -> None:
    from backend.auditlog.service import csv_cell

    assert [csv_cell(v) for v in ("=1+1", "+3", "-2", "@SUM(A1)", "\tx", "Anna", None, 5)] == [
        "'=1+1",
        "'+3",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "Anna",
        "",
        "5",
    ]
