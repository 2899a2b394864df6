"""An access token belongs to a login session (its refresh-token family): ending the session, the
account or the role ends the access token on the next request, not when it expires."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.auth.test_token import bearer, login, refresh
from tests.factories import World
from tests.problems import API, assert_problem

ME = f"{API}/auth/me"


def test_logout_ends_the_access_token_at_once(client: TestClient, world: World) -> None:
    tokens = login(client, world.actors["teacher_a1"].user.email)
    assert client.get(ME, headers=bearer(tokens)).status_code == 200
    r = client.post(
        f"{API}/auth/logout",
        json={"refresh_token": tokens["refresh_token"]},
        headers=bearer(tokens),
    )
    assert r.status_code == 204
    assert_problem(client.get(ME, headers=bearer(tokens)), 401)


def test_logout_leaves_the_users_other_sessions_alone(client: TestClient, world: World) -> None:
    email = world.actors["teacher_a1"].user.email
    laptop, phone = login(client, email), login(client, email)
    client.post(
        f"{API}/auth/logout",
        json={"refresh_token": laptop["refresh_token"]},
        headers=bearer(laptop),
    )
    assert client.get(ME, headers=bearer(phone)).status_code == 200


def test_refresh_reuse_ends_every_access_token_of_the_family(
    client: TestClient, world: World
) -> None:
    first = login(client, world.actors["teacher_a1"].user.email)
    second = refresh(client, first["refresh_token"]).json()
    assert client.get(ME, headers=bearer(second)).status_code == 200
    # The rotated token presented again: someone holds a copy, the family ends.
    assert_problem(refresh(client, first["refresh_token"]), 401)
    assert_problem(client.get(ME, headers=bearer(first)), 401)
    assert_problem(client.get(ME, headers=bearer(second)), 401)


def test_deactivation_ends_the_access_token_at_once(client: TestClient, world: World) -> None:
    teacher = world.actors["teacher_a1"]
    tokens = login(client, teacher.user.email)
    r = client.patch(
        f"{API}/users/{teacher.user.id}", json={"active": False}, headers=world.h("director_a1")
    )
    assert r.status_code == 200, r.text
    assert_problem(client.get(ME, headers=bearer(tokens)), 401)


def test_end_of_role_ends_the_access_token_at_once(client: TestClient, world: World) -> None:
    teacher = world.actors["teacher_a1"]
    tokens = login(client, teacher.user.email)
    assert client.get(ME, headers=bearer(tokens)).status_code == 200
    r = client.delete(
        f"{API}/users/{teacher.user.id}/role-assignments/{teacher.assignment.id}",
        headers=world.h("director_a1"),
    )
    assert r.status_code == 204, r.text
    assert_problem(client.get(ME, headers=bearer(tokens)), 401)


def test_a_role_that_ends_by_date_ends_the_access_token(
    client: TestClient, world: World, db: Session
) -> None:
    teacher = world.actors["teacher_a1"]
    tokens = login(client, teacher.user.email)
    teacher.assignment.valid_to = f.today() - timedelta(days=1)
    db.flush()
    assert_problem(client.get(ME, headers=bearer(tokens)), 401)


def test_refresh_opens_no_new_session(client: TestClient, world: World) -> None:
    first = login(client, world.actors["teacher_a1"].user.email)
    second = refresh(client, first["refresh_token"]).json()
    client.post(
        f"{API}/auth/logout",
        json={"refresh_token": second["refresh_token"]},
        headers=bearer(second),
    )
    assert_problem(client.get(ME, headers=bearer(first)), 401)
