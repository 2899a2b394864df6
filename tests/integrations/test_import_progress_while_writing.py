"""Polling an import's progress answers while another transaction holds the write lock (on
SQLite a writer locks the whole database; the poll must read a snapshot instead of queueing)."""

import threading
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, insert
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditAction, AuditEvent
from backend.core.db import get_session, in_transaction, utcnow
from backend.identity.models import RefreshToken
from backend.identity.roles import Role
from backend.integrations.models import ImportJob, ImportStatus
from backend.schools.models import Institution, Municipality
from backend.users.models import RoleAssignment, User
from tests import factories


@pytest.fixture
def committed_job(
    engine: Engine,
) -> Iterator[tuple[sessionmaker[Session], ImportJob, dict[str, str]]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        muni = factories.municipality(session, "Progresa novads")
        school = factories.institution(session, muni, name="Progresa skola")
        user, assignment = factories.user(session, Role.school_coordinator, school.id)
        job = ImportJob(
            kind="students",
            institution_id=school.id,
            created_by_id=user.id,
            status=ImportStatus.running,
            total_rows=10,
            problems=[],
        )
        session.add(job)
        headers = factories.headers_for(assignment)  # its login session is committed too
        session.commit()
    try:
        yield factory, job, headers
    finally:
        with factory() as session:
            session.execute(delete(ImportJob).where(ImportJob.id == job.id))
            session.execute(delete(RefreshToken).where(RefreshToken.user_id == user.id))
            session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == user.id))
            session.execute(delete(AuditEvent).where(AuditEvent.actor_user_id == user.id))
            session.execute(delete(User).where(User.id == user.id))
            session.execute(delete(Institution).where(Institution.id == school.id))
            session.execute(delete(Municipality).where(Municipality.id == muni.id))
            session.commit()


def test_progress_poll_is_not_blocked_by_a_running_write(
    app: FastAPI,
    committed_job: tuple[sessionmaker[Session], ImportJob, dict[str, str]],
) -> None:
    factory, job, headers = committed_job

    def real_session() -> Iterator[Session]:
        with factory() as session:
            yield from in_transaction(session)

    app.dependency_overrides[get_session] = real_session
    writer = factory()
    try:
        # Another transaction writes and holds its lock, as a long import does.
        now = utcnow()
        writer.execute(
            insert(AuditEvent),
            [
                {
                    "id": uuid.uuid4(),
                    "at": now,
                    "created_at": now,
                    "updated_at": now,
                    "action": AuditAction.create,
                    "resource_type": "test",
                    "actor_user_id": None,
                }
            ],
        )
        answered: list[int] = []

        def poll() -> None:
            with TestClient(app) as client:
                answered.append(
                    client.get(f"/api/v1/imports/{job.id}", headers=headers).status_code
                )

        poller = threading.Thread(target=poll)
        poller.start()
        poller.join(timeout=5)
        assert answered == [200], "the poll waited for the writer's transaction"
    finally:
        writer.rollback()
        writer.close()
        app.dependency_overrides.clear()
