"""GET /roles: the role table the web app offers grants from, and that it matches the grants the
API accepts (DESIGN §3)."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.identity.roles import Role
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem

URL = f"{API}/roles"


def _rules(client: TestClient, world: World, actor: str) -> dict[str, dict[str, Any]]:
    r = client.get(URL, headers=world.h(actor))
    assert r.status_code == 200, r.text
    return {rule["role"]: rule for rule in r.json()["items"]}


def _grantable(client: TestClient, world: World, actor: str) -> set[str]:
    return {role for role, rule in _rules(client, world, actor).items() if rule["grantable"]}


def _scope_for(world: World, scope_type: str) -> uuid.UUID | None:
    return {
        "national": None,
        "municipality": world.muni_a.id,
        "institution": world.a1.id,
        "ngo": world.ngo.id,
    }[scope_type]


def test_anonymous_401(client: TestClient) -> None:
    assert_problem(client.get(URL), 401)


def test_every_role_with_its_label_scope_and_permissions(client: TestClient, world: World) -> None:
    rules = _rules(client, world, "teacher_a1")
    assert list(rules) == [
        "ikvd_admin",
        "municipal_coordinator",
        "school_director",
        "school_coordinator",
        "teacher",
        "support_specialist",
        "ngo_manager",
        "integration_client",
    ]
    assert rules["teacher"]["label_key"] == "roles.teacher"
    assert rules["ikvd_admin"]["scope_types"] == ["national"]
    assert rules["school_director"]["scope_types"] == ["institution"]
    assert rules["ngo_manager"]["scope_types"] == ["ngo"]
    # API clients are set up for a municipality or, by IKVD, nationally.
    assert rules["integration_client"]["scope_types"] == ["national", "municipality"]
    assert "plans:approve_school" in rules["school_director"]["permissions"]
    assert "plans:approve_school" not in rules["teacher"]["permissions"]
    assert "plans:write" in rules["teacher"]["permissions"]
    # The permissions the signed-in role holds are the ones its session says it holds.
    me = client.get(f"{API}/auth/me", headers=world.h("teacher_a1")).json()
    assert sorted(rules["teacher"]["permissions"]) == sorted(me["permissions"])


def test_a_teacher_may_grant_nothing(client: TestClient, world: World) -> None:
    assert _grantable(client, world, "teacher_a1") == set()


def test_a_director_grants_school_staff(client: TestClient, world: World) -> None:
    assert _grantable(client, world, "director_a1") == {
        "school_coordinator",
        "teacher",
        "support_specialist",
    }


def test_a_municipal_coordinator_grants_school_staff_and_directors(
    client: TestClient, world: World
) -> None:
    assert _grantable(client, world, "coord_a") == {
        "school_director",
        "school_coordinator",
        "teacher",
        "support_specialist",
    }


def test_ikvd_grants_every_role_but_api_clients(client: TestClient, world: World) -> None:
    assert _grantable(client, world, "ikvd") == {
        "ikvd_admin",
        "municipal_coordinator",
        "school_director",
        "school_coordinator",
        "teacher",
        "support_specialist",
        "ngo_manager",
    }


@pytest.mark.parametrize("actor", ["ikvd", "coord_a", "director_a1"])
def test_the_grants_offered_are_the_grants_accepted(
    client: TestClient, world: World, db: Session, actor: str
) -> None:
    """Each role marked grantable is accepted by the grant endpoint, each other refused with 403."""
    rules = _rules(client, world, actor)
    for role, rule in rules.items():
        # A fresh member of staff of the caller's school for each grant.
        held = Role.support_specialist if role == "teacher" else Role.teacher
        target, _ = f.user(db, held, world.a1.id)
        scope_id = _scope_for(world, rule["scope_types"][0])
        body = {"role": role, "scope_id": str(scope_id) if scope_id else None}
        r = client.post(
            f"{API}/users/{target.id}/role-assignments", json=body, headers=world.h(actor)
        )
        if rule["grantable"]:
            assert r.status_code == 201, (role, r.text)
        else:
            assert_problem(r, 403)
