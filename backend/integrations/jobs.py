"""The progress and the sign of life of running import jobs, kept where every API process sees them.

An import writes its rows in one transaction, committed at its end. Its progress and a heartbeat
go through short transactions of their own on another connection, so a poll served by any process
sees them while the rows are still uncommitted. A job whose process died stops beating: once it is
silent for ``import_stale_seconds`` it is marked failed as interrupted — when it is read, and by
the worker — and the rows of its transaction, never committed, do not exist.

SQLite lets one connection write at a time and the import holds that lock until it commits, so
there the progress stays in the memory of the process that runs the import (SQLite serves a single
process) and the lock itself is the sign of life: a silent job is interrupted only while nobody
holds it.
"""

import logging
import threading
import uuid
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from backend.core.clock import utcnow
from backend.integrations import repository
from backend.integrations.models import ImportJob, ImportStatus

log = logging.getLogger("pumpurs.imports")

INTERRUPTED = "The import was interrupted (its process stopped) and nothing was written"

# Beats per stale period: a few missed beats (a busy machine) do not make a job look dead.
BEATS_PER_PERIOD = 6

# Rows written so far by the imports this process runs where no other connection may write.
_local: dict[uuid.UUID, int] = {}
_local_lock = threading.Lock()


def shares_writes(engine: Engine) -> bool:
    """Whether other connections can write while an import's transaction is open."""
    return engine.dialect.name != "sqlite"


def local_progress(job_id: uuid.UUID) -> int | None:
    """Rows written so far by a job that this process runs and keeps in memory, else None."""
    with _local_lock:
        return _local.get(job_id)


class JobTracker:
    """Reports the progress of one job and keeps it alive while this process runs it."""

    def __init__(self, engine: Engine, job_id: uuid.UUID, stale_seconds: float) -> None:
        self.engine = engine
        self.job_id = job_id
        self.interval = stale_seconds / BEATS_PER_PERIOD
        self.shared = shares_writes(engine)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "JobTracker":
        if self.shared:
            self._write()
            self._thread = threading.Thread(
                target=self._beat, name=f"pumpurs-import-{self.job_id}", daemon=True
            )
            self._thread.start()
        else:
            with _local_lock:
                _local[self.job_id] = 0
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop reporting; the job's own transaction writes its outcome afterwards."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with _local_lock:
            _local.pop(self.job_id, None)

    def report(self, done: int) -> None:
        if self.shared:
            self._write(processed_rows=done)
        else:
            with _local_lock:
                _local[self.job_id] = done

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            self._write()

    def _write(self, **values: Any) -> None:
        try:
            repository.beat(self.engine, self.job_id, utcnow(), values)
        except SQLAlchemyError as exc:
            # Progress is for the people waiting; the import itself goes on.
            log.warning("progress of import job %s not stored: %s", self.job_id, exc)


def is_silent(job: ImportJob, stale_seconds: float, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return job.status is ImportStatus.running and job.heartbeat_at < now - timedelta(
        seconds=stale_seconds
    )


def interrupt_silent(
    engine: Engine, stale_seconds: float, job_id: uuid.UUID | None = None
) -> dict[uuid.UUID, datetime]:
    """Fail the running jobs (or the one job) silent for longer than ``stale_seconds``, in a
    short transaction of their own. Returns the jobs failed, with the time they were."""
    now = utcnow()
    with _local_lock:
        alive_here = list(_local)
    try:
        failed = repository.fail_silent_jobs(
            engine,
            now,
            silent_since=now - timedelta(seconds=stale_seconds),
            error=INTERRUPTED,
            job_id=job_id,
            alive_here=alive_here,
        )
    except SQLAlchemyError as exc:
        # SQLite: someone holds the write lock, perhaps the job itself; decide on a later look.
        log.debug("import jobs not checked for interruption: %s", exc)
        return {}
    for failed_id in failed:
        log.warning("import job %s interrupted: its process stopped", failed_id)
    return dict.fromkeys(failed, now)


def finish(session: Session, job_id: uuid.UUID, processed: int, created: int) -> bool:
    """Mark a running job succeeded in the caller's transaction; False when it was declared
    interrupted meanwhile (the caller then rolls its work back)."""
    return repository.finish_running_job(session, job_id, created, utcnow(), processed)


def fail(session: Session, job_id: uuid.UUID, error: str) -> None:
    """Mark a job that still runs failed with ``error`` (a job already failed stays as it is)."""
    job = repository.job_by_id(session, job_id)
    if job is None or job.status is not ImportStatus.running:
        return
    job.status = ImportStatus.failed
    job.error = error
    job.finished_at = utcnow()
