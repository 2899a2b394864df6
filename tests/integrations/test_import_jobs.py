"""Import jobs whose state lives in the database: a runner that dies is reported, not waited for."""

import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from fastapi import BackgroundTasks, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, update
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditAction, AuditEvent
from backend.core.config import get_settings
from backend.core.db import get_session, in_transaction, make_engine, utcnow
from backend.identity.principal import Principal
from backend.integrations import imports, jobs
from backend.integrations.models import ImportJob, ImportStatus
from backend.integrations.router import ImportRunner, import_runner
from backend.integrations.worker import WebhookWorker
from backend.main import create_app
from tests.conftest import PG_ADMIN_URL
from tests.integrations.conftest import ImportSchool, import_file, new_codes

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 4.0


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


class Paced:
    """Imports that stop after each batch until the test lets them go on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.batches: queue.Queue[int] = queue.Queue()
        self.go_on = threading.Semaphore(0)
        write = imports.write

        def paced_write(*args: Any) -> int:
            *rows, progress = args

            def report(done: int) -> None:
                progress(done)
                self.batches.put(done)
                if not self.go_on.acquire(timeout=60):
                    raise TimeoutError("the test did not let the import go on")

            return write(*rows, report)

        monkeypatch.setattr(imports, "write", paced_write)

    def release_all(self) -> None:
        for _ in range(100):
            self.go_on.release()


def _background_runner(factory: sessionmaker[Session], threads: list[threading.Thread]) -> Any:
    """Like the app's runner (after the answer, so on the committed job), on a thread of its
    own: the test client would otherwise wait for the whole import before it answers."""

    def runner(background: BackgroundTasks) -> ImportRunner:
        def schedule(principal: Principal, prepared: imports.Prepared) -> None:
            thread = threading.Thread(
                target=imports.run_in_own_session,
                args=(principal, prepared.job.id, prepared.students, factory),
            )
            threads.append(thread)
            background.add_task(thread.start)

        return schedule

    return runner


def _post_import(client: TestClient, school: ImportSchool, rows: int) -> str:
    r = client.post(
        "/api/v1/imports/students",
        files={"file": ("skoleni.csv", import_file(new_codes(rows)), "text/csv")},
        data={"institution_id": str(school.institution.id)},
        headers=school.headers,
    )
    assert r.status_code == 202, r.text
    job_id: str = r.json()["id"]
    return job_id


@pytest.mark.skipif(
    not PG_ADMIN_URL, reason="SQLite serves one process: its writer locks the whole file"
)
def test_an_import_started_through_one_process_is_followed_through_another(
    database_url: str, import_school: ImportSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine_a, engine_b = make_engine(database_url), make_engine(database_url)
    app_a, app_b = app_on(engine_a), app_on(engine_b)
    paced = Paced(monkeypatch)
    threads: list[threading.Thread] = []
    factory_a = sessionmaker(bind=engine_a, expire_on_commit=False)
    app_a.dependency_overrides[import_runner] = _background_runner(factory_a, threads)
    school_b = replace(import_school, factory=sessionmaker(bind=engine_b))
    try:
        with TestClient(app_a) as a, TestClient(app_b) as b:
            job_id = _post_import(a, import_school, 1200)
            for written in (500, 1000, 1200):
                assert paced.batches.get(timeout=60) == written
                # B sees how far A got while A's rows are still uncommitted.
                job = _poll(b, import_school, job_id)
                assert (job["status"], job["processed_rows"]) == ("running", written)
                assert job["total_rows"] == 1200
                assert school_b.students() == 0
                paced.go_on.release()
            threads[0].join(60)
            job = _poll(b, import_school, job_id)
        assert job["status"] == "succeeded"
        assert (job["processed_rows"], job["created_rows"]) == (1200, 1200)
        assert job["finished_at"] is not None
        assert school_b.students() == 1200
    finally:
        paced.release_all()
        for thread in threads:
            thread.join(60)
        engine_a.dispose()
        engine_b.dispose()


def _job_row(school: ImportSchool, status: ImportStatus, heartbeat_age: timedelta) -> uuid.UUID:
    with school.factory() as session:
        job = ImportJob(
            kind="students",
            institution_id=school.institution.id,
            created_by_id=school.coordinator.user_id,
            status=status,
            total_rows=1200,
            processed_rows=500,
            problems=[],
            heartbeat_at=utcnow() - heartbeat_age,
        )
        session.add(job)
        session.commit()
        return job.id


def _status(school: ImportSchool, job_id: uuid.UUID) -> tuple[ImportStatus, str | None]:
    with school.factory() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        return job.status, job.error


def test_a_job_left_running_by_a_dead_process_is_failed_when_read(
    engine: Engine, import_school: ImportSchool
) -> None:
    dead = _job_row(import_school, ImportStatus.running, timedelta(hours=1))
    alive = _job_row(import_school, ImportStatus.running, timedelta(seconds=5))
    with TestClient(app_on(engine)) as client:
        job = _poll(client, import_school, str(dead))
        assert job["status"] == "failed"
        assert job["error"] == jobs.INTERRUPTED
        assert job["finished_at"] is not None
        assert _poll(client, import_school, str(dead))["status"] == "failed"
        assert _poll(client, import_school, str(alive))["status"] == "running"
    assert _status(import_school, dead) == (ImportStatus.failed, jobs.INTERRUPTED)
    assert _status(import_school, alive) == (ImportStatus.running, None)


def test_the_worker_fails_jobs_whose_process_died(import_school: ImportSchool) -> None:
    dead = _job_row(import_school, ImportStatus.running, timedelta(hours=1))
    alive = _job_row(import_school, ImportStatus.running, timedelta(seconds=5))
    done = _job_row(import_school, ImportStatus.succeeded, timedelta(hours=1))
    worker = WebhookWorker(import_school.factory, get_settings())
    worker.start()  # as at the start of an API process, or with ``make worker``
    try:
        deadline = time.monotonic() + 30
        while _status(import_school, dead)[0] is ImportStatus.running:
            assert time.monotonic() < deadline, "the worker left a dead job running"
            time.sleep(0.1)
    finally:
        worker.stop()
    assert _status(import_school, dead) == (ImportStatus.failed, jobs.INTERRUPTED)
    assert _status(import_school, alive) == (ImportStatus.running, None)
    assert _status(import_school, done) == (ImportStatus.succeeded, None)


@pytest.mark.skipif(
    not PG_ADMIN_URL, reason="on SQLite nobody else can write while an import holds the lock"
)
def test_an_import_declared_interrupted_meanwhile_commits_nothing(
    engine: Engine, import_school: ImportSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    paced = Paced(monkeypatch)
    threads: list[threading.Thread] = []
    app = app_on(engine)
    app.dependency_overrides[import_runner] = _background_runner(import_school.factory, threads)
    try:
        with TestClient(app) as client:
            job_id = _post_import(client, import_school, 1200)
            assert paced.batches.get(timeout=60) == 500
            # Its heartbeat went unseen for too long (a stalled machine): declared interrupted.
            with engine.begin() as conn:
                conn.execute(
                    update(ImportJob)
                    .where(ImportJob.id == uuid.UUID(job_id))
                    .values(heartbeat_at=utcnow() - timedelta(hours=1))
                )
            failed = jobs.interrupt_silent(engine, 60, uuid.UUID(job_id))
            assert list(failed) == [uuid.UUID(job_id)]
            paced.release_all()
            threads[0].join(60)
            job = _poll(client, import_school, job_id)
    finally:
        paced.release_all()
    assert (job["status"], job["error"], job["created_rows"]) == ("failed", jobs.INTERRUPTED, 0)
    assert import_school.students() == 0


def test_a_silent_job_is_judged_without_queueing_behind_a_writer(
    engine: Engine, import_school: ImportSchool
) -> None:
    silent = _job_row(import_school, ImportStatus.running, timedelta(hours=1))
    writer = import_school.factory()
    try:
        # Another transaction writes and holds its lock, as a long import does.
        writer.execute(
            insert(AuditEvent).values(
                id=uuid.uuid4(),
                at=utcnow(),
                action=AuditAction.create,
                resource_type="test",
                institution_id=import_school.institution.id,
            )
        )
        with TestClient(app_on(engine)) as client:
            started = time.monotonic()
            job = _poll(client, import_school, str(silent))
            assert time.monotonic() - started < 5, "the poll queued for the write lock"
        # On SQLite the lock's holder may be the job itself, so it is not judged while anyone
        # writes; on PostgreSQL the heartbeat alone decides.
        sqlite = engine.dialect.name == "sqlite"
        assert job["status"] == ("running" if sqlite else "failed")
    finally:
        writer.rollback()
        writer.close()
    with TestClient(app_on(engine)) as client:
        assert _poll(client, import_school, str(silent))["status"] == "failed"
