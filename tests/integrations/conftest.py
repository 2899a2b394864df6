"""Fixtures for tests that need real commits: the webhook worker and concurrent writers read
what other connections committed, which a rolled-back test transaction cannot show them."""

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditEvent
from backend.auth.roles import ScopeType
from backend.core.security import hash_opaque_token
from backend.integrations.models import ApiClient, WebhookDelivery, WebhookSubscription
from backend.plans import outbox
from backend.plans.models import OutboxEvent
from backend.schools.models import Municipality


@dataclass
class Committed:
    """A session factory on the real engine; everything made through it is removed at the end."""

    factory: sessionmaker[Session]
    municipality: Municipality
    clients: list[uuid.UUID] = field(default_factory=list)

    def client(self) -> ApiClient:
        with self.factory() as session:
            row = ApiClient(
                name="Testa IT",
                client_id=f"test-{uuid.uuid4().hex[:10]}",
                scope_type=ScopeType.municipality,
                municipality_id=self.municipality.id,
                secret_hash=hash_opaque_token("x"),
            )
            session.add(row)
            session.commit()
        self.clients.append(row.id)
        return row

    def emit(self, resource_id: uuid.UUID, type: str = "plan.updated", n: int = 0) -> int:
        """Commit one outbox event of this municipality; return its sequence number."""
        with self.factory() as session:
            event = outbox.emit(
                session,
                type,
                "plan",
                resource_id,
                f"IAP-TEST-{str(resource_id)[:8]}",
                {"status": "active", "n": n},
                institution_id=None,
                municipality_id=self.municipality.id,
            )
            session.commit()
            return event.sequence


@pytest.fixture
def committed(engine: Engine) -> Iterator[Committed]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        muni = Municipality(name="Commit novads", atvk_code=f"9{uuid.uuid4().int % 10**6:06d}")
        session.add(muni)
        session.commit()
    made = Committed(factory, muni)
    try:
        yield made
    finally:
        with factory() as session:
            subscriptions = select(WebhookSubscription.id).where(
                WebhookSubscription.client_id.in_(made.clients)
            )
            session.execute(
                delete(WebhookDelivery).where(WebhookDelivery.subscription_id.in_(subscriptions))
            )
            session.execute(
                delete(WebhookSubscription).where(WebhookSubscription.client_id.in_(made.clients))
            )
            session.execute(delete(AuditEvent).where(AuditEvent.actor_client_id.in_(made.clients)))
            session.execute(delete(ApiClient).where(ApiClient.id.in_(made.clients)))
            session.execute(delete(OutboxEvent).where(OutboxEvent.municipality_id == muni.id))
            session.execute(delete(Municipality).where(Municipality.id == muni.id))
            session.commit()
            left = session.scalar(
                select(func.count()).where(OutboxEvent.municipality_id == muni.id)
            )
            assert left == 0


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1; ``answer`` decides the status code of each request."""

    url: str
    received: list[Received]
    answer: Callable[[Received], int]
    lock: threading.Lock

    def bodies(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r.event for r in self.received]

    def wait_for(self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float) -> bool:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.bodies()):
                return True
            time.sleep(0.02)
        return predicate(self.bodies())


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serve_receiver() as state:
        yield state


@contextmanager
def serve_receiver() -> Iterator[Receiver]:
    received: list[Received] = []
    lock = threading.Lock()
    state = Receiver(url="", received=received, answer=lambda _r: 200, lock=lock)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            item = Received(dict(self.headers.items()), self.rfile.read(length))
            with lock:
                received.append(item)
            code = state.answer(item)
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
