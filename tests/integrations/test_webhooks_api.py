import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.integrations.webhooks import UnsafeUrl, check_url
from tests.factories import World
from tests.integrations.helpers import Client, api_client

URL = "/api/v1/webhooks"
PUBLIC = "https://93.184.215.14/pumpurs-hook"


@pytest.fixture
def me(db: Session, world: World) -> Client:
    return api_client(db, world.muni_a.id)


def _create(client: TestClient, me: Client, **body: object) -> dict:
    r = client.post(URL, json={"url": PUBLIC, "event_types": ["plan.*"]} | body, headers=me.headers)
    assert r.status_code == 201, r.text
    return r.json()


class TestCreate:
    def test_secret_shown_once(self, client: TestClient, me: Client) -> None:
        created = _create(client, me)
        assert len(created["secret"]) >= 32
        r = client.get(f"{URL}/{created['id']}", headers=me.headers)
        assert r.status_code == 200
        assert "secret" not in r.json()
        assert r.json()["event_types"] == ["plan.*"]

    @pytest.mark.parametrize(
        "url",
        [
            "http://93.184.215.14/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://[::1]/hook",
            "https://169.254.169.254/latest",
            "ftp://93.184.215.14/x",
            "https://user:pw@93.184.215.14/x",
        ],
    )
    def test_refuses_unsafe_urls(self, client: TestClient, me: Client, url: str) -> None:
        r = client.post(URL, json={"url": url, "event_types": ["*"]}, headers=me.headers)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "url"]

    def test_private_allowed_by_setting(
        self, client: TestClient, me: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)
        created = _create(client, me, url="http://127.0.0.1:9999/hook")
        assert created["url"] == "http://127.0.0.1:9999/hook"

    def test_bad_event_type_422(self, client: TestClient, me: Client) -> None:
        r = client.post(URL, json={"url": PUBLIC, "event_types": ["Plan!"]}, headers=me.headers)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"][:2] == ["body", "event_types"]

    def test_staff_403(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json={"url": PUBLIC, "event_types": ["*"]}, headers=world.h("ikvd"))
        assert r.status_code == 403


class TestManage:
    def test_other_client_404(
        self, client: TestClient, me: Client, db: Session, world: World
    ) -> None:
        created = _create(client, me)
        other = api_client(db, world.muni_a.id)
        assert client.get(f"{URL}/{created['id']}", headers=other.headers).status_code == 404
        assert client.get(URL, headers=other.headers).json()["items"] == []
        r = client.get(f"{URL}/{created['id']}/deliveries", headers=other.headers)
        assert r.status_code == 404

    def test_update_pause_and_delete(self, client: TestClient, me: Client) -> None:
        created = _create(client, me)
        r = client.patch(
            f"{URL}/{created['id']}",
            json={"event_types": ["plan.status_changed"], "active": False},
            headers=me.headers,
        )
        assert r.status_code == 200
        assert r.json()["event_types"] == ["plan.status_changed"]
        assert r.json()["active"] is False
        assert client.delete(f"{URL}/{created['id']}", headers=me.headers).status_code == 204
        listed = client.get(URL, headers=me.headers).json()["items"]
        assert [(w["id"], w["active"]) for w in listed] == [(created["id"], False)]

    def test_null_update_422(self, client: TestClient, me: Client) -> None:
        created = _create(client, me)
        r = client.patch(f"{URL}/{created['id']}", json={"active": None}, headers=me.headers)
        assert r.status_code == 422

    def test_delivery_log_empty_at_first(self, client: TestClient, me: Client) -> None:
        created = _create(client, me)
        r = client.get(f"{URL}/{created['id']}/deliveries", headers=me.headers)
        assert r.status_code == 200
        assert r.json() == {"items": [], "next_cursor": None}


def test_check_url_resolves_names(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UnsafeUrl):
        check_url("https://localhost/hook", allow_private=False)
    with pytest.raises(UnsafeUrl):
        check_url("https://no-such-host.invalid/hook", allow_private=False)


@pytest.fixture(autouse=True)
def _private_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", False)
