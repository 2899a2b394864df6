"""The one clock: what time it is (UTC) and what day it is where the programme runs.

Every "now" and "today" of the backend comes from here, so a test or a different time zone
changes them in one place."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from backend.core.config import get_settings


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today's date where the programme runs (``PUMPURS_TIMEZONE``, Latvia by default): a
    session logged at 00:30 in Riga is today's, though UTC still says yesterday."""
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


def local_date(at: datetime) -> date:
    """The day a moment falls on where the programme runs."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(ZoneInfo(get_settings().timezone)).date()
