"""The demo world (DESIGN §6): its accounts log in with the demo password; it loads only once."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.core.db import local_today
from backend.demo import data
from backend.schools.models import Institution, Municipality
from backend.students.models import Student
from backend.users.models import RoleAssignment, User
from tests.problems import API

# DESIGN §6: e-mail, role, and where the role is held.
ACCOUNTS = {
    "ikvd@demo.pumpurs.lv": ("ikvd_admin", "national"),
    "koordinators@demo.pumpurs.lv": ("municipal_coordinator", "A"),
    "direktors@demo.pumpurs.lv": ("school_director", "A1"),
    "skolas.koordinators@demo.pumpurs.lv": ("school_coordinator", "A1"),
    "skolotajs@demo.pumpurs.lv": ("teacher", "A1"),
    "psihologs@demo.pumpurs.lv": ("support_specialist", "A1"),
    "skolotajs2@demo.pumpurs.lv": ("teacher", "B"),
    "ngo@demo.pumpurs.lv": ("ngo_manager", "ngo"),
}


def test_demo_world(db: Session, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # The accounts come from the core loaders; the later domains' loaders (plans, NGO projects)
    # are the slow part and have tests of their own.
    monkeypatch.setattr(data, "_extensions", list)
    assert data.load(db, today=local_today()) is True
    _the_accounts_of_the_design_exist(db)
    _each_logs_in_with_the_demo_password(client)
    _the_world_is_realistic(db)
    _loading_again_does_nothing(db)


def _scope(db: Session, assignment: RoleAssignment) -> str:
    """Where an assignment is held, in the terms of DESIGN §6."""
    if assignment.municipality_id:
        municipality = db.get(Municipality, assignment.municipality_id)
        assert municipality is not None
        return "A" if municipality.name == data.MUNICIPALITIES["A"][0] else municipality.name
    if assignment.institution_id:
        institution = db.get(Institution, assignment.institution_id)
        assert institution is not None
        if institution.name == data.INSTITUTIONS["A1"][0]:
            return "A1"
        municipality = db.get(Municipality, institution.municipality_id)
        assert municipality is not None
        return "B" if municipality.name == data.MUNICIPALITIES["B"][0] else institution.name
    return "ngo" if assignment.ngo_id else "national"


def _the_accounts_of_the_design_exist(demo: Session) -> None:
    for email, (role, scope) in ACCOUNTS.items():
        user = demo.scalar(select(User).where(User.email == email))
        assert user is not None, email
        (assignment,) = demo.scalars(
            select(RoleAssignment).where(RoleAssignment.user_id == user.id)
        ).all()
        assert (assignment.role, _scope(demo, assignment)) == (role, scope), email


def _each_logs_in_with_the_demo_password(client: TestClient) -> None:
    assert set(ACCOUNTS) <= {a.email for a in data.ACCOUNTS}
    for email in ACCOUNTS:
        r = client.post(
            f"{API}/auth/token",
            data={"grant_type": "password", "username": email, "password": data.DEMO_PASSWORD},
        )
        assert r.status_code == 200, f"{email}: {r.text}"
        me = client.get(
            f"{API}/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
        )
        assert me.json()["user"]["email"] == email


def _the_world_is_realistic(demo: Session) -> None:
    students = demo.scalar(select(func.count()).select_from(Student)) or 0
    assert 300 <= students <= 500
    vocational = demo.scalar(
        select(func.count()).select_from(Institution).where(Institution.municipality_id.is_(None))
    )
    assert vocational
    assert demo.scalar(select(Student.family_name).where(Student.family_name.like("%ņ%")))


def _loading_again_does_nothing(demo: Session) -> None:
    def counts() -> tuple[int, int]:
        users = demo.scalar(select(func.count()).select_from(User)) or 0
        students = demo.scalar(select(func.count()).select_from(Student)) or 0
        return users, students

    before = counts()
    assert data.load(demo) is False
    assert counts() == before
