"""Factories for the integration tests: API clients and their tokens."""

import uuid
from dataclasses import dataclass
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.security import create_access_token, hash_opaque_token
from backend.identity.roles import Role, ScopeType
from backend.integrations.models import ApiClient

SECRET = "s3cret-for-the-tests-only-0123456789"


@dataclass
class Client:
    row: ApiClient
    secret: str
    headers: dict[str, str]


def api_client(
    db: Session, municipality_id: uuid.UUID | None, *, client_id: str | None = None
) -> Client:
    row = ApiClient(
        name="Testa IT",
        client_id=client_id or f"test-{uuid.uuid4().hex[:10]}",
        scope_type=ScopeType.municipality if municipality_id else ScopeType.national,
        municipality_id=municipality_id,
        secret_hash=hash_opaque_token(SECRET),
    )
    db.add(row)
    db.flush()
    token, _ = create_access_token(
        subject=str(row.id),
        role=Role.integration_client,
        scope_type=row.scope_type,
        scope_id=row.municipality_id,
        assignment_id=None,
    )
    return Client(row, SECRET, {"Authorization": f"Bearer {token}"})


def client_token(client: TestClient, client_id: str, secret: str) -> dict[str, str]:
    r = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


ANY_BIRTH_DATE = date(2013, 5, 17)
