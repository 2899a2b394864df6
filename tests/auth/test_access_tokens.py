"""Access tokens: only ones this API signed, still valid, for an account that allows them."""

import base64
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.security import InvalidToken, create_access_token, decode_access_token
from backend.identity.roles import Role, ScopeType
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem

ME = f"{API}/auth/me"


def _b64(data: dict[str, object]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _token(world: World, actor: str = "teacher_a1", **overrides: object) -> str:
    """A token for ``actor``, signed with settings changed by ``overrides``."""
    assignment = world.actors[actor].assignment
    settings = get_settings().model_copy(update=overrides)
    token, _ = create_access_token(
        subject=str(assignment.user_id),
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=f.login_session(assignment),
        settings=settings,
    )
    return token


def _get_me(client: TestClient, token: str):
    return client.get(ME, headers={"Authorization": f"Bearer {token}"})


def test_a_good_token_works(client: TestClient, world: World) -> None:
    assert _get_me(client, _token(world)).status_code == 200


def test_no_token_is_401_with_a_challenge(client: TestClient) -> None:
    r = client.get(ME)
    assert_problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"


def test_expired_token_is_401(client: TestClient, world: World) -> None:
    assignment = world.actors["teacher_a1"].assignment
    token, _ = create_access_token(
        subject=str(assignment.user_id),
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=f.login_session(assignment),
        now=datetime.now(UTC) - timedelta(minutes=16),
    )
    assert_problem(_get_me(client, token), 401)


def test_a_token_that_worked_is_refused_once_it_expires(client: TestClient, world: World) -> None:
    """A token's signature is verified once; its expiry is checked at every use."""
    assignment = world.actors["teacher_a1"].assignment
    lifetime = timedelta(minutes=get_settings().access_token_minutes)
    token, _ = create_access_token(
        subject=str(assignment.user_id),
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=f.login_session(assignment),
        now=datetime.now(UTC) - lifetime + timedelta(seconds=2),
    )
    assert _get_me(client, token).status_code == 200
    assert _get_me(client, token).status_code == 200
    time.sleep(3)
    assert_problem(_get_me(client, token), 401)
    with pytest.raises(InvalidToken):
        decode_access_token(token)


def test_token_signed_with_another_key_is_401(client: TestClient, world: World) -> None:
    token = _token(world, secret_key="another-signing-key-of-at-least-32-characters")
    assert_problem(_get_me(client, token), 401)


def test_token_for_another_audience_is_401(client: TestClient, world: World) -> None:
    assert_problem(_get_me(client, _token(world, jwt_audience="another-api")), 401)


def test_token_from_another_issuer_is_401(client: TestClient, world: World) -> None:
    assert_problem(_get_me(client, _token(world, jwt_issuer="someone-else")), 401)


def test_unsigned_alg_none_token_is_401(client: TestClient, world: World) -> None:
    good = _token(world)
    claims = json.loads(base64.urlsafe_b64decode(good.split(".")[1] + "=="))
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert_problem(_get_me(client, unsigned), 401)
    with pytest.raises(InvalidToken):
        decode_access_token(unsigned)


def test_token_with_changed_claims_is_401(client: TestClient, world: World) -> None:
    header, payload, signature = _token(world).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = Role.ikvd_admin.value
    claims["scope_type"] = ScopeType.national.value
    forged = f"{header}.{_b64(claims)}.{signature}"
    assert_problem(_get_me(client, forged), 401)


def test_garbage_is_401(client: TestClient) -> None:
    assert_problem(_get_me(client, "not.a.token"), 401)
    r = client.get(ME, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_problem(r, 401)


def test_token_whose_role_claim_does_not_match_the_assignment_is_401(
    client: TestClient, world: World
) -> None:
    assignment = world.actors["teacher_a1"].assignment
    token, _ = create_access_token(
        subject=str(assignment.user_id),
        role=Role.school_director,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=f.login_session(assignment),
    )
    assert_problem(_get_me(client, token), 401)


def test_token_of_an_ended_role_assignment_is_401(
    client: TestClient, world: World, db: Session
) -> None:
    token = _token(world)
    world.actors["teacher_a1"].assignment.valid_to = f.today() - timedelta(days=1)
    db.flush()
    assert_problem(_get_me(client, token), 401)


def test_token_of_a_deactivated_user_is_401(client: TestClient, world: World, db: Session) -> None:
    token = _token(world)
    world.actors["teacher_a1"].user.active = False
    db.flush()
    assert_problem(_get_me(client, token), 401)


def _signed(header: dict[str, object], claims: dict[str, object]) -> str:
    signing_input = f"{_b64(header)}.{_b64(claims)}"
    mac = hmac.new(get_settings().secret_key.encode(), signing_input.encode(), hashlib.sha256)
    signature = base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")
    return f"{signing_input}.{signature}"


def _claims(token: str) -> dict[str, object]:
    claims: dict[str, object] = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    return claims


def test_resigned_token_is_accepted_so_the_refusals_below_are_about_one_change(
    client: TestClient, world: World
) -> None:
    token = _signed({"alg": "HS256", "typ": "JWT"}, _claims(_token(world)))
    assert _get_me(client, token).status_code == 200


def test_token_issued_in_the_future_is_401(client: TestClient, world: World) -> None:
    claims = _claims(_token(world))
    claims["iat"] = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    assert_problem(_get_me(client, _signed({"alg": "HS256", "typ": "JWT"}, claims)), 401)


def test_token_issued_within_the_clock_leeway_works(client: TestClient, world: World) -> None:
    claims = _claims(_token(world))
    claims["iat"] = int((datetime.now(UTC) + timedelta(seconds=10)).timestamp())
    assert _get_me(client, _signed({"alg": "HS256", "typ": "JWT"}, claims)).status_code == 200


def test_token_with_an_unknown_critical_header_is_401(client: TestClient, world: World) -> None:
    header = {"alg": "HS256", "typ": "JWT", "crit": ["x-pumpurs-unknown"], "x-pumpurs-unknown": 1}
    assert_problem(_get_me(client, _signed(header, _claims(_token(world)))), 401)


def test_user_token_without_a_session_is_401(client: TestClient, world: World) -> None:
    claims = _claims(_token(world))
    claims["sid"] = None
    assert_problem(_get_me(client, _signed({"alg": "HS256", "typ": "JWT"}, claims)), 401)
