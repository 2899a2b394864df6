import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditEvent
from backend.core.db import make_engine, utcnow
from backend.core.security import hash_opaque_token
from backend.demo.integrations import load_demo_client
from backend.identity.roles import ScopeType
from backend.integrations import service as integrations_service
from backend.integrations.models import ApiClient
from tests.conftest import PG_ADMIN_URL
from tests.factories import World
from tests.integrations.helpers import api_client, client_token

URL = "/api/v1/api-clients"


def _create(client: TestClient, world: World, actor: str = "coord_a", **body: object) -> dict:
    payload = {"name": "Novada IT", "scope_type": "municipality", "municipality_id": None} | body
    if payload["scope_type"] == "municipality" and payload["municipality_id"] is None:
        payload["municipality_id"] = str(world.muni_a.id)
    r = client.post(URL, json=payload, headers=world.h(actor))
    assert r.status_code == 201, r.text
    return r.json()


class TestTokenGrant:
    def test_issues_scoped_integration_token(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        c = api_client(db, world.muni_a.id)
        r = client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": c.row.client_id,
                "client_secret": c.secret,
            },
        )
        assert r.status_code == 200
        body = r.json()
        assert body["token_type"] == "bearer"
        assert body.get("refresh_token") is None
        assert r.headers["cache-control"] == "no-store"
        db.refresh(c.row)
        assert c.row.last_used_at is not None

    def test_wrong_secret_401(self, client: TestClient, world: World, db: Session) -> None:
        c = api_client(db, world.muni_a.id)
        r = client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": c.row.client_id,
                "client_secret": "wrong",
            },
        )
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"

    def test_unknown_client_401(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/token",
            data={"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
        )
        assert r.status_code == 401

    def test_missing_secret_422_names_field(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "x"}
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "client_secret"]

    def test_client_token_reads_organisation_only_in_scope(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        c = api_client(db, world.muni_a.id)
        headers = client_token(client, c.row.client_id, c.secret)
        r = client.get("/api/v1/institutions", headers=headers)
        assert r.status_code == 200
        ids = {i["id"] for i in r.json()["items"]}
        assert ids == {str(world.a1.id), str(world.a2.id)}
        assert client.get("/api/v1/students", headers=headers).status_code == 403

    def test_demo_client(self, client: TestClient, world: World, db: Session) -> None:
        from backend.demo.data import DemoWorld

        demo_world = DemoWorld(rng=None, today=None)  # type: ignore[arg-type]
        demo_world.municipalities["A"] = world.muni_a
        load_demo_client(db, demo_world)
        headers = client_token(client, "demo-municipal-it", "pumpurs-demo-secret")
        assert client.get("/api/v1/institutions", headers=headers).status_code == 200


class TestRevoke:
    def test_revoked_client_token_and_secret_stop_working(
        self, client: TestClient, world: World
    ) -> None:
        created = _create(client, world)
        headers = client_token(client, created["client_id"], created["client_secret"])
        assert client.get("/api/v1/institutions", headers=headers).status_code == 200
        r = client.post(f"{URL}/{created['id']}/revoke", headers=world.h("coord_a"))
        assert r.status_code == 200
        assert r.json()["active"] is False
        assert client.get("/api/v1/institutions", headers=headers).status_code == 401
        r = client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": created["client_id"],
                "client_secret": created["client_secret"],
            },
        )
        assert r.status_code == 401

    def test_other_municipality_404(self, client: TestClient, world: World) -> None:
        created = _create(client, world)
        r = client.post(f"{URL}/{created['id']}/revoke", headers=world.h("coord_b"))
        assert r.status_code == 404

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        created = _create(client, world)
        r = client.post(f"{URL}/{created['id']}/revoke", headers=world.h("teacher_a1"))
        assert r.status_code == 403


class TestRotate:
    def test_old_secret_stops_new_works(self, client: TestClient, world: World) -> None:
        created = _create(client, world, "ikvd")
        r = client.post(f"{URL}/{created['id']}/rotate-secret", headers=world.h("ikvd"))
        assert r.status_code == 200
        new_secret = r.json()["client_secret"]
        assert new_secret != created["client_secret"]
        bad = client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": created["client_id"],
                "client_secret": created["client_secret"],
            },
        )
        assert bad.status_code == 401
        client_token(client, created["client_id"], new_secret)


class TestCreate:
    def test_secret_shown_once_and_audited(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        created = _create(client, world, client_id="jekabpils-it")
        assert created["client_id"] == "jekabpils-it"
        assert len(created["client_secret"]) >= 32
        r = client.get(f"{URL}/{created['id']}", headers=world.h("coord_a"))
        assert "client_secret" not in r.json()
        assert r.json()["last_used_at"] is None
        events = db.scalars(select(AuditEvent).where(AuditEvent.resource_id == created["id"])).all()
        assert [e.action for e in events] == ["create"]

    def test_coordinator_other_municipality_404(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL,
            json={
                "name": "Cits IT",
                "scope_type": "municipality",
                "municipality_id": str(world.muni_b.id),
            },
            headers=world.h("coord_a"),
        )
        assert r.status_code == 404

    def test_coordinator_national_403(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL, json={"name": "Cits IT", "scope_type": "national"}, headers=world.h("coord_a")
        )
        assert r.status_code == 403

    def test_ikvd_national(self, client: TestClient, world: World) -> None:
        created = _create(client, world, "ikvd", scope_type="national")
        assert created["scope_type"] == "national"

    def test_missing_municipality_422(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL, json={"name": "Cits IT", "scope_type": "municipality"}, headers=world.h("ikvd")
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "municipality_id"]

    def test_unknown_field_422(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL,
            json={"name": "Cits IT", "scope_type": "national", "secret": "x"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 422

    def test_duplicate_client_id_409(self, client: TestClient, world: World) -> None:
        _create(client, world, client_id="dup-client")
        r = client.post(
            URL,
            json={
                "name": "Otrs IT",
                "scope_type": "municipality",
                "client_id": "dup-client",
                "municipality_id": str(world.muni_a.id),
            },
            headers=world.h("coord_a"),
        )
        assert r.status_code == 409

    def test_school_director_403(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL, json={"name": "Cits IT", "scope_type": "national"}, headers=world.h("director_a1")
        )
        assert r.status_code == 403


class TestList:
    def test_lists_scope_with_last_use(self, client: TestClient, world: World) -> None:
        mine = _create(client, world)
        theirs = _create(client, world, "coord_b", municipality_id=str(world.muni_b.id))
        client_token(client, mine["client_id"], mine["client_secret"])
        r = client.get(URL, headers=world.h("coord_a"))
        assert r.status_code == 200
        listed = {c["id"]: c for c in r.json()["items"]}
        assert mine["id"] in listed
        assert theirs["id"] not in listed
        assert listed[mine["id"]]["last_used_at"] is not None
        ikvd = {c["id"] for c in client.get(URL, headers=world.h("ikvd")).json()["items"]}
        assert {mine["id"], theirs["id"]} <= ikvd

    def test_integration_client_403(self, client: TestClient, world: World, db: Session) -> None:
        c = api_client(db, world.muni_a.id)
        assert client.get(URL, headers=c.headers).status_code == 403

    def test_get_other_scope_404(self, client: TestClient, world: World) -> None:
        mine = _create(client, world)
        assert client.get(f"{URL}/{mine['id']}", headers=world.h("coord_b")).status_code == 404


def test_list_pages_with_cursor(client: TestClient, world: World) -> None:
    made = {_create(client, world)["id"] for _ in range(3)}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get(URL, params=params, headers=world.h("coord_a")).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert made <= set(seen)
    assert len(seen) == len(set(seen))


@pytest.mark.skipif(not PG_ADMIN_URL, reason="row locks: SQLite has one writer at a time")
def test_noting_a_clients_use_never_waits_for_its_row(database_url: str, engine: Engine) -> None:
    """When a busy client's last use turns stale, all its parallel requests see it at once; none
    may queue behind another's transaction for the row. A request whose client row is held goes
    on without writing, and the next one writes."""
    own = make_engine(database_url)  # ``engine`` migrated the database; this one commits
    factory = sessionmaker(bind=own, expire_on_commit=False)
    old = utcnow() - timedelta(hours=1)
    with factory() as s:
        row = ApiClient(
            name="Slodzes IT",
            client_id=f"load-{uuid.uuid4().hex[:10]}",
            scope_type=ScopeType.national,
            secret_hash=hash_opaque_token("x" * 32),
            last_used_at=old,
        )
        s.add(row)
        s.commit()
    try:
        with factory() as holder, factory() as request:
            holder.execute(select(ApiClient).where(ApiClient.id == row.id).with_for_update())
            request.execute(text("SET LOCAL lock_timeout = '3s'"))
            principal = integrations_service.principal_for_token(request, client_id=row.id)
            assert principal is not None
            request.commit()
            holder.rollback()
        with factory() as s:
            assert s.get(ApiClient, row.id).last_used_at == old  # type: ignore[union-attr]
            integrations_service.principal_for_token(s, client_id=row.id)
            s.commit()
        with factory() as s:
            assert s.get(ApiClient, row.id).last_used_at > old  # type: ignore[union-attr]
    finally:
        with factory() as s:
            s.execute(delete(ApiClient).where(ApiClient.id == row.id))
            s.commit()
        own.dispose()
