from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.demo import data as demo
from backend.plans.models import PlanStatus
from backend.users.models import RoleAssignment, User
from tests.factories import headers_for


def _login(db: Session, email: str) -> dict[str, str]:
    """The demo account's access token (the password itself is checked by the auth tests)."""
    assignment = db.scalar(
        select(RoleAssignment)
        .join(User, User.id == RoleAssignment.user_id)
        .where(User.email == email)
    )
    assert assignment is not None
    return headers_for(assignment)


def _plans(client: TestClient, headers: dict[str, str], **params: str) -> list[dict[str, str]]:
    r = client.get("/api/v1/plans", headers=headers, params={"limit": "200", **params})
    assert r.status_code == 200, r.text
    items: list[dict[str, str]] = r.json()["items"]
    return items


def test_demo_plans_in_every_status_and_waiting_at_every_step(
    client: TestClient, db: Session
) -> None:
    assert demo.load(db)
    teacher = _login(db, "skolotajs@demo.pumpurs.lv")
    a1 = _plans(client, teacher)
    assert {p["status"] for p in a1} == set(PlanStatus)
    me = client.get("/api/v1/auth/me", headers=teacher).json()["user"]
    mine = [p for p in a1 if p["author_id"] == me["id"]]
    assert mine
    active = next(p for p in mine if p["status"] == "active")
    plan = client.get(f"/api/v1/plans/{active['id']}", headers=teacher).json()
    responsible = [m for m in plan["measures"] if m["responsible_user_id"] == me["id"]]
    assert responsible
    assert sum(m["deliveries_count"] for m in plan["measures"]) > 0
    evaluated = next(p for p in a1 if p["status"] in ("evaluated", "closed"))
    plan = client.get(f"/api/v1/plans/{evaluated['id']}", headers=teacher).json()
    assert plan["evaluation"] is not None

    director = _login(db, "direktors@demo.pumpurs.lv")
    assert _plans(client, director, status="submitted")
    coordinator = _login(db, "koordinators@demo.pumpurs.lv")
    waiting = _plans(client, coordinator, status="approved_school")
    assert waiting
    assert all(p["institution_id"] == a1[0]["institution_id"] for p in waiting if p)
    ikvd = _login(db, "ikvd@demo.pumpurs.lv")
    institutions = {p["institution_id"] for p in _plans(client, ikvd, status="approved_school")}
    assert len(institutions) == 3  # the state school's wait for IKVD
    assert _plans(client, ikvd, status="approved_municipality")

    other = _login(db, "skolotajs2@demo.pumpurs.lv")
    assert not {p["id"] for p in _plans(client, other)} & {p["id"] for p in a1}
