"""The token endpoint's limits: per account (the user name as login reads it, whatever else the
form holds), per address, and shared by every API process when the counters live in Redis."""

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backend.core.config import get_settings
from backend.core.errors import TooManyRequests
from backend.core.limits import RateLimiter, limiter, limiter_for
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem

TOKEN = f"{API}/auth/token"
REDIS_URL = os.environ.get("PUMPURS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def limits_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limits_enabled", True)
    monkeypatch.setattr(settings, "rate_limit_token", "3/minute")
    monkeypatch.setattr(settings, "rate_limit_token_address", "1000/minute")
    monkeypatch.setattr(settings, "rate_limit_storage_url", "memory://")
    limiter().reset()
    yield
    limiter().reset()


def guess(client: TestClient, username: str, password: str = "wrong-guess", **extra: str) -> int:  # noqa: S107
    form = {"grant_type": "password", "username": username, "password": password, **extra}
    return client.post(TOKEN, data=form).status_code


@pytest.mark.usefixtures("limits_on")
class TestAccountLimit:
    def test_padding_or_case_gives_no_fresh_bucket(self, client: TestClient, world: World) -> None:
        email = world.actors["teacher_a1"].user.email
        for _ in range(3):
            assert guess(client, email) == 401
        assert guess(client, f"  {email.upper()} ") == 429
        assert guess(client, f"{email}\t") == 429

    def test_a_client_id_gives_no_fresh_bucket(self, client: TestClient, world: World) -> None:
        email = world.actors["teacher_a1"].user.email
        for n in range(3):
            assert guess(client, email, client_id=f"any-{n}") == 401
        assert guess(client, email, client_id="yet-another") == 429

    def test_exhausted_account_refuses_the_right_password(
        self, client: TestClient, world: World
    ) -> None:
        email = world.actors["teacher_a1"].user.email
        for _ in range(3):
            assert guess(client, email) == 401
        r = client.post(
            TOKEN, data={"grant_type": "password", "username": email, "password": f.PASSWORD}
        )
        assert_problem(r, 429)
        assert 1 <= int(r.headers["retry-after"]) <= 60

    def test_other_accounts_keep_their_bucket(self, client: TestClient, world: World) -> None:
        for _ in range(3):
            guess(client, world.actors["teacher_a1"].user.email)
        assert guess(client, world.actors["director_a1"].user.email, f.PASSWORD) == 200


@pytest.mark.usefixtures("limits_on")
def test_per_address_across_accounts(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_token_address", "5/minute")
    for n in range(5):
        assert guess(client, f"nobody{n}@x.lv") == 401
    assert guess(client, "someone-else@x.lv") == 429


class TestSharedStorage:
    @pytest.fixture
    def redis_limits(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        settings = get_settings()
        monkeypatch.setattr(settings, "rate_limits_enabled", True)
        monkeypatch.setattr(settings, "rate_limit_token", "3/minute")
        monkeypatch.setattr(settings, "rate_limit_token_address", "100000/minute")
        monkeypatch.setattr(settings, "rate_limit_storage_url", REDIS_URL)
        limiter_for.cache_clear()
        yield
        limiter_for.cache_clear()

    @pytest.mark.usefixtures("redis_limits")
    def test_two_api_processes_share_one_bucket(self, client: TestClient) -> None:
        username = f"shared-{uuid.uuid4().hex}@x.lv"
        for _ in range(3):
            assert guess(client, username) == 401
        # A second process: a limiter of its own, with its own connection and no memory.
        limiter_for.cache_clear()
        assert guess(client, username) == 429

    def test_two_limiters_on_redis_count_together(self) -> None:
        first, second = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
        key = uuid.uuid4().hex
        first.hit("2/minute", "test", key)
        second.hit("2/minute", "test", key)
        with pytest.raises(TooManyRequests):
            first.hit("2/minute", "test", key)

    def test_in_memory_counters_are_per_process(self) -> None:
        first, second = RateLimiter("memory://"), RateLimiter("memory://")
        key = uuid.uuid4().hex
        first.hit("1/minute", "test", key)
        second.hit("1/minute", "test", key)
