"""The notification jobs of the worker: reminders once a day, digests, and sending mail."""

import logging
import time
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.core.db import utcnow
from backend.notifications import mail, reminders, rules

log = logging.getLogger("pumpurs.notifications")

rules.register()


def run_pass(
    session: Session,
    settings: Settings,
    now: datetime | None = None,
    *,
    with_reminders: bool = True,
) -> int:
    """One pass: the reminders (each made once per subject), the e-mails of new notifications,
    due digests, then due mail. Commits
    each step on its own, so a mail server that is down delays mail and nothing else."""
    now = now or utcnow()
    made = 0
    if with_reminders:
        today = now.astimezone(ZoneInfo(settings.timezone)).date()
        made = reminders.run(session, settings, today, now)
        session.commit()
    mail.compose_pending(session, settings, now)
    mail.compose_digests(session, settings, now)
    session.commit()
    sent, failed = mail.send_due(session, settings, now)
    session.commit()
    return made + sent + failed


class NotificationJobs:
    """Called from the worker loop: a pass at most every ``interval`` seconds; the reminders on
    the first pass of each local day."""

    def __init__(self, session_factory: Callable[[], Session], interval: float = 10.0) -> None:
        self.session_factory = session_factory
        self.interval = interval
        self._next = 0.0
        self._reminded_on: date | None = None

    def tick(self, settings: Settings) -> None:
        if time.monotonic() < self._next:
            return
        self._next = time.monotonic() + self.interval
        now = utcnow()
        today = now.astimezone(ZoneInfo(settings.timezone)).date()
        try:
            with self.session_factory() as session:
                run_pass(session, settings, now, with_reminders=self._reminded_on != today)
            self._reminded_on = today
        except Exception:
            log.exception("notification pass failed")
