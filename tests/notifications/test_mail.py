"""E-mail of notifications through a real SMTP server: what arrives, in which language, digests,
and what a dead server does (delays, never loses, never fails the request)."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.security import decrypt_personal_code
from backend.notifications import jobs
from backend.notifications.models import MailMessage, MailStatus
from tests.factories import World
from tests.plans.helpers import act, ready_draft
from tests.problems import API
from tests.smtp import SmtpServer, free_port

# After the digest hour in Riga, whatever the season.
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def run(db: Session, now: datetime | None = None) -> None:
    jobs.run_pass(db, get_settings(), now or datetime.now(UTC), with_reminders=False)


def prefer(client: TestClient, world: World, who: str, **body: str) -> None:
    r = client.put(f"{API}/notifications/preferences", json=body, headers=world.h(who))
    assert r.status_code == 200, r.text


class TestImmediate:
    def test_the_approver_gets_a_mail_with_the_code_and_link_only(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        run(db)
        director = world.actors["director_a1"].user.email
        (message,) = smtp.inbox.to(director)
        text = smtp.inbox.text(message)
        assert draft.body["code"] in text
        assert f"/plans/{draft.id}" in text
        assert "apstiprinājumu" in text  # Latvian by default
        code = decrypt_personal_code(draft.student.personal_code_encrypted)
        for secret in (draft.student.given_name, draft.student.family_name, code, "Matemātika"):
            assert secret not in text
        assert len(smtp.inbox.messages) == 1  # nobody else

    def test_returned_mail_carries_no_comment_and_speaks_english(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        prefer(client, world, "teacher_a1", language="en")
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "return", "director_a1", {"comment": "Jānis nav parakstījis"})
        run(db)
        (message,) = smtp.inbox.to(world.actors["teacher_a1"].user.email)
        text = smtp.inbox.text(message)
        assert "returned for correction" in text
        assert "Jānis" not in text
        assert draft.student.family_name not in text

    def test_off_sends_nothing_but_keeps_the_bell(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        prefer(client, world, "director_a1", email_mode="off")
        act(client, world, ready_draft(client, db, world).id, "submit", "teacher_a1")
        run(db)
        assert smtp.inbox.messages == []
        r = client.get(f"{API}/notifications/unread-count", headers=world.h("director_a1"))
        assert r.json()["unread"] == 1


class TestDigest:
    def test_one_mail_a_day_with_every_event(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        prefer(client, world, "director_a1", email_mode="daily_digest")
        drafts = [ready_draft(client, db, world) for _ in range(3)]
        for d in drafts:
            act(client, world, d.id, "submit", "teacher_a1")
        run(db, MORNING - timedelta(hours=8))  # before the digest hour: nothing yet
        director = world.actors["director_a1"].user.email
        assert smtp.inbox.to(director) == []
        run(db, MORNING)
        (digest,) = smtp.inbox.to(director)
        text = smtp.inbox.text(digest)
        for d in drafts:
            assert d.body["code"] in text
            assert d.student.family_name not in text
        # A new event the same day waits for tomorrow's digest.
        late = ready_draft(client, db, world)
        act(client, world, late.id, "submit", "teacher_a1")
        run(db, MORNING + timedelta(hours=2))
        assert len(smtp.inbox.to(director)) == 1
        run(db, MORNING + timedelta(days=1))
        _first, second = smtp.inbox.to(director)
        assert late.body["code"] in smtp.inbox.text(second)
        assert drafts[0].body["code"] not in smtp.inbox.text(second)


class TestDeadServer:
    def test_delays_never_loses_never_fails_the_request(
        self, client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings = get_settings()
        port = free_port()  # nobody listens here yet
        monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
        monkeypatch.setattr(settings, "smtp_port", port)
        monkeypatch.setattr(settings, "smtp_timeout_seconds", 2.0)
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")  # 200 despite the dead server
        now = datetime.now(UTC)
        run(db, now)
        (pending,) = db.scalars(select(MailMessage)).all()
        assert pending.status is MailStatus.pending
        assert pending.attempts == 1
        assert pending.last_error
        assert pending.next_attempt_at > now  # backed off
        run(db, now + timedelta(seconds=1))  # not due yet: no second attempt
        assert pending.attempts == 1
        server = SmtpServer(port)
        server.start()
        try:
            run(db, now + timedelta(minutes=5))
        finally:
            server.stop()
        assert pending.status is MailStatus.sent
        (message,) = server.inbox.to(world.actors["director_a1"].user.email)
        assert draft.body["code"] in server.inbox.text(message)

    def test_a_refused_recipient_waits_and_the_others_go(
        self, client: TestClient, db: Session, world: World, smtp: SmtpServer
    ) -> None:
        director = world.actors["director_a1"].user.email
        teacher = world.actors["teacher_a1"].user.email
        smtp.inbox.refuse.add(director)
        draft = ready_draft(client, db, world)
        act(client, world, draft.id, "submit", "teacher_a1")
        act(client, world, draft.id, "return", "director_a1", {"comment": "Papildiniet"})
        run(db)
        assert smtp.inbox.to(director) == []
        assert len(smtp.inbox.to(teacher)) == 1
        waiting = db.scalars(select(MailMessage).where(MailMessage.to_address == director)).one()
        assert waiting.status is MailStatus.pending
        assert "SMTPRecipientsRefused" in (waiting.last_error or "")

    def test_backoff_doubles_up_to_an_hour(self) -> None:
        from backend.notifications.mail import backoff

        settings = get_settings()
        delays = [backoff(settings, n) for n in range(1, 12)]
        assert delays[1] == 2 * delays[0]
        assert max(delays) == timedelta(hours=1)
