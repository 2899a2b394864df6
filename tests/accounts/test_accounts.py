"""Password reset by e-mail and invitations, with the mail read from a real SMTP server."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.accounts.models import AccountToken
from backend.core.config import get_settings
from backend.core.ratelimit import limiter
from backend.identity.models import RefreshToken
from backend.notifications import jobs
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.smtp import SmtpServer

NEW_PASSWORD = "a brand new passphrase"


def deliver(db: Session) -> None:
    jobs.run_pass(db, get_settings(), datetime.now(UTC), with_reminders=False)


def token_in(smtp: SmtpServer, address: str) -> str:
    (message,) = smtp.inbox.to(address)
    match = re.search(r"#token=([\w-]+)", smtp.inbox.text(message))
    assert match, smtp.inbox.text(message)
    return match.group(1)


def login(client: TestClient, email: str, password: str) -> int:
    form = {"grant_type": "password", "username": email, "password": password}
    return client.post(f"{API}/auth/token", data=form).status_code


class TestPasswordReset:
    def test_the_whole_flow(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        email = world.actors["teacher_a1"].user.email
        f.login_session(world.actors["teacher_a1"].assignment)  # a session held somewhere
        r = client.post(f"{API}/accounts/password-reset", json={"email": email.upper()})
        assert r.status_code == 202
        deliver(db)
        token = token_in(smtp, email)
        r = client.post(
            f"{API}/accounts/password-reset/confirm",
            json={"token": token, "password": NEW_PASSWORD},
        )
        assert r.status_code == 204, r.text
        assert login(client, email, NEW_PASSWORD) == 200
        assert login(client, email, f.PASSWORD) == 401
        # Every session that existed before the reset is over.
        user_id = world.actors["teacher_a1"].user.id
        old = db.scalars(
            select(RefreshToken).where(
                RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)
            )
        ).all()
        assert len(old) == 1  # only the login just made

    def test_same_answer_for_known_and_unknown_address(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        known = client.post(
            f"{API}/accounts/password-reset",
            json={"email": world.actors["teacher_a1"].user.email},
        )
        unknown = client.post(f"{API}/accounts/password-reset", json={"email": "nobody@nowhere.lv"})
        assert known.status_code == unknown.status_code == 202
        assert known.json() == unknown.json()
        deliver(db)
        assert smtp.inbox.to("nobody@nowhere.lv") == []
        assert len(smtp.inbox.messages) == 1

    def test_a_token_works_once(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        email = world.actors["teacher_a1"].user.email
        client.post(f"{API}/accounts/password-reset", json={"email": email})
        deliver(db)
        token = token_in(smtp, email)
        body = {"token": token, "password": NEW_PASSWORD}
        assert client.post(f"{API}/accounts/password-reset/confirm", json=body).status_code == 204
        again = {"token": token, "password": "yet another passphrase"}
        r = client.post(f"{API}/accounts/password-reset/confirm", json=again)
        assert_problem(r, 422, field="token")
        assert login(client, email, NEW_PASSWORD) == 200

    def test_an_expired_token_is_refused(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        email = world.actors["teacher_a1"].user.email
        client.post(f"{API}/accounts/password-reset", json={"email": email})
        deliver(db)
        token = token_in(smtp, email)
        row = db.scalars(select(AccountToken)).one()
        lifetime = row.expires_at - row.created_at
        assert timedelta(minutes=29, seconds=59) < lifetime <= timedelta(minutes=30)
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.flush()
        r = client.post(
            f"{API}/accounts/password-reset/confirm",
            json={"token": token, "password": NEW_PASSWORD},
        )
        assert_problem(r, 422, field="token")
        assert login(client, email, NEW_PASSWORD) == 401

    def test_a_short_password_is_refused(self, client: TestClient) -> None:
        r = client.post(
            f"{API}/accounts/password-reset/confirm",
            json={"token": "x" * 43, "password": "short"},
        )
        assert_problem(r, 422, field="password")

    def test_the_mail_tokens_are_not_kept_once_sent(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        from backend.notifications.models import MailMessage

        client.post(
            f"{API}/accounts/password-reset",
            json={"email": world.actors["teacher_a1"].user.email},
        )
        deliver(db)
        (mail,) = db.scalars(select(MailMessage)).all()
        assert mail.body == ""


@pytest.fixture
def limits_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limits_enabled", True)
    monkeypatch.setattr(settings, "rate_limit_password_reset", "3/hour")
    monkeypatch.setattr(settings, "rate_limit_storage_url", "memory://")
    limiter().reset()
    yield
    limiter().reset()


@pytest.mark.usefixtures("limits_on")
def test_reset_requests_are_rate_limited(client: TestClient, world: World) -> None:
    email = world.actors["teacher_a1"].user.email
    for _ in range(3):
        assert (
            client.post(f"{API}/accounts/password-reset", json={"email": email}).status_code == 202
        )
    r = client.post(f"{API}/accounts/password-reset", json={"email": email})
    assert_problem(r, 429)
    # An unknown address is limited the same way (the answer does not tell them apart).
    for _ in range(3):
        client.post(f"{API}/accounts/password-reset", json={"email": "x@nowhere.lv"})
    assert_problem(
        client.post(f"{API}/accounts/password-reset", json={"email": "x@nowhere.lv"}), 429
    )


class TestInvitation:
    def body(
        self, world: World, email: str = "jauna.skolotaja@test.pumpurs.lv"
    ) -> dict[str, object]:
        return {
            "email": email,
            "full_name": "Jauna Skolotāja",
            "assignment": {"role": "teacher", "scope_id": str(world.a1.id)},
        }

    def test_director_invites_and_the_new_user_accepts(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        body = self.body(world)
        r = client.post(f"{API}/accounts/invitations", json=body, headers=world.h("director_a1"))
        assert r.status_code == 201, r.text
        assert login(client, "jauna.skolotaja@test.pumpurs.lv", NEW_PASSWORD) == 401
        deliver(db)
        token = token_in(smtp, "jauna.skolotaja@test.pumpurs.lv")
        assert "/accept-invitation#token=" in smtp.inbox.text(smtp.inbox.messages[0])
        r = client.post(
            f"{API}/accounts/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
        )
        assert r.status_code == 204, r.text
        assert login(client, "jauna.skolotaja@test.pumpurs.lv", NEW_PASSWORD) == 200
        r = client.post(
            f"{API}/accounts/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
        )
        assert_problem(r, 422, field="token")

    def test_municipal_coordinator_may_invite_in_scope(
        self, client: TestClient, world: World
    ) -> None:
        r = client.post(
            f"{API}/accounts/invitations", json=self.body(world), headers=world.h("coord_a")
        )
        assert r.status_code == 201, r.text
        r = client.post(
            f"{API}/accounts/invitations",
            json=self.body(world, "cits@test.pumpurs.lv"),
            headers=world.h("coord_b"),
        )
        assert_problem(r, 404)

    def test_teachers_cannot_invite(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/accounts/invitations", json=self.body(world), headers=world.h("teacher_a1")
        )
        assert_problem(r, 403)

    def test_a_reset_token_does_not_accept_an_invitation(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        email = world.actors["teacher_a1"].user.email
        client.post(f"{API}/accounts/password-reset", json={"email": email})
        deliver(db)
        token = token_in(smtp, email)
        r = client.post(
            f"{API}/accounts/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
        )
        assert_problem(r, 422, field="token")
