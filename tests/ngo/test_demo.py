from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.demo import data as demo


def _login(client: TestClient, email: str) -> dict[str, str]:
    r = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": demo.DEMO_PASSWORD},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_demo_ngo_has_an_approved_project_of_four_events_two_held(
    client: TestClient, db: Session
) -> None:
    assert demo.load(db)
    ngo = _login(client, "ngo@demo.pumpurs.lv")
    projects = client.get("/api/v1/initiative-projects", headers=ngo).json()["items"]
    approved = [p for p in projects if p["status"] == "approved"]
    assert len(approved) == 1
    assert [i["name"] for i in approved[0]["institutions"]] == ["Viesītes vidusskola"]
    activities = client.get(
        "/api/v1/activities", headers=ngo, params={"project_id": approved[0]["id"]}
    ).json()["items"]
    assert [a["type"] for a in activities] == ["team_building"] * 4
    assert [a["status"] for a in activities] == ["held", "held", "planned", "planned"]

    school = _login(client, "skolas.koordinators@demo.pumpurs.lv")
    seen = client.get("/api/v1/activities", headers=school).json()["items"]
    assert {a["id"] for a in seen} == {a["id"] for a in activities}

    coordinator = _login(client, "koordinators@demo.pumpurs.lv")
    calls = client.get("/api/v1/initiative-calls", headers=coordinator).json()["items"]
    assert len(calls) == 1
    assert calls[0]["is_open"] is True
    report = client.get(
        f"/api/v1/initiative-calls/{calls[0]['id']}/report", headers=coordinator
    ).json()
    assert (report["activities_held"], report["projects_submitted"]) == (2, 1)
