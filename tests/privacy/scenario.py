"""A student with a whole plan life behind them, built over HTTP: guardian, consent, assessment,
measures, a delivery, approvals, notes (one restricted), an NGO activity link, evaluation, close."""

import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.db import local_today
from backend.ngo.models import ActivityMeasureLink
from backend.students.models import Student
from tests.factories import World
from tests.ngo import factories as nf
from tests.plans.helpers import act, activate, factor_id
from tests.problems import API


@dataclass
class Lived:
    student: Student
    plan_id: str
    measure_id: str


def closed_plan(client: TestClient, db: Session, world: World, *, link_activity: bool) -> Lived:
    draft = activate(client, db, world, "a1", sensitive=True)
    (measure,) = draft.body["measures"]
    r = client.post(
        f"{API}/measures/{measure['id']}/deliveries",
        json={
            "delivered_on": str(local_today()),
            "duration_minutes": 45,
            "confirmation": "signature",
            "note": "Strādājām ar daļskaitļiem",
        },
        headers=world.h("teacher_a1"),
    )
    assert r.status_code == 201, r.text
    for actor, restricted in (("teacher_a1", False), ("specialist_a1", True)):
        r = client.post(
            f"{API}/plans/{draft.id}/notes",
            json={"text": f"Piezīme ({actor})", "restricted": restricted},
            headers=world.h(actor),
        )
        assert r.status_code == 201, r.text
    if link_activity:
        scene = nf.scene(db, world)
        db.add(
            ActivityMeasureLink(activity_id=scene.activity.id, measure_id=uuid.UUID(measure["id"]))
        )
        db.flush()
    act(
        client,
        world,
        draft.id,
        "evaluate",
        "school_coord_a1",
        {
            "outcome": "partly_met",
            "narrative": "Sekmes uzlabojās",
            "levels_after": [{"risk_factor_id": factor_id(db, "LS01"), "level_after": "low"}],
        },
    )
    act(client, world, draft.id, "close", "school_coord_a1")
    return Lived(draft.student, draft.id, measure["id"])
