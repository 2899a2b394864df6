"""Setting up a new school from an empty install: the first IKVD administrator from the command line
(``python -m backend.cli create-admin``), then the register through the API, IKVD alone."""

from collections.abc import Iterator
from contextlib import nullcontext

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend import cli
from backend.core.config import DEMO_SECRET_KEY, get_settings
from tests.factories import World
from tests.problems import API, assert_problem

NEW_PASSWORD = "pirmā parole 2026"


@pytest.fixture
def in_test_session(db: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setattr("backend.core.db.new_session", lambda: nullcontext(db))
    return db


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Demo mode off, with secrets of the install's own."""
    monkeypatch.setenv("PUMPURS_DEMO_MODE", "false")
    monkeypatch.setenv("PUMPURS_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("PUMPURS_DATA_KEY", "c2VjcmV0LWRhdGEta2V5LW9mLXRoaXMtaW5zdGFsbCE=")
    monkeypatch.setenv("PUMPURS_LOOKUP_KEY", "y" * 48)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def _admin(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["create-admin", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _token(client: TestClient, email: str, password: str) -> dict[str, str]:
    r = client.post(
        f"{API}/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


class TestCreateAdmin:
    def test_prints_a_link_that_sets_the_password_once(
        self,
        client: TestClient,
        in_test_session: Session,
        production: None,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        code, out, _ = _admin(capsys, "--email", "Jauna.Admine@ikvd.lv", "--name", "Jauna Admine")
        assert code == 0
        link = next(line for line in out.splitlines() if "/accept-invitation#token=" in line)
        token = link.split("#token=", 1)[1]
        # No password yet: the account cannot sign in until the link is used.
        r = client.post(
            f"{API}/auth/token",
            data={"grant_type": "password", "username": "jauna.admine@ikvd.lv", "password": ""},
        )
        assert r.status_code in (400, 401, 422)
        r = client.post(
            f"{API}/accounts/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
        )
        assert r.status_code in (200, 204), r.text
        headers = _token(client, "jauna.admine@ikvd.lv", NEW_PASSWORD)
        me = client.get(f"{API}/auth/me", headers=headers).json()
        assert me["current"]["role"] == "ikvd_admin"
        assert me["current"]["scope_type"] == "national"
        # The new administrator sets up the register.
        r = client.post(
            f"{API}/municipalities",
            json={"name": "Jaunais novads", "atvk_code": "0999999"},
            headers=headers,
        )
        assert r.status_code == 201, r.text
        # The link works once.
        r = client.post(
            f"{API}/accounts/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
        )
        assert_problem(r, 422, field="token")

    def test_sets_a_password_from_the_environment(
        self,
        client: TestClient,
        in_test_session: Session,
        production: None,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("FIRST_ADMIN_PASSWORD", NEW_PASSWORD)
        code, out, _ = _admin(
            capsys,
            "--email",
            "otra@ikvd.lv",
            "--name",
            "Otra Admine",
            "--password-env",
            "FIRST_ADMIN_PASSWORD",
        )
        assert code == 0
        assert "accept-invitation" not in out
        _token(client, "otra@ikvd.lv", NEW_PASSWORD)

    def test_an_existing_address_is_refused(
        self,
        in_test_session: Session,
        world: World,
        production: None,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        email = world.actors["ikvd"].user.email
        code, out, err = _admin(capsys, "--email", email, "--name", "Cits Vārds")
        assert code == 2
        assert "A user with this e-mail exists" in err
        assert "token" not in out

    def test_a_bad_address_or_short_password_is_refused(
        self,
        in_test_session: Session,
        production: None,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        code, _, err = _admin(capsys, "--email", "nav-adrese", "--name", "Kāds")
        assert code == 2
        assert err.startswith("email:")
        monkeypatch.setenv("SHORT", "īsa")
        code, _, err = _admin(
            capsys, "--email", "kads@ikvd.lv", "--name", "Kāds", "--password-env", "SHORT"
        )
        assert code == 2
        assert err.startswith("password:")

    def test_demo_secrets_are_refused_outside_demo_mode(
        self,
        in_test_session: Session,
        production: None,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("PUMPURS_SECRET_KEY", DEMO_SECRET_KEY)
        get_settings.cache_clear()
        code, out, err = _admin(capsys, "--email", "kads@ikvd.lv", "--name", "Kāds")
        assert code == 2
        assert "PUMPURS_SECRET_KEY is a demo secret" in err
        assert out == ""


class TestOnlyIkvdSetsUpTheRegister:
    """IKVD adds municipalities, institutions and school years; a municipal coordinator or a
    director may not (a coordinator's schools come from IKVD too)."""

    @pytest.mark.parametrize("actor", ["coord_a", "director_a1"])
    def test_others_may_not_add_a_municipality(
        self, client: TestClient, world: World, actor: str
    ) -> None:
        r = client.post(
            f"{API}/municipalities",
            json={"name": "Cits novads", "atvk_code": "0888888"},
            headers=world.h(actor),
        )
        assert_problem(r, 403)

    @pytest.mark.parametrize("actor", ["coord_a", "director_a1"])
    def test_others_may_not_add_a_school(
        self, client: TestClient, world: World, actor: str
    ) -> None:
        r = client.post(
            f"{API}/institutions",
            json={
                "name": "Jaunā pamatskola",
                "registration_number": "4012345678",
                "type": "general_municipal",
                "municipality_id": str(world.muni_a.id),
            },
            headers=world.h(actor),
        )
        assert_problem(r, 403)

    def test_coordinator_may_not_add_a_school_year(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/school-years",
            json={
                "name": "2040/2041",
                "starts_on": "2040-09-01",
                "ends_on": "2041-08-31",
                "semesters": [
                    {"number": 1, "starts_on": "2040-09-01", "ends_on": "2040-12-31"},
                    {"number": 2, "starts_on": "2041-01-05", "ends_on": "2041-06-30"},
                ],
            },
            headers=world.h("coord_a"),
        )
        assert_problem(r, 403)


class TestIkvdAddsTheFirstClasses:
    def body(self, world: World, **changes: object) -> dict[str, object]:
        return {
            "institution_id": str(world.a2.id),
            "school_year_id": str(world.year.id),
            "grade": 9,
            "label": "9.a",
            **changes,
        }

    def test_ikvd_adds_a_class_to_any_school(self, client: TestClient, world: World) -> None:
        r = client.post(f"{API}/class-groups", json=self.body(world), headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        r = client.get(
            f"{API}/class-groups",
            params={"institution_id": str(world.a2.id)},
            headers=world.h("director_a1"),
        )
        # ...which the school's own staff then see (another school's director does not).
        assert r.json()["items"] == []
        r = client.get(
            f"{API}/class-groups",
            params={"institution_id": str(world.a2.id)},
            headers=world.h("ikvd"),
        )
        assert [c["label"] for c in r.json()["items"]] == ["9.a"]

    def test_coordinator_still_may_not(self, client: TestClient, world: World) -> None:
        r = client.post(f"{API}/class-groups", json=self.body(world), headers=world.h("coord_a"))
        assert_problem(r, 403)

    def test_unknown_school_is_404(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/class-groups",
            json=self.body(world, institution_id="00000000-0000-0000-0000-000000000001"),
            headers=world.h("ikvd"),
        )
        assert_problem(r, 404)
