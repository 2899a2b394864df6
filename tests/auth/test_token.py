"""POST /auth/token (password and refresh grants), POST /auth/logout and GET /auth/me."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.core.db import utcnow
from backend.core.security import hash_opaque_token
from backend.identity.models import RefreshToken
from backend.identity.roles import Role
from backend.users.models import RoleAssignment
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem

TOKEN = f"{API}/auth/token"


def login(client: TestClient, email: str, password: str = f.PASSWORD, **extra: str) -> dict:
    r = client.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": password, **extra}
    )
    assert r.status_code == 200, r.text
    return r.json()


def refresh(client: TestClient, token: str):
    return client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": token})


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


class TestPasswordGrant:
    def test_issues_tokens_that_work(self, client: TestClient, world: World) -> None:
        teacher = world.actors["teacher_a1"]
        r = client.post(
            TOKEN,
            data={
                "grant_type": "password",
                "username": teacher.user.email.upper(),
                "password": f.PASSWORD,
            },
        )
        assert r.status_code == 200, r.text
        assert r.headers["cache-control"] == "no-store"
        tokens = r.json()
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 15 * 60
        assert tokens["refresh_token"]
        me = client.get(f"{API}/auth/me", headers=bearer(tokens))
        assert me.status_code == 200
        assert me.json()["user"]["id"] == str(teacher.user.id)
        assert me.json()["current"]["role"] == "teacher"

    def test_unknown_user_and_wrong_password_answer_alike(
        self, client: TestClient, world: World
    ) -> None:
        wrong_password = client.post(
            TOKEN,
            data={
                "grant_type": "password",
                "username": world.actors["teacher_a1"].user.email,
                "password": "not the password",
            },
        )
        unknown_user = client.post(
            TOKEN,
            data={
                "grant_type": "password",
                "username": "nobody@test.pumpurs.lv",
                "password": "not the password",
            },
        )
        assert_problem(wrong_password, 401)
        assert_problem(unknown_user, 401)
        # Alike but for the id of each request.
        answers = [wrong_password.json(), unknown_user.json()]
        assert answers[0].pop("request_id") != answers[1].pop("request_id")
        assert answers[0] == answers[1]

    def test_deactivated_user_is_refused_alike(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        teacher.user.active = False
        db.flush()
        r = client.post(
            TOKEN,
            data={"grant_type": "password", "username": teacher.user.email, "password": f.PASSWORD},
        )
        body = assert_problem(r, 401)
        assert body["detail"] == "Invalid e-mail or password"

    def test_chooses_role_assignment_with_scope(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        second = RoleAssignment(
            user_id=teacher.user.id,
            role=Role.teacher,
            scope_type=teacher.assignment.scope_type,
            institution_id=world.a2.id,
            valid_from=teacher.assignment.valid_from + timedelta(days=1),
        )
        db.add(second)
        db.flush()
        tokens = login(client, teacher.user.email, scope=str(second.id))
        me = client.get(f"{API}/auth/me", headers=bearer(tokens)).json()
        assert me["current"]["id"] == str(second.id)
        assert me["current"]["scope_id"] == str(world.a2.id)
        assert {a["id"] for a in me["assignments"]} == {str(teacher.assignment.id), str(second.id)}
        # Without scope, the first assignment.
        first = client.get(f"{API}/auth/me", headers=bearer(login(client, teacher.user.email)))
        assert first.json()["current"]["id"] == str(teacher.assignment.id)

    def test_foreign_assignment_as_scope_is_422(self, client: TestClient, world: World) -> None:
        foreign = world.actors["teacher_b1"].assignment.id
        r = client.post(
            TOKEN,
            data={
                "grant_type": "password",
                "username": world.actors["teacher_a1"].user.email,
                "password": f.PASSWORD,
                "scope": str(foreign),
            },
        )
        assert_problem(r, 422, field="scope")

    def test_scope_not_a_uuid_is_422(self, client: TestClient) -> None:
        r = client.post(
            TOKEN,
            data={"grant_type": "password", "username": "a@b.lv", "password": "x", "scope": "x"},
        )
        assert_problem(r, 422, field="scope")

    def test_missing_password_is_422(self, client: TestClient) -> None:
        r = client.post(TOKEN, data={"grant_type": "password", "username": "a@b.lv"})
        assert_problem(r, 422, field="password")

    def test_unknown_grant_type_is_422(self, client: TestClient) -> None:
        r = client.post(TOKEN, data={"grant_type": "magic", "username": "a@b.lv"})
        assert_problem(r, 422, field="grant_type")

    def test_ended_assignment_cannot_log_in(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        teacher.assignment.valid_to = f.today() - timedelta(days=1)
        db.flush()
        r = client.post(
            TOKEN,
            data={"grant_type": "password", "username": teacher.user.email, "password": f.PASSWORD},
        )
        assert_problem(r, 401)

    def test_login_is_audited(self, client: TestClient, world: World, db: Session) -> None:
        teacher = world.actors["teacher_a1"]
        login(client, teacher.user.email)
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_user_id == teacher.user.id,
                AuditEvent.action == AuditAction.login,
            )
        ).all()
        assert len(events) == 1
        assert events[0].institution_id == world.a1.id


class TestRefreshGrant:
    def test_rotates(self, client: TestClient, world: World) -> None:
        first = login(client, world.actors["teacher_a1"].user.email)
        r = refresh(client, first["refresh_token"])
        assert r.status_code == 200, r.text
        second = r.json()
        assert second["refresh_token"] != first["refresh_token"]
        assert client.get(f"{API}/auth/me", headers=bearer(second)).status_code == 200

    def test_reuse_after_rotation_revokes_the_family(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        first = login(client, world.actors["teacher_a1"].user.email)
        second = refresh(client, first["refresh_token"]).json()
        assert_problem(refresh(client, first["refresh_token"]), 401)
        # The newest token of the family stops working too.
        assert_problem(refresh(client, second["refresh_token"]), 401)
        stored = db.scalar(
            select(RefreshToken).where(
                RefreshToken.token_hash == hash_opaque_token(second["refresh_token"])
            )
        )
        assert stored is not None
        assert stored.revoked_at is not None

    def test_unknown_token_is_401(self, client: TestClient) -> None:
        assert_problem(refresh(client, "not-a-token-we-issued"), 401)

    def test_missing_token_is_422(self, client: TestClient) -> None:
        r = client.post(TOKEN, data={"grant_type": "refresh_token"})
        assert_problem(r, 422, field="refresh_token")

    def test_expired_token_is_401(self, client: TestClient, world: World, db: Session) -> None:
        tokens = login(client, world.actors["teacher_a1"].user.email)
        stored = db.scalar(
            select(RefreshToken).where(
                RefreshToken.token_hash == hash_opaque_token(tokens["refresh_token"])
            )
        )
        assert stored is not None
        stored.expires_at = utcnow() - timedelta(seconds=1)
        db.flush()
        assert_problem(refresh(client, tokens["refresh_token"]), 401)

    def test_deactivated_user_cannot_refresh(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        teacher = world.actors["teacher_a1"]
        tokens = login(client, teacher.user.email)
        teacher.user.active = False
        db.flush()
        assert_problem(refresh(client, tokens["refresh_token"]), 401)

    def test_refresh_is_audited(self, client: TestClient, world: World, db: Session) -> None:
        teacher = world.actors["teacher_a1"]
        tokens = login(client, teacher.user.email)
        r = client.post(
            TOKEN,
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            headers={"X-Request-ID": "refresh-audit-1"},
        )
        assert r.status_code == 200, r.text
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_user_id == teacher.user.id, AuditEvent.detail == "refresh"
            )
        ).all()
        assert len(events) == 1
        event = events[0]
        assert event.action is AuditAction.login
        assert event.actor_role == "teacher"
        assert event.resource_type == "user"
        assert event.resource_id == str(teacher.user.id)
        assert event.institution_id == world.a1.id
        assert event.request_id == "refresh-audit-1"
        assert event.client_address

    def test_refused_refresh_is_not_audited(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        assert_problem(refresh(client, "not-a-token-we-issued"), 401)
        assert db.scalar(select(AuditEvent).where(AuditEvent.detail == "refresh")) is None


class TestLogout:
    # Every role may log out: there is no 403.

    def test_revokes_the_refresh_token(self, client: TestClient, world: World) -> None:
        tokens = login(client, world.actors["teacher_a1"].user.email)
        r = client.post(
            f"{API}/auth/logout",
            json={"refresh_token": tokens["refresh_token"]},
            headers=bearer(tokens),
        )
        assert r.status_code == 204, r.text
        assert_problem(refresh(client, tokens["refresh_token"]), 401)

    def test_logout_is_audited(self, client: TestClient, world: World, db: Session) -> None:
        teacher = world.actors["teacher_a1"]
        tokens = login(client, teacher.user.email)
        r = client.post(
            f"{API}/auth/logout",
            json={"refresh_token": tokens["refresh_token"]},
            headers={**bearer(tokens), "X-Request-ID": "logout-audit-1"},
        )
        assert r.status_code == 204, r.text
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_user_id == teacher.user.id, AuditEvent.detail == "logout"
            )
        ).all()
        assert len(events) == 1
        event = events[0]
        assert event.action is AuditAction.login
        assert event.actor_role == "teacher"
        assert event.resource_type == "user"
        assert event.resource_id == str(teacher.user.id)
        assert event.institution_id == world.a1.id
        assert event.request_id == "logout-audit-1"
        assert event.client_address

    def test_another_users_token_is_404(self, client: TestClient, world: World) -> None:
        tokens = login(client, world.actors["teacher_a1"].user.email)
        r = client.post(
            f"{API}/auth/logout",
            json={"refresh_token": tokens["refresh_token"]},
            headers=world.h("teacher_b1"),
        )
        assert_problem(r, 404)
        assert refresh(client, tokens["refresh_token"]).status_code == 200

    def test_bad_body_is_422(self, client: TestClient, world: World) -> None:
        r = client.post(f"{API}/auth/logout", json={"refresh_token": 1}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="refresh_token")


class TestMe:
    # Every role may read itself: there is no 403, and no other scope.

    def test_shows_user_role_and_permissions(self, client: TestClient, world: World) -> None:
        director = world.actors["director_a1"]
        r = client.get(f"{API}/auth/me", headers=world.h("director_a1"))
        assert r.status_code == 200
        body = r.json()
        assert body["user"] == {
            "id": str(director.user.id),
            "email": director.user.email,
            "full_name": director.user.full_name,
        }
        assert body["current"] == {
            "id": str(director.assignment.id),
            "role": "school_director",
            "scope_type": "institution",
            "scope_id": str(world.a1.id),
            "scope_name": world.a1.name,
        }
        assert "students:write" in body["permissions"]
        assert "catalogue:write" not in body["permissions"]

    def test_names_the_national_scope(self, client: TestClient, world: World) -> None:
        body = client.get(f"{API}/auth/me", headers=world.h("ikvd")).json()
        assert body["current"]["scope_name"] == "IKVD"
        assert body["current"]["scope_id"] is None
