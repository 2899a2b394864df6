from fastapi.testclient import TestClient

from tests.factories import World


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    assert client.get("/api/v1/ready").json() == {"status": "ready"}


def test_world_teacher_lists_only_own_school(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/institutions", headers=world.h("teacher_a1"))
    assert r.status_code == 200
    assert [i["id"] for i in r.json()["items"]] == [str(world.a1.id)]
