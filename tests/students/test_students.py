"""/students: registered in scope, personal codes protected, every read and write audited."""

import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/students"
BORN = date(2013, 5, 17)


def _body(world: World, **changes: object) -> dict[str, object]:
    return {
        "given_name": "Anna",
        "family_name": "Bērziņa",
        "date_of_birth": BORN.isoformat(),
        "personal_code": f.legacy_code(BORN),
        "institution_id": str(world.a1.id),
        "class_group_id": str(world.class_a1.id),
        **changes,
    }


def _wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def _all_pages(client: TestClient, headers: dict[str, str], **params: object) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = client.get(URL, params=query, headers=headers)
        assert r.status_code == 200, r.text
        seen += [s["id"] for s in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return seen


class TestCreateStudent:
    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.post(URL, json=_body(world), headers=world.h("teacher_a1")), 403)

    def test_coordinator_of_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(world), headers=world.h("school_coord_b1"))
        assert_problem(r, 404)

    def test_class_of_another_school_is_refused(self, client: TestClient, world: World) -> None:
        body = _body(world, class_group_id=str(world.class_b1.id))
        assert_problem(client.post(URL, json=body, headers=world.h("school_coord_a1")), 404)

    def test_invalid_code_is_422_naming_it(self, client: TestClient, world: World) -> None:
        body = _body(world, personal_code="310213-21234")
        r = client.post(URL, json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="personal_code")

    def test_implausible_birth_date_is_422(self, client: TestClient, world: World) -> None:
        body = _body(world, date_of_birth="1950-01-01", personal_code="010150-10008")
        r = client.post(URL, json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="date_of_birth")

    def test_missing_name_is_422(self, client: TestClient, world: World) -> None:
        body = _body(world)
        del body["family_name"]
        r = client.post(URL, json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="family_name")

    def test_wrong_check_digit_is_a_warning(self, client: TestClient, world: World) -> None:
        body = _body(world, personal_code=_wrong_check_digit(f.legacy_code(BORN)))
        r = client.post(URL, json=body, headers=world.h("school_coord_a1"))
        assert r.status_code == 201, r.text
        assert r.json()["warnings"] == ["personal_code_check_digit_mismatch"]

    def test_duplicate_code_is_409(self, client: TestClient, world: World) -> None:
        code = f.legacy_code(BORN)
        f_code = code.replace("-", "")  # the same code, written without the hyphen
        h = world.h("school_coord_a1")
        assert client.post(URL, json=_body(world, personal_code=code), headers=h).status_code == 201
        assert_problem(client.post(URL, json=_body(world, personal_code=f_code), headers=h), 409)

    def test_registers_and_enrolls(self, client: TestClient, world: World, db: Session) -> None:
        r = client.post(URL, json=_body(world), headers=world.h("school_coord_a1"))
        assert r.status_code == 201, r.text
        assert r.headers["etag"] == '"1"'
        student = r.json()
        assert student["institution_id"] == str(world.a1.id)
        assert (student["class_label"], student["grade"]) == ("7.a", 7)
        assert student["enrolled"] is True
        assert student["warnings"] == []
        enrollments = client.get(
            f"{URL}/{student['id']}/enrollments", headers=world.h("school_coord_a1")
        ).json()
        assert [(e["institution_id"], e["to_date"]) for e in enrollments] == [
            (str(world.a1.id), None)
        ]
        events = audit_events(db, resource_type="student", action=AuditAction.create)
        assert [(e.resource_id, e.student_id) for e in events] == [
            (student["id"], uuid.UUID(student["id"]))
        ]

    def test_stores_no_clear_text_code(self, client: TestClient, world: World, db: Session) -> None:
        code = f.legacy_code(BORN)
        r = client.post(
            URL, json=_body(world, personal_code=code), headers=world.h("school_coord_a1")
        )
        assert r.status_code == 201
        assert r.json()["personal_code"] == code
        rows = db.execute(text("SELECT * FROM students")).all()
        assert len(rows) == 1
        stored = " ".join(str(value) for value in rows[0])
        for clear in (code, code.replace("-", ""), code[:6], code[7:]):
            assert clear not in stored


class TestPersonalCodeVisibility:
    @pytest.mark.parametrize("actor", ["teacher_a1", "specialist_a1", "ikvd"])
    def test_masked(self, client: TestClient, world: World, db: Session, actor: str) -> None:
        code = f.legacy_code(BORN)
        student = f.student(db, world.a1, world.class_a1, code=code)
        r = client.get(f"{URL}/{student.id}", headers=world.h(actor))
        assert r.status_code == 200
        shown = r.json()["personal_code"]
        assert shown == "******-*****"
        assert not any(ch.isdigit() for ch in shown), f"{shown} shows a digit of {code}"
        assert r.json()["personal_code_masked"] is True
        listed = client.get(URL, headers=world.h(actor)).json()["items"]
        assert code not in str(listed)
        assert {item["personal_code"] for item in listed} == {"******-*****"}

    @pytest.mark.parametrize("actor", ["school_coord_a1", "director_a1", "coord_a"])
    def test_visible(self, client: TestClient, world: World, db: Session, actor: str) -> None:
        code = f.legacy_code(BORN)
        student = f.student(db, world.a1, world.class_a1, code=code)
        r = client.get(f"{URL}/{student.id}", headers=world.h(actor))
        assert r.json()["personal_code"] == code
        assert r.json()["personal_code_masked"] is False


class TestGetStudent:
    def test_ngo_403(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        assert_problem(client.get(f"{URL}/{student.id}", headers=world.h("ngo")), 403)

    @pytest.mark.parametrize("actor", ["teacher_b1", "coord_b", "teacher_v1"])
    def test_outside_scope_404(
        self, client: TestClient, world: World, db: Session, actor: str
    ) -> None:
        student = f.student(db, world.a1)
        assert_problem(client.get(f"{URL}/{student.id}", headers=world.h(actor)), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/x", headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="student_id")

    def test_reads_with_etag_and_audits(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1, world.class_a1)
        r = client.get(f"{URL}/{student.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert r.headers["etag"] == '"1"'
        assert r.json()["family_name"] == "Bērziņa"
        events = audit_events(db, resource_type="student", student_id=student.id)
        teacher = world.actors["teacher_a1"].user
        assert [(e.action, e.actor_user_id, e.institution_id) for e in events] == [
            (AuditAction.read, teacher.id, world.a1.id)
        ]


class TestListStudents:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("ngo")), 403)

    def test_lists_only_students_in_scope(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        a1 = f.student(db, world.a1, world.class_a1)
        a2 = f.student(db, world.a2)
        b1 = f.student(db, world.b1, world.class_b1)
        v1 = f.student(db, world.v1, world.class_v1)

        def ids(actor: str, **params: object) -> set[str]:
            return set(_all_pages(client, world.h(actor), **params))

        assert ids("teacher_a1") == {str(a1.id)}
        assert ids("coord_a") == {str(a1.id), str(a2.id)}
        assert ids("director_v1") == {str(v1.id)}
        assert ids("ikvd") >= {str(s.id) for s in (a1, a2, b1, v1)}
        # A filter cannot reach outside the scope.
        assert ids("teacher_a1", institution_id=str(world.b1.id)) == set()

    def test_filters(self, client: TestClient, world: World, db: Session) -> None:
        ninth = f.class_group(db, world.a1, world.year, grade=9, label="9.a")
        seventh = f.student(db, world.a1, world.class_a1, given_name="Jānis", family_name="Ozols")
        nine = f.student(db, world.a1, ninth, given_name="Līga", family_name="Bērziņa")
        other = f.student(db, world.a2, given_name="Ēriks", family_name="Kalniņš")
        h = world.h("coord_a")
        assert _all_pages(client, h, institution_id=str(world.a2.id)) == [str(other.id)]
        assert _all_pages(client, h, class_group_id=str(ninth.id)) == [str(nine.id)]
        assert _all_pages(client, h, grade=7) == [str(seventh.id)]
        assert _all_pages(client, h, q="berzina") == [str(nine.id)]
        assert _all_pages(client, h, q="LIGA bērz") == [str(nine.id)]
        assert _all_pages(client, h, q="kalnins eriks") == [str(other.id)]
        assert _all_pages(client, h, q="%") == []

    def test_search_by_personal_code(self, client: TestClient, world: World, db: Session) -> None:
        code = f.legacy_code(BORN)
        wanted = f.student(db, world.a1, code=code)
        f.student(db, world.a1)
        for actor in ("school_coord_a1", "director_a1", "coord_a"):
            found = _all_pages(client, world.h(actor), personal_code=code.replace("-", ""))
            assert found == [str(wanted.id)]
        # Outside the scope the code finds nothing.
        assert _all_pages(client, world.h("school_coord_b1"), personal_code=code) == []

    def test_teacher_may_not_search_by_code(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        code = f.legacy_code(BORN)
        f.student(db, world.a1, code=code)
        r = client.get(URL, params={"personal_code": code}, headers=world.h("teacher_a1"))
        assert_problem(r, 403)

    def test_invalid_search_code_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"personal_code": "nonsense"}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="personal_code")

    def test_bad_grade_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"grade": 0}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="grade")

    def test_pages_without_duplicates_or_gaps(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        made = {
            str(f.student(db, world.a1, given_name=name, family_name=family).id)
            for name, family in [
                ("Anna", "Bērziņa"),
                ("Anna", "Bērziņa"),
                ("Ādams", "Āboliņš"),
                ("Zane", "Zariņa"),
                ("Oskars", "Ozols"),
                ("Ilze", "Ozola"),
                ("Karīna", "Krūmiņa"),
            ]
        }
        pages = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get(URL, params=params, headers=world.h("teacher_a1")).json()
            pages.append([s["id"] for s in page["items"]])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        seen = [i for page in pages for i in page]
        assert len(pages) == 4
        assert len(seen) == len(set(seen))
        assert set(seen) == made

    def test_bad_cursor_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"cursor": "not-a-cursor"}, headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="cursor")

    def test_audits_one_read_per_listed_student(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        students = [f.student(db, world.a1) for _ in range(3)]
        f.student(db, world.b1)
        r = client.get(URL, headers=world.h("teacher_a1"))
        assert len(r.json()["items"]) == 3
        events = audit_events(db, action=AuditAction.read, resource_type="student")
        assert sorted(e.student_id for e in events) == sorted(s.id for s in students)


class TestUpdateStudent:
    def test_teacher_sending_institution_403_and_nothing_changes(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1, world.class_a1)
        body = {"given_name": "Ance", "institution_id": str(world.b1.id)}
        r = client.patch(
            f"{URL}/{student.id}",
            json=body,
            headers={**world.h("teacher_a1"), "If-Match": '"1"'},
        )
        assert_problem(r, 403)
        read = client.get(f"{URL}/{student.id}", headers=world.h("ikvd")).json()
        assert (read["given_name"], read["institution_id"], read["version"]) == (
            "Anna",
            str(world.a1.id),
            1,
        )

    def test_coordinator_of_another_school_404(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1)
        r = client.patch(
            f"{URL}/{student.id}",
            json={"given_name": "Ance"},
            headers={**world.h("school_coord_b1"), "If-Match": '"1"'},
        )
        assert_problem(r, 404)

    def test_unknown_fields_are_422_and_change_nothing(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1, world.class_a1)
        h = {**world.h("school_coord_a1"), "If-Match": '"1"'}
        for extra in (
            {"institution_id": str(world.b1.id)},
            {"class_group_id": str(world.class_b1.id)},
            {"version": 7},
        ):
            r = client.patch(f"{URL}/{student.id}", json={"given_name": "Ance", **extra}, headers=h)
            assert_problem(r, 422, field=next(iter(extra)))
        read = client.get(f"{URL}/{student.id}", headers=world.h("ikvd")).json()
        assert (read["given_name"], read["institution_id"], read["class_group_id"]) == (
            "Anna",
            str(world.a1.id),
            str(world.class_a1.id),
        )
        assert read["version"] == 1

    def test_null_name_is_422(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        r = client.patch(
            f"{URL}/{student.id}",
            json={"given_name": None},
            headers={**world.h("school_coord_a1"), "If-Match": '"1"'},
        )
        assert_problem(r, 422, field="given_name")

    def test_without_if_match_428(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        r = client.patch(
            f"{URL}/{student.id}", json={"given_name": "Ance"}, headers=world.h("school_coord_a1")
        )
        assert_problem(r, 428)

    def test_stale_if_match_412(self, client: TestClient, world: World, db: Session) -> None:
        student = f.student(db, world.a1)
        h = world.h("school_coord_a1")
        first = client.patch(
            f"{URL}/{student.id}", json={"given_name": "Ance"}, headers={**h, "If-Match": '"1"'}
        )
        assert first.status_code == 200
        stale = client.patch(
            f"{URL}/{student.id}", json={"given_name": "Anete"}, headers={**h, "If-Match": '"1"'}
        )
        assert_problem(stale, 412)
        garbage = client.patch(
            f"{URL}/{student.id}", json={"given_name": "Anete"}, headers={**h, "If-Match": "x"}
        )
        assert_problem(garbage, 412)
        assert client.get(f"{URL}/{student.id}", headers=h).json()["given_name"] == "Ance"

    def test_updates_and_bumps_the_etag(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1)
        h = world.h("school_coord_a1")
        etag = client.get(f"{URL}/{student.id}", headers=h).headers["etag"]
        r = client.patch(
            f"{URL}/{student.id}",
            json={"given_name": "Ance", "family_name": "Ābele"},
            headers={**h, "If-Match": etag},
        )
        assert r.status_code == 200, r.text
        assert r.headers["etag"] == '"2"'
        assert (r.json()["given_name"], r.json()["version"]) == ("Ance", 2)
        assert _all_pages(client, h, q="abele ance") == [str(student.id)]
        r2 = client.patch(
            f"{URL}/{student.id}",
            json={"language": "ru"},
            headers={**h, "If-Match": f"W/{r.headers['etag']}"},
        )
        assert r2.headers["etag"] == '"3"'
        events = audit_events(db, resource_type="student", action=AuditAction.update)
        assert [e.detail for e in events] == ["family_name,given_name", "language"]

    def test_new_code_with_wrong_check_digit_warns(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = f.student(db, world.a1, born=BORN)
        code = _wrong_check_digit(f.legacy_code(BORN))
        r = client.patch(
            f"{URL}/{student.id}",
            json={"personal_code": code},
            headers={**world.h("school_coord_a1"), "If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text
        assert r.json()["personal_code"] == code
        assert r.json()["warnings"] == ["personal_code_check_digit_mismatch"]

    def test_code_of_another_student_is_409(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        taken = f.legacy_code(BORN)
        f.student(db, world.b1, code=taken)
        student = f.student(db, world.a1)
        r = client.patch(
            f"{URL}/{student.id}",
            json={"personal_code": taken},
            headers={**world.h("school_coord_a1"), "If-Match": '"1"'},
        )
        assert_problem(r, 409)
