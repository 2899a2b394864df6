"""Imports as they run outside a request: a background job in a session of its own, and the
command line. Both commit, so they run on committed data and clean up after themselves."""

import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from backend.core.security import encrypt_personal_code, personal_code_lookup_hash
from backend.integrations import imports, jobs
from backend.integrations.models import ImportJob, ImportStatus
from backend.integrations.schemas import ImportJobRead
from backend.students.models import Student
from tests.integrations.conftest import ImportSchool
from tests.integrations.conftest import import_file as _file
from tests.integrations.conftest import new_codes as _codes


def _start(school: ImportSchool, data: bytes) -> imports.Prepared:
    with school.factory() as session:
        prepared = imports.start(
            session, school.principal, school.institution.id, data, "skoleni.csv"
        )
        session.commit()
    return prepared


def _run_in_background(school: ImportSchool, prepared: imports.Prepared) -> None:
    thread = threading.Thread(
        target=imports.run_in_own_session,
        args=(school.principal, prepared.job.id, prepared.students, school.factory),
    )
    thread.start()
    thread.join(60)


def _job(school: ImportSchool, job_id: uuid.UUID) -> ImportJob:
    with school.factory() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        return job


def _read(school: ImportSchool, job_id: uuid.UUID) -> ImportJobRead:
    with school.factory() as session:
        return imports.read_job(session, school.principal, job_id)


def test_background_job_writes_every_row(import_school: ImportSchool) -> None:
    prepared = _start(import_school, _file(_codes(1200)))
    assert _job(import_school, prepared.job.id).status is ImportStatus.running
    _run_in_background(import_school, prepared)
    job = _job(import_school, prepared.job.id)
    assert job.status is ImportStatus.succeeded
    assert (job.total_rows, job.processed_rows, job.created_rows) == (1200, 1200, 1200)
    assert job.finished_at is not None
    assert import_school.students() == 1200


def test_a_failing_job_writes_nothing(import_school: ImportSchool) -> None:
    codes = _codes(1200)
    prepared = _start(import_school, _file(codes))
    # Someone registers the student of row 1,000 after the check and before the write.
    with import_school.factory() as session:
        session.add(
            Student(
                given_name="Jau",
                family_name="Reģistrēts",
                search_name="registrets jau",
                date_of_birth=date(2013, 5, 17),
                personal_code_encrypted=encrypt_personal_code(codes[998]),
                personal_code_hash=personal_code_lookup_hash(codes[998]),
                institution_id=import_school.institution.id,
            )
        )
        session.commit()
    _run_in_background(import_school, prepared)
    job = _job(import_school, prepared.job.id)
    assert job.status is ImportStatus.failed
    assert job.error is not None
    assert import_school.students() == 1  # only the one registered meanwhile


def test_command_line_import(
    import_school: ImportSchool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(imports, "new_session", import_school.factory)
    path = tmp_path / "skoleni.csv"
    path.write_bytes(_file(_codes(50)))
    institution = str(import_school.institution.id)
    assert imports.import_from_command_line(path, institution, dry_run=True) == 0
    assert import_school.students() == 0
    assert imports.import_from_command_line(path, institution) == 0
    assert import_school.students() == 50
    assert "50 students imported" in capsys.readouterr().err
    # The same file again: every row is now a duplicate, and nothing more is written.
    assert imports.import_from_command_line(path, institution) == 1
    assert "already registered" in capsys.readouterr().err
    assert import_school.students() == 50


def test_progress_is_visible_while_running(engine: Engine, import_school: ImportSchool) -> None:
    prepared = _start(import_school, _file(_codes(1200)))
    with jobs.JobTracker(engine, prepared.job.id, stale_seconds=60) as tracker:
        tracker.report(500)
        assert _read(import_school, prepared.job.id).processed_rows == 500
        tracker.report(1000)
        assert _read(import_school, prepared.job.id).processed_rows == 1000
    _run_in_background(import_school, prepared)
    read = _read(import_school, prepared.job.id)
    assert (read.status, read.processed_rows) == (ImportStatus.succeeded, 1200)
