"""Import jobs whose state lives in the database: a runner that dies is reported, not waited for."""

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.core.config import get_settings
from backend.core.db import get_session, in_transaction
from backend.main import create_app
from tests.integrations.conftest import ImportSchool, import_file, new_codes

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 3.0


def app_on(engine: Engine) -> FastAPI:
    """An app whose requests commit on ``engine``, as a deployed API process does."""
    app = create_app()
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    def real_session() -> Iterator[Session]:
        with factory() as session:
            yield from in_transaction(session)

    app.dependency_overrides[get_session] = real_session
    return app


@pytest.fixture
def short_heartbeat(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A runner silent for a few seconds counts as dead (a minute by default)."""
    monkeypatch.setenv("PUMPURS_IMPORT_STALE_SECONDS", str(STALE_SECONDS))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _lines(stream: IO[str]) -> "queue.Queue[str]":
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line.strip())
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    return lines


def _poll(client: TestClient, school: ImportSchool, job_id: str) -> dict[str, Any]:
    r = client.get(f"/api/v1/imports/{job_id}", headers=school.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.usefixtures("short_heartbeat")
def test_a_killed_import_is_reported_failed_and_wrote_nothing(
    engine: Engine, database_url: str, import_school: ImportSchool, tmp_path: Path
) -> None:
    errors = (tmp_path / "stderr.txt").open("w+")
    module = "tests.integrations.stalled_import"
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", module, str(import_school.institution.id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url},
    )
    with TestClient(app_on(engine)) as client:
        try:
            assert child.stdin is not None
            assert child.stdout is not None
            child.stdin.write(import_file(new_codes(1200)).decode())
            child.stdin.close()
            lines = _lines(child.stdout)
            started = lines.get(timeout=60)
            assert started.startswith("job "), errors.seek(0) or errors.read()
            job_id = started.removeprefix("job ")
            assert lines.get(timeout=60) == "written 500", errors.seek(0) or errors.read()

            # Alive (stalled, its transaction open) past the timeout: still running.
            time.sleep(STALE_SECONDS + 1)
            alive = _poll(client, import_school, job_id)
            assert alive["status"] == "running"
            if engine.dialect.name == "postgresql":
                assert alive["processed_rows"] == 500
        finally:
            child.kill()
            child.wait(30)

        deadline = time.monotonic() + 3 * STALE_SECONDS + 10
        job = _poll(client, import_school, job_id)
        while job["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.25)
            job = _poll(client, import_school, job_id)
    assert job["status"] == "failed"
    assert "interrupted" in job["error"]
    assert job["finished_at"] is not None
    assert job["created_rows"] == 0
    assert import_school.students() == 0
