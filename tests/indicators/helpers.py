"""Shared set-up of the early identification tests: a pushing API client and rows."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.schools.models import Semester
from tests.factories import World
from tests.integrations.helpers import Client, api_client
from tests.problems import API


def mid(semester: Semester) -> date:
    return semester.starts_on + timedelta(days=40)


def row(student_id: uuid.UUID, as_of: date, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "student_id": str(student_id),
        "as_of": as_of.isoformat(),
        "lessons": 200,
        "absences_excused": 0,
        "absences_unexcused": 0,
    }
    base.update(values)
    return base


@dataclass
class Pusher:
    client: TestClient
    it: Client

    def push(self, rows: list[dict[str, Any]], batch_id: str | None = None) -> dict[str, Any]:
        r = self.client.post(
            f"{API}/indicators/batches",
            json={"batch_id": batch_id or uuid.uuid4().hex, "rows": rows},
            headers=self.it.headers,
        )
        assert r.status_code == 200, r.text
        return dict(r.json())


def pusher(db: Session, client: TestClient, w: World, national: bool = False) -> Pusher:
    return Pusher(client, api_client(db, None if national else w.muni_a.id))


def flags(client: TestClient, headers: dict[str, str], student_id: uuid.UUID) -> dict[str, Any]:
    r = client.get(f"{API}/students/{student_id}/indicators", headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def levels(
    client: TestClient, headers: dict[str, str], student_id: uuid.UUID, semester_id: uuid.UUID
) -> dict[str, tuple[str, float, float]]:
    """Indicator → (level, value, threshold) of the student's flags in a semester."""
    return {
        f["indicator"]: (f["level"], float(f["value"]), float(f["threshold"]))
        for f in flags(client, headers, student_id)["flags"]
        if f["semester_id"] == str(semester_id)
    }
