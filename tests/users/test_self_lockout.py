"""Nobody deactivates their own account or ends the role they act in: an IKVD administrator
doing either could leave the country without one."""

from fastapi.testclient import TestClient

from tests.factories import World
from tests.problems import API, assert_problem


def test_ikvd_admin_cannot_deactivate_themselves(client: TestClient, world: World) -> None:
    ikvd = world.actors["ikvd"]
    r = client.patch(f"{API}/users/{ikvd.user.id}", json={"active": False}, headers=ikvd.headers)
    assert_problem(r, 409)
    assert client.get(f"{API}/auth/me", headers=ikvd.headers).status_code == 200


def test_ikvd_admin_cannot_end_their_own_role(client: TestClient, world: World) -> None:
    ikvd = world.actors["ikvd"]
    r = client.delete(
        f"{API}/users/{ikvd.user.id}/role-assignments/{ikvd.assignment.id}",
        headers=ikvd.headers,
    )
    assert_problem(r, 409)
    assert client.get(f"{API}/auth/me", headers=ikvd.headers).status_code == 200


def test_ikvd_admin_still_renames_themselves(client: TestClient, world: World) -> None:
    ikvd = world.actors["ikvd"]
    r = client.patch(
        f"{API}/users/{ikvd.user.id}", json={"full_name": "Jauns Vārds"}, headers=ikvd.headers
    )
    assert r.status_code == 200, r.text
