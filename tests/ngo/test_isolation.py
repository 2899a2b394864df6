"""The NGO manager works with its own projects only and never reaches children's data."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.ngo import factories as nf
from tests.ngo.factories import Scene


@pytest.fixture
def personal_urls(db: Session, s: Scene) -> list[str]:
    student = f.student(db, s.world.a1, s.world.class_a1)
    measure = nf.plan_measure(db, s.world, student)
    return [
        "/api/v1/students",
        f"/api/v1/students/{student.id}",
        f"/api/v1/students/{student.id}/guardians",
        f"/api/v1/students/{student.id}/consents",
        f"/api/v1/students/{student.id}/enrollments",
        "/api/v1/plans",
        f"/api/v1/plans/{measure.plan_id}",
        f"/api/v1/plans/{measure.plan_id}/measures",
        f"/api/v1/plans/{measure.plan_id}/notes",
        f"/api/v1/plans/{measure.plan_id}/history",
        f"/api/v1/measures/{measure.id}/deliveries",
        f"/api/v1/activities/{s.activity.id}/measure-links",
        "/api/v1/users",
        "/api/v1/audit-events",
    ]


def test_ngo_manager_gets_403_for_students_plans_and_personal_data(
    client: TestClient, s: Scene, personal_urls: list[str]
) -> None:
    answers = {url: client.get(url, headers=s.world.h("ngo")).status_code for url in personal_urls}
    assert answers == dict.fromkeys(personal_urls, 403)


def test_ngo_manager_cannot_create_students(client: TestClient, s: Scene) -> None:
    body = {
        "given_name": "Anna",
        "family_name": "Ozola",
        "date_of_birth": "2013-05-17",
        "personal_code": "170513-20000",
        "institution_id": str(s.world.a1.id),
    }
    assert client.post("/api/v1/students", json=body, headers=s.world.h("ngo")).status_code == 403


def test_ngo_manager_gets_404_for_everything_of_another_ngo(
    client: TestClient, s: Scene, db: Session
) -> None:
    theirs = nf.activity(db, s.other_project, s.world.a1, [s.world.class_a1])
    h = s.world.h("ngo")
    urls = [
        f"/api/v1/ngos/{s.other_ngo.id}",
        f"/api/v1/initiative-projects/{s.other_project.id}",
        f"/api/v1/initiative-projects/{s.other_project.id}/report",
        f"/api/v1/initiative-projects/{s.other_project.id}/class-groups",
        f"/api/v1/activities/{theirs.id}",
    ]
    assert {u: client.get(u, headers=h).status_code for u in urls} == dict.fromkeys(urls, 404)
    outcome = {"actual_participants": 1, "at_risk_participants": 0}
    r = client.post(f"/api/v1/activities/{theirs.id}/outcome", json=outcome, headers=h)
    assert r.status_code == 404
