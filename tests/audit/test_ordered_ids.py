"""On PostgreSQL the audit events of a page's reads get ids in time order (UUID version 7), so
that they land together in the primary key's index."""

import time
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent, ResourceType
from tests import factories
from tests.conftest import PG_ADMIN_URL
from tests.factories import World
from tests.problems import API

pytestmark = pytest.mark.skipif(
    not PG_ADMIN_URL, reason="SQLite keeps random ids: its primary key is the table itself"
)


def test_a_pages_reads_have_time_ordered_ids(client: TestClient, db: Session, world: World) -> None:
    for i in range(3):
        factories.student(db, world.a1, world.class_a1, family_name=f"Bērziņa {i}")
    before_ms = int(time.time() * 1000)
    r = client.get(f"{API}/students", headers=world.h("ikvd"))
    assert r.status_code == 200, r.text
    after_ms = int(time.time() * 1000)
    ids = db.scalars(
        select(AuditEvent.id).where(AuditEvent.resource_type == ResourceType.student)
    ).all()
    assert len(ids) == len(r.json()["items"]) >= 3
    for id in ids:
        assert uuid.UUID(str(id)).version == 7
        millis = int.from_bytes(uuid.UUID(str(id)).bytes[:6], "big")
        assert before_ms - 1000 <= millis <= after_ms + 1000
    assert len(set(ids)) == len(ids)
