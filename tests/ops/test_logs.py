"""Request logs: JSON lines that carry the request id of the response and of the audit events,
the route template, status, duration and the caller's role and id; never names or codes."""

import io
import json
import logging
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.core.logs import JsonFormatter, quiet_libraries
from tests import factories as f
from tests.factories import World


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged during the test, through the production formatter."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet_libraries()  # as configure_logging does in the served process
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_request_line_matches_response_and_audit(
    client: TestClient, world: World, db: Session, log_lines: io.StringIO
) -> None:
    coordinator = world.actors["school_coord_a1"]
    code = f.legacy_code(date(2012, 3, 4))
    body = {
        "given_name": "Kristiāna",
        "family_name": "Vītoliņa",
        "date_of_birth": "2012-03-04",
        "personal_code": code,
        "institution_id": str(world.a1.id),
        "class_group_id": str(world.class_a1.id),
    }
    r = client.post(
        "/api/v1/students",
        json=body,
        headers=coordinator.headers | {"X-Request-ID": "req-test-0001"},
    )
    assert r.status_code == 201, r.text
    assert r.headers["X-Request-ID"] == "req-test-0001"
    student_id = r.json()["id"]
    # A search by personal code puts the code in the query string; a 404 is a problem+json.
    found = client.get(
        "/api/v1/students", params={"personal_code": code}, headers=coordinator.headers
    )
    assert found.status_code == 200
    missing = client.get(f"/api/v1/students/{world.a1.id}", headers=coordinator.headers)
    assert missing.status_code == 404
    assert missing.json()["request_id"] == missing.headers["X-Request-ID"]

    lines = _lines(log_lines)
    [created] = [line for line in lines if line.get("request_id") == "req-test-0001"]
    assert created["route"] == "/api/v1/students"
    assert created["method"] == "POST"
    assert created["status"] == 201
    assert isinstance(created["duration_ms"], float)
    assert created["actor_role"] == "school_coordinator"
    assert created["actor_id"] == str(coordinator.user.id)
    assert created["level"] == "info"
    assert "time" in created
    audited = db.scalars(
        select(AuditEvent.request_id).where(
            AuditEvent.resource_id == student_id, AuditEvent.action == AuditAction.create
        )
    ).all()
    assert audited
    assert set(audited) == {"req-test-0001"}
    [not_found] = [x for x in lines if x.get("request_id") == missing.headers["X-Request-ID"]]
    assert (not_found["route"], not_found["status"]) == ("/api/v1/students/{student_id}", 404)

    text = log_lines.getvalue()
    for secret in ("Kristiāna", "Vītoliņa", code, code.replace("-", "")):
        assert secret not in text


def test_a_made_up_request_id_when_none_or_unsafe(
    client: TestClient, log_lines: io.StringIO
) -> None:
    r = client.get("/api/v1/health", headers={"X-Request-ID": "bad id\twith spaces"})
    made = r.headers["X-Request-ID"]
    assert made != "bad id\twith spaces"
    assert len(made) == 32
    [line] = [x for x in _lines(log_lines) if x.get("request_id") == made]
    assert line["route"] == "/api/v1/health"
    assert "actor_role" not in line
