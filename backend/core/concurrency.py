"""Optimistic concurrency: resources people edit carry a version, sent back as ``If-Match``."""

from backend.core.errors import PreconditionFailed, PreconditionRequired
from backend.core.messages import msg


def expected_version(if_match: str | None) -> int:
    """The version named by an ``If-Match`` header (428 without one, 412 for a foreign value)."""
    if if_match is None:
        raise PreconditionRequired(msg("version.if-match-required"))
    raw = if_match.strip().removeprefix("W/").strip('"')
    try:
        return int(raw)
    except ValueError as exc:
        raise PreconditionFailed(msg("version.if-match-invalid")) from exc
