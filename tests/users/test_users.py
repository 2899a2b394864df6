"""/users: staff accounts in the caller's scope; no mass assignment of roles or schools."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.identity.roles import Role, ScopeType
from backend.users.models import RoleAssignment, User
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/users"


def _emails(r) -> set[str]:
    assert r.status_code == 200, r.text
    return {u["email"] for u in r.json()["items"]}


def _new_user_body(world: World, **changes: object) -> dict[str, object]:
    return {
        "email": "Jana.Kalnina@test.pumpurs.lv",
        "full_name": "Jana Kalniņa",
        "password": "a long enough password",
        "assignment": {"role": "teacher", "scope_id": str(world.a1.id)},
        **changes,
    }


def _user_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


class TestListUsers:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("ngo")), 403)

    def test_director_sees_the_own_schools_staff_only(
        self, client: TestClient, world: World
    ) -> None:
        emails = _emails(client.get(URL, params={"limit": 200}, headers=world.h("director_a1")))
        names = ("director_a1", "school_coord_a1", "teacher_a1", "specialist_a1")
        assert emails == {world.actors[n].user.email for n in names}

    def test_coordinator_sees_the_municipality(self, client: TestClient, world: World) -> None:
        emails = _emails(client.get(URL, params={"limit": 200}, headers=world.h("coord_a")))
        assert world.actors["coord_a"].user.email in emails
        assert world.actors["teacher_a1"].user.email in emails
        assert world.actors["teacher_b1"].user.email not in emails
        assert world.actors["teacher_v1"].user.email not in emails

    def test_filters(self, client: TestClient, world: World) -> None:
        h = world.h("ikvd")
        by_school = _emails(
            client.get(
                URL, params={"institution_id": str(world.b1.id), "role": "teacher"}, headers=h
            )
        )
        assert by_school == {world.actors["teacher_b1"].user.email}
        teacher = world.actors["teacher_a1"].user
        found = _emails(client.get(URL, params={"q": teacher.email.split("@")[0]}, headers=h))
        assert found == {teacher.email}

    def test_bad_role_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"role": "king"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="role")

    def test_pages(self, client: TestClient, world: World) -> None:
        h = world.h("ikvd")
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = client.get(URL, params=params, headers=h).json()
            seen += [u["id"] for u in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen))
        assert {str(a.user.id) for a in world.actors.values()} <= set(seen)


class TestCreateUser:
    def test_teacher_403(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_new_user_body(world), headers=world.h("teacher_a1"))
        assert_problem(r, 403)

    def test_director_granting_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_new_user_body(world), headers=world.h("director_b1"))
        assert_problem(r, 404)

    def test_director_may_not_create_a_director(self, client: TestClient, world: World) -> None:
        body = _new_user_body(
            world, assignment={"role": "school_director", "scope_id": str(world.a1.id)}
        )
        assert_problem(client.post(URL, json=body, headers=world.h("director_a1")), 403)

    def test_bad_email_is_422(self, client: TestClient, world: World) -> None:
        body = _new_user_body(world, email="not-an-email")
        r = client.post(URL, json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="email")

    def test_missing_scope_is_422_naming_it(self, client: TestClient, world: World) -> None:
        body = _new_user_body(world, assignment={"role": "teacher"})
        r = client.post(URL, json=body, headers=world.h("director_a1"))
        body = assert_problem(r, 422, field="scope_id")
        assert body["errors"][0]["loc"] == ["body", "assignment", "scope_id"]

    def test_top_level_role_is_422_and_creates_nothing(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        before = _user_count(db)
        for extra in ({"role": "ikvd_admin"}, {"institution_id": str(world.b1.id)}):
            body = _new_user_body(world, **extra)
            r = client.post(URL, json=body, headers=world.h("director_a1"))
            assert_problem(r, 422, field=next(iter(extra)))
        assert _user_count(db) == before

    def test_duplicate_email_is_409(self, client: TestClient, world: World) -> None:
        body = _new_user_body(world, email=world.actors["teacher_a1"].user.email.upper())
        assert_problem(client.post(URL, json=body, headers=world.h("director_a1")), 409)

    def test_director_creates_a_teacher(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        director = world.actors["director_a1"]
        r = client.post(URL, json=_new_user_body(world), headers=world.h("director_a1"))
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["email"] == "jana.kalnina@test.pumpurs.lv"
        assert "password" not in created
        assert [(a["role"], a["scope_id"]) for a in created["assignments"]] == [
            ("teacher", str(world.a1.id))
        ]
        stored = db.get(RoleAssignment, uuid.UUID(created["assignments"][0]["id"]))
        assert stored is not None
        assert stored.granted_by_id == director.user.id
        events = audit_events(db, resource_type="user", resource_id=created["id"])
        assert [(e.action, e.actor_user_id) for e in events] == [
            (AuditAction.create, director.user.id)
        ]


class TestGetUser:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/{world.actors['teacher_a1'].user.id}", headers=world.h("ngo"))
        assert_problem(r, 403)

    def test_director_reading_another_schools_teacher_404(
        self, client: TestClient, world: World
    ) -> None:
        r = client.get(
            f"{URL}/{world.actors['teacher_b1'].user.id}", headers=world.h("director_a1")
        )
        assert_problem(r, 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/x", headers=world.h("ikvd")), 422, field="user_id")

    def test_reads_with_assignments(self, client: TestClient, world: World) -> None:
        teacher = world.actors["teacher_a1"]
        r = client.get(f"{URL}/{teacher.user.id}", headers=world.h("school_coord_a1"))
        assert r.status_code == 200
        assert r.json()["email"] == teacher.user.email
        assert [a["id"] for a in r.json()["assignments"]] == [str(teacher.assignment.id)]


class TestUpdateUser:
    def url(self, world: World, actor: str = "teacher_a1") -> str:
        return f"{URL}/{world.actors[actor].user.id}"

    def test_teacher_sending_role_403_and_nothing_changes(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        body = {"role": "school_director", "institution_id": str(world.b1.id)}
        r = client.patch(self.url(world), json=body, headers=world.h("teacher_a1"))
        assert_problem(r, 403)
        db.expire_all()
        assignments = db.scalars(
            select(RoleAssignment).where(RoleAssignment.user_id == teacher.user.id)
        ).all()
        assert [(a.role, a.institution_id) for a in assignments] == [("teacher", world.a1.id)]

    def test_director_of_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.patch(
            self.url(world), json={"full_name": "Jauns Vārds"}, headers=world.h("director_b1")
        )
        assert_problem(r, 404)

    def test_role_or_institution_is_422_and_nothing_changes(
        self, client: TestClient, world: World
    ) -> None:
        for extra in ({"role": "ikvd_admin"}, {"institution_id": str(world.b1.id)}):
            body = {"full_name": "Jauns Vārds", **extra}
            r = client.patch(self.url(world), json=body, headers=world.h("director_a1"))
            assert_problem(r, 422, field=next(iter(extra)))
        read = client.get(self.url(world), headers=world.h("ikvd")).json()
        assert read["full_name"] == world.actors["teacher_a1"].user.full_name
        assert [(a["role"], a["scope_id"]) for a in read["assignments"]] == [
            ("teacher", str(world.a1.id))
        ]

    def test_null_name_is_422(self, client: TestClient, world: World) -> None:
        r = client.patch(self.url(world), json={"full_name": None}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="full_name")

    def test_renames(self, client: TestClient, world: World, db: Session) -> None:
        r = client.patch(
            self.url(world), json={"full_name": "Jauns Vārds"}, headers=world.h("director_a1")
        )
        assert r.status_code == 200, r.text
        assert r.json()["full_name"] == "Jauns Vārds"
        user_id = str(world.actors["teacher_a1"].user.id)
        events = audit_events(db, resource_type="user", resource_id=user_id)
        assert [(e.action, e.detail) for e in events] == [(AuditAction.update, "full_name")]

    def test_deactivating_ends_the_users_tokens(self, client: TestClient, world: World) -> None:
        r = client.patch(self.url(world), json={"active": False}, headers=world.h("director_a1"))
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        assert_problem(client.get(f"{API}/auth/me", headers=world.h("teacher_a1")), 401)

    def test_director_may_not_change_a_user_with_roles_elsewhere(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        db.add(
            RoleAssignment(
                user_id=teacher.user.id,
                role=Role.teacher,
                scope_type=ScopeType.institution,
                institution_id=world.b1.id,
                valid_from=teacher.assignment.valid_from,
            )
        )
        db.flush()
        r = client.patch(self.url(world), json={"active": False}, headers=world.h("director_a1"))
        assert_problem(r, 403)
        assert client.get(f"{API}/auth/me", headers=world.h("teacher_a1")).status_code == 200
        # The municipality's coordinator cannot either (B1 is another municipality); IKVD can.
        r = client.patch(self.url(world), json={"active": False}, headers=world.h("coord_a"))
        assert_problem(r, 403)
        r = client.patch(self.url(world), json={"active": False}, headers=world.h("ikvd"))
        assert r.status_code == 200

    def test_director_may_not_deactivate_a_director(self, client: TestClient, world: World) -> None:
        r = client.patch(
            self.url(world, "director_a1"), json={"active": False}, headers=world.h("director_a1")
        )
        assert_problem(r, 403)
        r = client.patch(
            self.url(world, "director_a1"), json={"active": False}, headers=world.h("coord_a")
        )
        assert r.status_code == 200, r.text
