"""Building plans over HTTP for the plan and intervention tests."""

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.db import local_today
from backend.plans.measures.models import Measure, MeasureType
from backend.plans.models import PlanHistoryEntry, SupportPlan
from backend.risks.models import RiskFactor
from backend.schools.models import ClassGroup, Institution, Semester
from backend.students.models import Student
from tests import factories as f
from tests.factories import World

# The class of each world institution's students, by institution attribute.
CLASSES = {"a1": "class_a1", "b1": "class_b1", "v1": "class_v1"}


@dataclass
class Draft:
    id: str
    student: Student
    body: dict[str, Any]

    @property
    def etag(self) -> str:
        return f'"{self.body["version"]}"'


def factor_id(db: Session, code: str) -> str:
    return str(db.scalar(select(RiskFactor.id).where(RiskFactor.code == code)))


def measure_type_id(db: Session, category: str) -> str:
    stmt = select(MeasureType.id).where(MeasureType.category == category)
    return str(db.scalar(stmt.order_by(MeasureType.position).limit(1)))


def enrolled_student(
    db: Session,
    world: World,
    school: str = "a1",
    *,
    consent: bool = True,
    group: ClassGroup | None = None,
) -> Student:
    inst: Institution = getattr(world, school)
    group = group or getattr(world, CLASSES.get(school, "class_a1"))
    if group.institution_id != inst.id:
        group = f.class_group(db, inst, world.year, grade=7)
    stu = f.student(db, inst, group, given_name="Jānis", family_name=f"Tests{uuid.uuid4().hex[:6]}")
    if consent:
        f.consent(db, stu, f.guardian(db, stu), world.year)
    return stu


def create(
    client: TestClient,
    world: World,
    student: Student,
    author: str = "teacher_a1",
    semester: int = 0,
) -> dict[str, Any]:
    r = client.post(
        "/api/v1/plans",
        json={
            "student_id": str(student.id),
            "semester_id": str(world.semesters[semester].id),
            "goals": "Uzlabot sekmes matemātikā",
        },
        headers=world.h(author),
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def assess(
    client: TestClient,
    world: World,
    plan: dict[str, Any],
    factors: list[tuple[str, str]],
    author: str = "teacher_a1",
    **extra: Any,
) -> dict[str, Any]:
    r = client.put(
        f"/api/v1/plans/{plan['id']}/risk-assessment",
        json={
            "rated_factors": [
                {"risk_factor_id": fid, "level": level, "note": f"piezīme {level}"}
                for fid, level in factors
            ],
            "protective_factors": "Patīk sports",
            **extra,
        },
        headers=world.h(author) | {"If-Match": f'"{plan["version"]}"'},
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def measure_defaults(
    client: TestClient,
    world: World,
    plan_id: str,
    body: dict[str, Any],
    author: str = "teacher_a1",
) -> dict[str, Any]:
    """``body`` with what a valid measure needs and it leaves out: its dates inside the plan's
    semester and a rated factor it addresses."""
    if {"starts_on", "ends_on", "addressed_factor_ids"} <= set(body):
        return body
    plan = client.get(f"/api/v1/plans/{plan_id}", headers=world.h(author)).json()
    semester = next(s for s in world.semesters if str(s.id) == plan["semester"]["id"])
    today = local_today()
    start = min(max(today, semester.starts_on), semester.ends_on)
    rated = [f["risk_factor_id"] for f in plan["risk_assessment"]["rated_factors"]]
    return {
        "starts_on": str(start),
        "ends_on": str(semester.ends_on),
        "addressed_factor_ids": rated[:1],
    } | body


def add_measure(
    client: TestClient,
    world: World,
    plan_id: str,
    body: dict[str, Any],
    author: str = "teacher_a1",
) -> dict[str, Any]:
    """Add a measure; dates and the addressed factor a test leaves out are filled in: from
    today (or the semester's start) to the semester's end, the plan's first rated factor."""
    body = measure_defaults(client, world, plan_id, body, author)
    r = client.post(f"/api/v1/plans/{plan_id}/measures", json=body, headers=world.h(author))
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def ready_draft(
    client: TestClient,
    db: Session,
    world: World,
    school: str = "a1",
    *,
    author: str | None = None,
    responsible: str | None = None,
    sensitive: bool = False,
) -> Draft:
    """A draft with consent, a rated factor and a consultation: ready to submit."""
    author = author or f"teacher_{school}"
    stu = enrolled_student(db, world, school)
    plan = create(client, world, stu, author)
    factors = [(factor_id(db, "LS01"), "medium")]
    if sensitive:
        factors.append((factor_id(db, "SH02"), "high"))
    plan = assess(client, world, plan, factors, author)
    resp = world.actors[responsible or author].user.id
    add_measure(
        client,
        world,
        plan["id"],
        {
            "measure_type_id": measure_type_id(db, "consultation"),
            "subject": "Matemātika",
            "responsible_user_id": str(resp),
            "addressed_factor_ids": [fid for fid, _ in factors],
            "planned_quantity": 10,
            "starts_on": str(local_today()),
        },
        author,
    )
    r = client.get(f"/api/v1/plans/{plan['id']}", headers=world.h(author))
    return Draft(plan["id"], stu, r.json())


def act(
    client: TestClient,
    world: World,
    plan_id: str,
    action: str,
    actor: str,
    body: dict[str, Any] | None = None,
    expect: int = 200,
) -> dict[str, Any]:
    r = client.post(f"/api/v1/plans/{plan_id}/{action}", json=body, headers=world.h(actor))
    assert r.status_code == expect, r.text
    result: dict[str, Any] = r.json()
    return result


def activate(client: TestClient, db: Session, world: World, school: str = "a1", **kw: Any) -> Draft:
    draft = ready_draft(client, db, world, school, **kw)
    act(client, world, draft.id, "submit", kw.get("author") or f"teacher_{school}")
    act(client, world, draft.id, "approve", f"director_{school}", {})
    if school != "v1":
        act(
            client,
            world,
            draft.id,
            "approve",
            "coord_a" if school.startswith("a") else "coord_b",
            {},
        )
    draft.body = act(client, world, draft.id, "approve", "ikvd", {})
    assert draft.body["status"] == "active"
    return draft


def backdate(db: Session, plan_id: str, days: int) -> None:
    """Let the active plan and its measures have started ``days`` ago (within its semester), as
    if it had been approved then."""
    plan = db.get(SupportPlan, uuid.UUID(plan_id))
    assert plan is not None
    semester = db.get(Semester, plan.semester_id)
    assert semester is not None
    start = max(semester.starts_on, local_today() - timedelta(days=days))
    at = datetime.combine(start, time(0, 1), tzinfo=ZoneInfo(get_settings().timezone))
    for entry in db.scalars(
        select(PlanHistoryEntry).where(
            PlanHistoryEntry.plan_id == plan.id, PlanHistoryEntry.to_status == "active"
        )
    ):
        entry.at = at
    for measure in db.scalars(select(Measure).where(Measure.plan_id == plan.id)):
        measure.starts_on = start
    db.flush()
