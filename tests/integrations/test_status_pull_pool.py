"""An API client's status pull as a deployed API process answers it: one statement on a
connection of the one-statement pool, in autocommit, on committed data (the other tests run
inside a test transaction, through the request session)."""

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, event, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditEvent
from backend.core.config import get_settings
from backend.core.db import _session_factory, get_engine
from backend.identity.models import RefreshToken
from backend.identity.roles import Role
from backend.integrations.models import ApiClient
from backend.main import create_app
from backend.plans.models import SupportPlan
from backend.schools.models import Institution, Municipality, SchoolYear, Semester
from backend.students.models import Enrollment, Student
from backend.users.models import RoleAssignment, User
from tests import factories
from tests.conftest import PG_ADMIN_URL
from tests.integrations.helpers import api_client

pytestmark = pytest.mark.skipif(not PG_ADMIN_URL, reason="the one-statement pool is PostgreSQL's")


@dataclass
class Pulled:
    factory: sessionmaker[Session]
    plan_id: uuid.UUID
    client_id: uuid.UUID
    headers: dict[str, str]

    def audited(self) -> int:
        with self.factory() as s:
            stmt = select(func.count()).where(
                AuditEvent.resource_id == str(self.plan_id),
                AuditEvent.actor_client_id == self.client_id,
            )
            return s.scalar(stmt) or 0


@pytest.fixture
def pulled(engine: Engine) -> Iterator[Pulled]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as s:
        muni = factories.municipality(s, "Pūla novads")
        inst = factories.institution(s, muni)
        year, semesters = factories.school_year(s, random.randint(2200, 2900))
        author, _ = factories.user(s, Role.school_coordinator, inst.id)
        stu = factories.student(s, inst)
        plan = SupportPlan(
            code=f"IAP-POOL-{uuid.uuid4().hex[:8]}",
            student_id=stu.id,
            institution_id=inst.id,
            semester_id=semesters[0].id,
            author_id=author.id,
        )
        s.add(plan)
        client = api_client(s, muni.id)
        s.commit()
    try:
        yield Pulled(factory, plan.id, client.row.id, client.headers)
    finally:
        with factory() as s:
            s.execute(delete(AuditEvent).where(AuditEvent.institution_id == inst.id))
            s.execute(delete(AuditEvent).where(AuditEvent.actor_client_id == client.row.id))
            s.execute(delete(SupportPlan).where(SupportPlan.id == plan.id))
            s.execute(delete(ApiClient).where(ApiClient.id == client.row.id))
            s.execute(delete(Enrollment).where(Enrollment.student_id == stu.id))
            s.execute(delete(Student).where(Student.id == stu.id))
            s.execute(delete(RefreshToken).where(RefreshToken.user_id == author.id))
            s.execute(delete(RoleAssignment).where(RoleAssignment.user_id == author.id))
            s.execute(delete(User).where(User.id == author.id))
            s.execute(delete(Semester).where(Semester.school_year_id == year.id))
            s.execute(delete(SchoolYear).where(SchoolYear.id == year.id))
            s.execute(delete(Institution).where(Institution.id == inst.id))
            s.execute(delete(Municipality).where(Municipality.id == muni.id))
            s.commit()


@pytest.fixture
def deployed(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The application as it runs deployed: its own engine and pools on the database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    for cached in (get_settings, get_engine, _session_factory):
        cached.cache_clear()
    try:
        with TestClient(create_app(), headers={"Accept-Language": "en"}) as client:
            yield client
    finally:
        get_engine().dispose()
        for cached in (get_settings, get_engine, _session_factory):
            cached.cache_clear()


def test_a_pull_is_one_statement_on_the_pool_and_keeps_every_rule(
    deployed: TestClient, pulled: Pulled
) -> None:
    url = f"/api/v1/plans/{pulled.plan_id}/status"
    checkouts: list[Any] = []

    def checkout(*_args: Any) -> None:
        checkouts.append(1)

    event.listen(get_engine(), "checkout", checkout)
    try:
        r = deployed.get(url, headers=pulled.headers)
        assert r.status_code == 200, r.text
        assert r.json()["plan_id"] == str(pulled.plan_id)
        etag = r.headers["etag"]
        assert pulled.audited() == 1  # committed with the read
        with pulled.factory() as s:
            assert s.get(ApiClient, pulled.client_id).last_used_at is not None  # type: ignore[union-attr]

        # The caller holds the version: a 304, nothing recorded.
        r = deployed.get(url, headers=pulled.headers | {"If-None-Match": etag})
        assert r.status_code == 304
        assert r.headers["etag"] == etag
        assert pulled.audited() == 1
        # Neither answer took a connection of the sessions' pool.
        assert checkouts == []
    finally:
        event.remove(get_engine(), "checkout", checkout)

    # Revoked: refused at once (the route answers why), and nothing is read or recorded.
    with pulled.factory() as s:
        s.execute(update(ApiClient).where(ApiClient.id == pulled.client_id).values(active=False))
        s.commit()
    r = deployed.get(url, headers=pulled.headers)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert pulled.audited() == 1


def test_a_plan_out_of_the_clients_scope_is_not_found(deployed: TestClient, pulled: Pulled) -> None:
    with pulled.factory() as s:
        other = factories.municipality(s, "Cits novads")
        outsider = api_client(s, other.id)
        s.commit()
    try:
        r = deployed.get(f"/api/v1/plans/{pulled.plan_id}/status", headers=outsider.headers)
        assert r.status_code == 404
        assert pulled.audited() == 0
    finally:
        with pulled.factory() as s:
            s.execute(delete(AuditEvent).where(AuditEvent.actor_client_id == outsider.row.id))
            s.execute(delete(ApiClient).where(ApiClient.id == outsider.row.id))
            s.execute(delete(Municipality).where(Municipality.id == other.id))
            s.commit()
