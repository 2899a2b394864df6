from typing import Any

from fastapi.testclient import TestClient

from tests.factories import World
from tests.problems import API


def items(client: TestClient, world: World, who: str, **params: Any) -> list[dict[str, Any]]:
    r = client.get(f"{API}/notifications", params=params, headers=world.h(who))
    assert r.status_code == 200, r.text
    result: list[dict[str, Any]] = r.json()["items"]
    return result


def unread(client: TestClient, world: World, who: str) -> int:
    r = client.get(f"{API}/notifications/unread-count", headers=world.h(who))
    assert r.status_code == 200, r.text
    count: int = r.json()["unread"]
    return count


def kinds(client: TestClient, world: World, who: str) -> list[tuple[str, str | None]]:
    return [(n["kind"], n["plan_code"]) for n in items(client, world, who)]


EVERYONE = (
    "ikvd",
    "coord_a",
    "coord_b",
    "director_a1",
    "school_coord_a1",
    "teacher_a1",
    "specialist_a1",
    "director_b1",
    "school_coord_b1",
    "teacher_b1",
    "director_v1",
    "school_coord_v1",
    "teacher_v1",
    "ngo",
)


def told(client: TestClient, world: World) -> dict[str, list[str]]:
    """Who has which notification kinds (only those with any)."""
    result = {}
    for who in EVERYONE:
        got = [n["kind"] for n in items(client, world, who)]
        if got:
            result[who] = got
    return result
