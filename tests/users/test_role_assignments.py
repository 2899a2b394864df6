"""Granting and ending roles: who may grant which role, and where (DESIGN §3)."""

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.core.db import utcnow
from backend.core.security import hash_opaque_token, new_opaque_token
from backend.identity.models import RefreshToken
from backend.identity.roles import Role
from backend.users.models import RoleAssignment
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events


def _grant_url(world: World, actor: str) -> str:
    return f"{API}/users/{world.actors[actor].user.id}/role-assignments"


class TestGrantRole:
    def test_teacher_403(self, client: TestClient, world: World) -> None:
        body = {"role": "teacher", "scope_id": str(world.a1.id)}
        r = client.post(
            _grant_url(world, "specialist_a1"), json=body, headers=world.h("teacher_a1")
        )
        assert_problem(r, 403)

    def test_director_grants_a_teacher_in_the_own_school(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        body = {"role": "teacher", "scope_id": str(world.a1.id)}
        r = client.post(
            _grant_url(world, "specialist_a1"), json=body, headers=world.h("director_a1")
        )
        assert r.status_code == 201, r.text
        assert (r.json()["role"], r.json()["scope_type"]) == ("teacher", "institution")
        assert r.json()["valid_from"] == f.today().isoformat()
        events = audit_events(db, resource_type="role_assignment", resource_id=r.json()["id"])
        assert [e.action for e in events] == [AuditAction.create]

    def test_director_may_not_grant_a_director(self, client: TestClient, world: World) -> None:
        body = {"role": "school_director", "scope_id": str(world.a1.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("director_a1"))
        assert_problem(r, 403)

    def test_director_granting_into_another_school_404(
        self, client: TestClient, world: World
    ) -> None:
        body = {"role": "teacher", "scope_id": str(world.b1.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("director_a1"))
        assert_problem(r, 404)

    def test_director_granting_to_another_schools_user_404(
        self, client: TestClient, world: World
    ) -> None:
        body = {"role": "teacher", "scope_id": str(world.a1.id)}
        r = client.post(_grant_url(world, "teacher_b1"), json=body, headers=world.h("director_a1"))
        assert_problem(r, 404)

    def test_coordinator_grants_a_director_in_the_municipality(
        self, client: TestClient, world: World
    ) -> None:
        body = {"role": "school_director", "scope_id": str(world.a2.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("coord_a"))
        assert r.status_code == 201, r.text

    @pytest.mark.parametrize("school", ["v1", "b1"])
    def test_coordinator_granting_outside_the_municipality_404(
        self, client: TestClient, world: World, school: str
    ) -> None:
        body = {"role": "teacher", "scope_id": str(getattr(world, school).id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("coord_a"))
        assert_problem(r, 404)

    def test_coordinator_may_not_grant_a_coordinator(
        self, client: TestClient, world: World
    ) -> None:
        body = {"role": "municipal_coordinator", "scope_id": str(world.muni_a.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("coord_a"))
        assert_problem(r, 403)

    @pytest.mark.parametrize(
        ("role", "scope"),
        [
            ("ikvd_admin", None),
            ("municipal_coordinator", "muni_b"),
            ("school_director", "v1"),
            ("ngo_manager", "ngo"),
        ],
    )
    def test_ikvd_grants_anything(
        self, client: TestClient, world: World, role: str, scope: str | None
    ) -> None:
        scope_id = str(getattr(world, scope).id) if scope else None
        body = {"role": role, "scope_id": scope_id}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        assert r.json()["scope_id"] == scope_id

    def test_no_one_grants_an_integration_client(self, client: TestClient, world: World) -> None:
        body = {"role": "integration_client", "scope_id": str(world.muni_a.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        assert_problem(r, 403)

    def test_unknown_ngo_404(self, client: TestClient, world: World) -> None:
        body = {"role": "ngo_manager", "scope_id": str(uuid.uuid4())}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        assert_problem(r, 404)

    def test_missing_scope_is_422(self, client: TestClient, world: World) -> None:
        r = client.post(
            _grant_url(world, "teacher_a1"), json={"role": "teacher"}, headers=world.h("ikvd")
        )
        body = assert_problem(r, 422, field="scope_id")
        assert body["errors"][0]["loc"] == ["body", "scope_id"]

    def test_end_before_start_is_422(self, client: TestClient, world: World) -> None:
        body = {
            "role": "teacher",
            "scope_id": str(world.a1.id),
            "valid_from": "2030-09-01",
            "valid_to": "2030-08-31",
        }
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="valid_to")
        assert problem["errors"][0]["loc"] == ["body", "valid_to"]

    def test_national_role_with_scope_is_422(self, client: TestClient, world: World) -> None:
        body = {"role": "ikvd_admin", "scope_id": str(world.a1.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="scope_id")

    def test_unknown_role_is_422(self, client: TestClient, world: World) -> None:
        body = {"role": "headmaster", "scope_id": str(world.a1.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="role")

    def test_duplicate_is_409(self, client: TestClient, world: World) -> None:
        body = {"role": "teacher", "scope_id": str(world.a1.id)}
        r = client.post(_grant_url(world, "teacher_a1"), json=body, headers=world.h("director_a1"))
        assert_problem(r, 409)


class TestEndRole:
    def url(self, world: World, actor: str = "teacher_a1") -> str:
        a = world.actors[actor]
        return f"{API}/users/{a.user.id}/role-assignments/{a.assignment.id}"

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.delete(self.url(world), headers=world.h("specialist_a1")), 403)

    def test_director_of_another_school_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.delete(self.url(world), headers=world.h("director_b1")), 404)

    def test_another_users_assignment_404(self, client: TestClient, world: World) -> None:
        teacher, specialist = world.actors["teacher_a1"], world.actors["specialist_a1"]
        url = f"{API}/users/{teacher.user.id}/role-assignments/{specialist.assignment.id}"
        assert_problem(client.delete(url, headers=world.h("director_a1")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        url = f"{API}/users/{world.actors['teacher_a1'].user.id}/role-assignments/x"
        assert_problem(
            client.delete(url, headers=world.h("director_a1")), 422, field="assignment_id"
        )

    def test_director_may_not_end_a_director(self, client: TestClient, world: World) -> None:
        r = client.delete(self.url(world, "director_a1"), headers=world.h("director_a1"))
        assert_problem(r, 403)

    def test_ends_the_role_and_its_tokens(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        refresh = new_opaque_token()
        db.add(
            RefreshToken(
                token_hash=hash_opaque_token(refresh),
                family_id=uuid.uuid4(),
                user_id=teacher.user.id,
                assignment_id=teacher.assignment.id,
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        db.flush()
        assert client.get(f"{API}/auth/me", headers=world.h("teacher_a1")).status_code == 200

        r = client.delete(self.url(world), headers=world.h("director_a1"))
        assert r.status_code == 204, r.text

        assert_problem(client.get(f"{API}/auth/me", headers=world.h("teacher_a1")), 401)
        r = client.post(
            f"{API}/auth/token", data={"grant_type": "refresh_token", "refresh_token": refresh}
        )
        assert_problem(r, 401)
        ended = db.get(RoleAssignment, teacher.assignment.id)
        assert ended is not None
        assert ended.valid_to == f.today() - timedelta(days=1)
        events = audit_events(
            db, resource_type="role_assignment", resource_id=str(teacher.assignment.id)
        )
        assert [e.action for e in events] == [AuditAction.delete]

    def test_ending_twice_keeps_the_first_end(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        long_ago = f.today() - timedelta(days=400)
        teacher.assignment.valid_to = long_ago
        db.flush()
        r = client.delete(self.url(world), headers=world.h("director_a1"))
        assert r.status_code == 204
        db.expire_all()
        assignment = db.get(RoleAssignment, teacher.assignment.id)
        assert assignment is not None
        assert assignment.valid_to == long_ago
        assert assignment.role is Role.teacher
