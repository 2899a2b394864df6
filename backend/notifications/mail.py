"""Sending e-mail: the worker takes due messages from the queue and hands them to the SMTP
server; a failure moves the next attempt out (doubling, at most an hour) and never drops the
message. Also composes each digest user's one mail a day."""

import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.notifications import repository, texts
from backend.notifications.models import Language, MailKind, MailMessage, MailStatus
from backend.notifications.service import enqueue_mail

log = logging.getLogger("pumpurs.mail")

SEND_BATCH = 50
MAX_BACKOFF = timedelta(hours=1)
# Mails whose body holds a one-time link: the body is not kept once sent.
_ONE_TIME = repository.ONE_TIME_MAIL


def _connect(settings: Settings) -> smtplib.SMTP:
    timeout = settings.smtp_timeout_seconds
    if settings.smtp_tls == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=context
        )
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    if settings.smtp_tls == "starttls":
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def _message(row: MailMessage, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = make_msgid(domain="pumpurs.lv")
    # Quoted-printable always: the same readable encoding whatever the language and line length.
    message.set_content(row.body, cte="quoted-printable")
    return message


def backoff(settings: Settings, attempts: int) -> timedelta:
    delay = timedelta(seconds=settings.mail_backoff_seconds * 2 ** max(0, attempts - 1))
    return min(delay, MAX_BACKOFF)


def send_due(session: Session, settings: Settings, now: datetime) -> tuple[int, int]:
    """Send what is due; returns (sent, failed). Flushes; the caller commits."""
    due = repository.due_mail(session, now, SEND_BATCH)
    if not due:
        return 0, 0
    sent = failed = 0
    try:
        smtp = _connect(settings)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
    except (OSError, smtplib.SMTPException) as exc:
        # The server is down or refuses us: every message of the batch waits for the next try.
        for row in due:
            _failed(row, exc, settings, now)
        log.warning("mail server unavailable; retried later", extra={"event": "mail_failed"})
        session.flush()
        return 0, len(due)
    try:
        for row in due:
            try:
                smtp.send_message(_message(row, settings))
            except (OSError, smtplib.SMTPException) as exc:
                _failed(row, exc, settings, now)
                failed += 1
                log.warning("mail not sent; retried later", extra={"event": "mail_failed"})
                lost = not isinstance(exc, smtplib.SMTPException)  # a socket error
                if lost or isinstance(exc, smtplib.SMTPServerDisconnected):
                    # The connection is gone: the rest wait for the next pass.
                    for rest in due[due.index(row) + 1 :]:
                        _failed(rest, exc, settings, now)
                        failed += 1
                    break
                continue
            row.attempts += 1
            row.status = MailStatus.sent
            row.sent_at = now
            row.last_error = None
            if row.kind in _ONE_TIME:
                row.body = ""
            sent += 1
    finally:
        _quit(smtp)
    session.flush()
    return sent, failed


def _failed(row: MailMessage, exc: Exception, settings: Settings, now: datetime) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    row.next_attempt_at = now + backoff(settings, row.attempts)


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def compose_digests(session: Session, settings: Settings, now: datetime) -> int:
    """At or after the digest hour, one mail per digest user with everything waiting since the
    last one; returns how many digests were queued. Flushes; the caller commits."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    if local.hour < settings.digest_hour:
        return 0
    today = local.date()
    composed = 0
    for pref in repository.digest_users(session, today):
        items = repository.digest_items(session, pref.user_id)
        address = repository.emails(session, [pref.user_id]).get(pref.user_id)
        if items and address:
            lines = [
                (
                    texts.title(n.kind, n.plan_code, pref.language),
                    texts.link(settings.base_url, n.plan_id, n.student_id),
                )
                for n in items
            ]
            subject, body = texts.digest(pref.language, lines)
            enqueue_mail(session, MailKind.digest, address, subject, body)
            composed += 1
        for n in items:
            n.digest_pending = False
        pref.last_digest_on = today
    session.flush()
    return composed


def compose_pending(session: Session, settings: Settings, now: datetime, limit: int = 1000) -> int:
    """The e-mail of each notification whose user wants one at once, written in their language
    with the plan code and a link only; returns how many were queued. Flushes; the caller
    commits."""
    composed = 0
    for n, address, language in repository.mail_pending(session, limit):
        line = texts.title(n.kind, n.plan_code, Language(language))
        url = texts.link(settings.base_url, n.plan_id, n.student_id)
        subject, body = texts.single(Language(language), line, url)
        message = enqueue_mail(session, MailKind.notification, address, subject, body)
        message.next_attempt_at = now  # due in this very pass
        n.mail_pending = False
        composed += 1
    session.flush()
    return composed
