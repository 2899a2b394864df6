"""Imports as they run outside a request: a background job in a session of its own, and the
command line. Both commit, so they run on committed data and clean up after themselves."""

import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from backend.audit.models import AuditEvent
from backend.auth.principal import Principal
from backend.auth.roles import Role, ScopeType
from backend.core.security import encrypt_personal_code, personal_code_lookup_hash
from backend.integrations import imports
from backend.integrations.models import ImportJob, ImportStatus
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    InstitutionType,
    SchoolYear,
)
from backend.students.models import Enrollment, Guardian, Student, StudentGuardian
from tests.integrations.conftest import Committed

HEADER = "vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis"


@pytest.fixture
def school(committed: Committed) -> Iterator[Institution]:
    with committed.factory() as session:
        inst = Institution(
            name="Commit vidusskola",
            registration_number=f"{uuid.uuid4().int % 10**11:011d}",
            type=InstitutionType.general_municipal,
            municipality_id=committed.municipality.id,
            approval_route=ApprovalRoute.municipal,
        )
        session.add(inst)
        year = SchoolYear(
            name=f"T{uuid.uuid4().hex[:6]}",
            starts_on=date(2000, 9, 1),
            ends_on=date(2099, 8, 31),
        )
        session.add(year)
        session.flush()
        session.add(
            ClassGroup(institution_id=inst.id, school_year_id=year.id, grade=7, label="7.a")
        )
        session.commit()
    try:
        yield inst
    finally:
        with committed.factory() as session:
            students = select(Student.id).where(Student.institution_id == inst.id)
            guardians = select(StudentGuardian.guardian_id).where(
                StudentGuardian.student_id.in_(students)
            )
            guardian_ids = list(session.scalars(guardians))
            session.execute(delete(AuditEvent).where(AuditEvent.institution_id == inst.id))
            session.execute(delete(StudentGuardian).where(StudentGuardian.student_id.in_(students)))
            session.execute(delete(Guardian).where(Guardian.id.in_(guardian_ids)))
            session.execute(delete(Enrollment).where(Enrollment.institution_id == inst.id))
            session.execute(delete(Student).where(Student.institution_id == inst.id))
            session.execute(delete(ImportJob).where(ImportJob.institution_id == inst.id))
            session.execute(delete(ClassGroup).where(ClassGroup.institution_id == inst.id))
            session.execute(delete(SchoolYear).where(SchoolYear.id == year.id))
            session.execute(delete(Institution).where(Institution.id == inst.id))
            session.commit()


def _principal(inst: Institution) -> Principal:
    return Principal(
        role=Role.school_coordinator, scope_type=ScopeType.institution, scope_id=inst.id
    )


def _file(codes: list[str]) -> bytes:
    rows = [f"Vārds{i};Uzvārds{i};{c};17.05.2013;7.a;Aizbildnis {i}" for i, c in enumerate(codes)]
    return "\n".join([HEADER, *rows]).encode()


def _codes(n: int) -> list[str]:
    prefix = f"38{uuid.uuid4().int % 10_000:04d}"
    return [f"{prefix}-{i:05d}" for i in range(n)]


def _count(committed: Committed, inst: Institution) -> int:
    with committed.factory() as session:
        stmt = select(func.count()).where(Student.institution_id == inst.id)
        return session.scalar(stmt) or 0


def _start(committed: Committed, inst: Institution, data: bytes) -> imports.Prepared:
    with committed.factory() as session:
        prepared = imports.start(session, _principal(inst), inst.id, data, "skoleni.csv")
        session.commit()
    return prepared


def _run_in_background(committed: Committed, inst: Institution, prepared: imports.Prepared) -> None:
    thread = threading.Thread(
        target=imports.run_in_own_session,
        args=(_principal(inst), prepared.job.id, prepared.students, committed.factory),
    )
    thread.start()
    thread.join(60)


def _job(committed: Committed, job_id: uuid.UUID) -> ImportJob:
    with committed.factory() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        return job


def test_background_job_writes_every_row(committed: Committed, school: Institution) -> None:
    prepared = _start(committed, school, _file(_codes(1200)))
    assert _job(committed, prepared.job.id).status is ImportStatus.running
    _run_in_background(committed, school, prepared)
    job = _job(committed, prepared.job.id)
    assert job.status is ImportStatus.succeeded
    assert (job.total_rows, job.processed_rows, job.created_rows) == (1200, 1200, 1200)
    assert job.finished_at is not None
    assert _count(committed, school) == 1200


def test_a_failing_job_writes_nothing(committed: Committed, school: Institution) -> None:
    codes = _codes(1200)
    prepared = _start(committed, school, _file(codes))
    # Someone registers the student of row 1,000 after the check and before the write.
    with committed.factory() as session:
        session.add(
            Student(
                given_name="Jau",
                family_name="Reģistrēts",
                search_name="registrets jau",
                date_of_birth=date(2013, 5, 17),
                personal_code_encrypted=encrypt_personal_code(codes[998]),
                personal_code_hash=personal_code_lookup_hash(codes[998]),
                institution_id=school.id,
            )
        )
        session.commit()
    _run_in_background(committed, school, prepared)
    job = _job(committed, prepared.job.id)
    assert job.status is ImportStatus.failed
    assert job.error is not None
    assert _count(committed, school) == 1  # only the one registered meanwhile


def test_command_line_import(
    committed: Committed,
    school: Institution,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(imports, "new_session", committed.factory)
    path = tmp_path / "skoleni.csv"
    path.write_bytes(_file(_codes(50)))
    assert imports.import_from_command_line(path, str(school.id), dry_run=True) == 0
    assert _count(committed, school) == 0
    assert imports.import_from_command_line(path, str(school.id)) == 0
    assert _count(committed, school) == 50
    assert "50 students imported" in capsys.readouterr().err
    # The same file again: every row is now a duplicate, and nothing more is written.
    assert imports.import_from_command_line(path, str(school.id)) == 1
    assert "already registered" in capsys.readouterr().err
    assert _count(committed, school) == 50


def test_progress_is_visible_while_running(committed: Committed, school: Institution) -> None:
    prepared = _start(committed, school, _file(_codes(1200)))
    report = imports._report(prepared.job.id)
    report(500)
    assert imports.job_read(_job(committed, prepared.job.id)).processed_rows == 500
    report(1000)
    assert imports.job_read(_job(committed, prepared.job.id)).processed_rows == 1000
    _run_in_background(committed, school, prepared)
    read = imports.job_read(_job(committed, prepared.job.id))
    assert (read.status, read.processed_rows) == (ImportStatus.succeeded, 1200)
