"""Shared set-up of the report tests."""

from collections.abc import Callable, Iterator

import pytest

from backend.core import memo
from backend.core.config import get_settings


@pytest.fixture
def report_max_age(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[float], None]]:
    """Sets ``PUMPURS_REPORT_MAX_AGE_SECONDS`` for the test (the suite's default is 0: counted
    afresh on every read), with nothing kept from before or left behind."""

    def set_to(seconds: float) -> None:
        monkeypatch.setenv("PUMPURS_REPORT_MAX_AGE_SECONDS", str(seconds))
        get_settings.cache_clear()
        memo.forget()

    yield set_to
    memo.forget()
    get_settings.cache_clear()
