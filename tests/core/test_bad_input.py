"""Input that once answered 500: NUL characters in text, numbers past 64 bits, times that fall
outside the calendar in UTC. Each is a 422 naming the field; and a 500 is problem+json too."""

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.core.errors import install_error_handlers
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem


class TestNul:
    def test_in_the_token_form_unauthenticated(self, client: TestClient) -> None:
        form = {"grant_type": "password", "username": "a\x00@x.lv", "password": "x"}
        assert_problem(client.post(f"{API}/auth/token", data=form), 422, field="username")

    def test_in_a_json_body(self, client: TestClient, world: World) -> None:
        born = date(2013, 5, 17)
        body = {
            "given_name": "An\x00na",
            "family_name": "Bērziņa",
            "date_of_birth": born.isoformat(),
            "personal_code": f.legacy_code(born),
            "institution_id": str(world.a1.id),
            "class_group_id": str(world.class_a1.id),
        }
        r = client.post(f"{API}/students", json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="given_name")

    def test_nested_in_a_json_list(self, client: TestClient, world: World) -> None:
        body = {"name": "x", "scope_type": "national", "tags": ["ok", "b\x00d"]}
        r = client.post(f"{API}/api-clients", json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field=1)

    def test_in_a_query_parameter(self, client: TestClient, world: World) -> None:
        r = client.get(f"{API}/students", params={"q": "An\x00"}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="q")

    def test_a_json_escape_of_a_backslash_is_not_nul(
        self, client: TestClient, world: World
    ) -> None:
        r = client.get(f"{API}/students", params={"q": "\\u0000"}, headers=world.h("director_a1"))
        assert r.status_code == 200, r.text


class TestOutOfRange:
    def test_change_feed_after_beyond_64_bits(self, client: TestClient, world: World) -> None:
        r = client.get(f"{API}/changes", params={"after": 2**63}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="after")

    def test_change_feed_after_at_the_last_64_bit_number(
        self, client: TestClient, world: World
    ) -> None:
        r = client.get(f"{API}/changes", params={"after": 2**63 - 1}, headers=world.h("ikvd"))
        assert r.status_code == 200, r.text

    @pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01"])
    def test_plan_statuses_updated_since_outside_utc(
        self, client: TestClient, world: World, moment: str
    ) -> None:
        r = client.get(
            f"{API}/plan-statuses", params={"updated_since": moment}, headers=world.h("ikvd")
        )
        assert_problem(r, 422, field="updated_since")

    @pytest.mark.parametrize("name", ["since", "until"])
    def test_audit_events_near_year_one(self, client: TestClient, world: World, name: str) -> None:
        r = client.get(
            f"{API}/audit-events",
            params={name: "0001-01-01T00:00:00+00:01"},
            headers=world.h("ikvd"),
        )
        assert_problem(r, 422, field=name)

    def test_audit_events_year_one_in_utc_works(self, client: TestClient, world: World) -> None:
        r = client.get(
            f"{API}/audit-events",
            params={"since": "0001-01-01T00:00:00Z"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 200, r.text


def test_an_unexpected_error_is_a_problem_500() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("something inside")

    with TestClient(app, raise_server_exceptions=False) as client:
        body = assert_problem(client.get("/boom"), 500)
    assert "something inside" not in str(body)
