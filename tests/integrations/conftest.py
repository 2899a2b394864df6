"""Fixtures for tests that need real commits: the webhook worker and concurrent writers read
what other connections committed, which a rolled-back test transaction cannot show them."""

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.models import AuditEvent
from backend.core.security import hash_opaque_token
from backend.events import service as outbox
from backend.events.models import OutboxEvent
from backend.identity.models import RefreshToken
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations.models import (
    ApiClient,
    ImportJob,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    InstitutionType,
    Municipality,
    SchoolYear,
)
from backend.students.models import Enrollment, Guardian, Student, StudentGuardian
from backend.users.models import RoleAssignment, User
from tests import factories


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


@dataclass
class ImportSchool:
    """A committed school with a class 7.a and a school coordinator who may import into it."""

    institution: Institution
    coordinator: RoleAssignment
    headers: dict[str, str]
    factory: sessionmaker[Session]

    @property
    def principal(self) -> Principal:
        return Principal(
            role=Role.school_coordinator,
            scope_type=ScopeType.institution,
            scope_id=self.institution.id,
        )

    def students(self) -> int:
        with self.factory() as session:
            stmt = select(func.count()).where(Student.institution_id == self.institution.id)
            return session.scalar(stmt) or 0


IMPORT_HEADER = "vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis"


def import_file(codes: list[str]) -> bytes:
    rows = [f"Vārds{i};Uzvārds{i};{c};17.05.2013;7.a;Aizbildnis {i}" for i, c in enumerate(codes)]
    return "\n".join([IMPORT_HEADER, *rows]).encode()


def new_codes(n: int) -> list[str]:
    """``n`` personal codes of the new format that no other test hands out."""
    prefix = f"38{uuid.uuid4().int % 10_000:04d}"
    return [f"{prefix}-{i:05d}" for i in range(n)]


@pytest.fixture
def import_school(committed: Committed) -> Iterator[ImportSchool]:
    with committed.factory() as session:
        inst = Institution(
            name="Commit vidusskola",
            registration_number=f"{uuid.uuid4().int % 10**11:011d}",
            type=InstitutionType.general_municipal,
            municipality_id=committed.municipality.id,
            approval_route=ApprovalRoute.municipal,
        )
        session.add(inst)
        year = SchoolYear(
            name=f"T{uuid.uuid4().hex[:6]}",
            starts_on=date(2000, 9, 1),
            ends_on=date(2099, 8, 31),
        )
        session.add(year)
        session.flush()
        session.add(
            ClassGroup(institution_id=inst.id, school_year_id=year.id, grade=7, label="7.a")
        )
        coordinator, assignment = factories.user(session, Role.school_coordinator, inst.id)
        # The token's login session is committed with the rest.
        headers = factories.headers_for(assignment)
        session.commit()
    try:
        yield ImportSchool(inst, assignment, headers, committed.factory)
    finally:
        with committed.factory() as session:
            students = select(Student.id).where(Student.institution_id == inst.id)
            guardians = select(StudentGuardian.guardian_id).where(
                StudentGuardian.student_id.in_(students)
            )
            guardian_ids = list(session.scalars(guardians))
            session.execute(delete(AuditEvent).where(AuditEvent.institution_id == inst.id))
            session.execute(delete(AuditEvent).where(AuditEvent.actor_user_id == coordinator.id))
            session.execute(delete(StudentGuardian).where(StudentGuardian.student_id.in_(students)))
            session.execute(delete(Guardian).where(Guardian.id.in_(guardian_ids)))
            session.execute(delete(Enrollment).where(Enrollment.institution_id == inst.id))
            session.execute(delete(Student).where(Student.institution_id == inst.id))
            session.execute(delete(ImportJob).where(ImportJob.institution_id == inst.id))
            session.execute(delete(RefreshToken).where(RefreshToken.user_id == coordinator.id))
            session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == coordinator.id))
            session.execute(delete(User).where(User.id == coordinator.id))
            session.execute(delete(ClassGroup).where(ClassGroup.institution_id == inst.id))
            session.execute(delete(SchoolYear).where(SchoolYear.id == year.id))
            session.execute(delete(Institution).where(Institution.id == inst.id))
            session.commit()
