"""Test harness: the schema is built by the real migrations, once per run and database; each test
runs inside a transaction that is rolled back, so tests never see each other's rows.

``PUMPURS_TEST_PG_ADMIN_URL`` (set by ``make test-postgres``) switches to PostgreSQL: a throwaway
database is created per test process and dropped at the end.
"""

import os
import uuid
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("PUMPURS_DEMO_MODE", "true")
os.environ.setdefault("PUMPURS_WEB_DIST", "frontend/dist")
# Rate limits are off except in the tests of the limits, which switch them on.
os.environ.setdefault("PUMPURS_RATE_LIMITS_ENABLED", "false")
# The webhook tests run their own worker against committed data.
os.environ.setdefault("PUMPURS_WEBHOOK_WORKER_EMBEDDED", "false")
# Reports read pre-counted cells on PostgreSQL: refreshed before every read in the tests.
os.environ.setdefault("PUMPURS_REPORT_MAX_AGE_SECONDS", "0")
# Plans may be evaluated on any day of their semester, except in the tests of the evaluation
# window, which narrow it.
os.environ.setdefault("PUMPURS_EVALUATION_WINDOW_DAYS", "366")

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backend.cli import alembic_config
from backend.core.db import get_session, in_transaction, make_engine
from backend.identity import lean
from backend.identity.lean import LeanReads
from backend.main import create_app
from tests.factories import World, build_world

PG_ADMIN_URL = os.environ.get("PUMPURS_TEST_PG_ADMIN_URL")


def _pg_url(admin_url: str, name: str) -> str:
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PG_ADMIN_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'pumpurs.db'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"pumpurs_test_{uuid.uuid4().hex[:8]}_{worker}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_url(PG_ADMIN_URL, name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    os.environ["DATABASE_URL"] = database_url
    config = alembic_config(database_url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        session = Session(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app()


def _test_client(app: FastAPI, db: Session) -> Iterator[TestClient]:
    def test_session() -> Iterator[Session]:
        # The test's own rows are released into the outer transaction first, so that a request
        # that fails rolls back only its own changes. Then the same commit-or-roll-back as a
        # real request, inside the test's transaction.
        db.commit()
        yield from in_transaction(db)

    app.dependency_overrides[get_session] = test_session
    # The suite reads the API's English texts; tests/core/test_messages.py checks the Latvian
    # default and the choice by Accept-Language.
    with TestClient(
        app, raise_server_exceptions=True, headers={"Accept-Language": "en"}
    ) as test_client:
        yield test_client
    app.dependency_overrides.clear()


@pytest.fixture
def client(app: FastAPI, db: Session) -> Iterator[TestClient]:
    yield from _test_client(app, db)


@pytest.fixture
def route_only(db: Session) -> Iterator[TestClient]:
    """The application without its lean reads (``backend.identity.lean``): every request
    answered by its route, to hold the lean answers to."""
    app = create_app()
    for layer in app.user_middleware:
        if layer.cls is LeanReads:
            layer.kwargs["routes"] = []
    yield from _test_client(app, db)


@pytest.fixture
def answered_lean(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the lean layer answered itself (not handed on to their routes)."""
    paths: list[str] = []
    answer = lean._answer

    def spy(scope: Any, route: Any, match: Any) -> Any:
        response = answer(scope, route, match)
        if response is not None:
            paths.append(scope["path"])
        return response

    direct = lean._direct

    async def direct_spy(scope: Any, route: Any, match: Any) -> Any:
        response = await direct(scope, route, match)
        if response is not None:
            paths.append(scope["path"])
        return response

    monkeypatch.setattr(lean, "_answer", spy)
    monkeypatch.setattr(lean, "_direct", direct_spy)
    return paths


@pytest.fixture
def world(db: Session) -> World:
    """Two municipalities, four schools (one a state vocational school), and a user per role."""
    return build_world(db)
