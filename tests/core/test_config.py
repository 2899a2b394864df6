"""Settings: outside demo mode, secrets must be given and must not be the demo ones."""

import base64
import os

import pytest
from pydantic import ValidationError

from backend.core.config import DEMO_DATA_KEY, DEMO_LOOKUP_KEY, DEMO_SECRET_KEY, Settings

SECRET = "a-production-signing-key-of-more-than-32-chars"
DATA_KEY = base64.b64encode(os.urandom(32)).decode()
LOOKUP = "a-production-lookup-key"


def _settings(**values: object) -> Settings:
    given: dict[str, object] = {
        "demo_mode": False,
        "secret_key": SECRET,
        "data_key": DATA_KEY,
        "lookup_key": LOOKUP,
    }
    given.update(values)
    return Settings(**given)


def test_real_secrets_are_accepted() -> None:
    settings = _settings()
    assert settings.secret_key == SECRET
    assert not settings.demo_mode


@pytest.mark.parametrize("name", ["secret_key", "data_key", "lookup_key"])
def test_missing_secret_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match=f"PUMPURS_{name.upper()}"):
        _settings(**{name: ""})


@pytest.mark.parametrize(
    ("name", "demo_value"),
    [
        ("secret_key", DEMO_SECRET_KEY),
        ("data_key", DEMO_DATA_KEY),
        ("lookup_key", DEMO_LOOKUP_KEY),
    ],
)
def test_demo_secret_is_refused(name: str, demo_value: str) -> None:
    with pytest.raises(ValidationError, match="demo secret"):
        _settings(**{name: demo_value})


def test_short_signing_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        _settings(secret_key="too-short")


@pytest.mark.parametrize(
    "data_key", ["not base64 at all!", base64.b64encode(b"sixteen bytes!!!").decode()]
)
def test_data_key_must_be_32_bytes(data_key: str) -> None:
    with pytest.raises(ValidationError, match="PUMPURS_DATA_KEY"):
        _settings(data_key=data_key)


def test_demo_mode_fills_in_the_demo_secrets() -> None:
    settings = Settings(demo_mode=True, secret_key="", data_key="", lookup_key="")
    assert (settings.secret_key, settings.data_key, settings.lookup_key) == (
        DEMO_SECRET_KEY,
        DEMO_DATA_KEY,
        DEMO_LOOKUP_KEY,
    )
