"""Issue 14 defect 8: whether a personal code is registered somewhere in the country is no longer
an unlimited, silent oracle. A code registered outside the caller's scope answers only that a
transfer is needed (not where, not who), is audited, and counts against a per-user limit."""

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.ratelimit import limiter
from backend.core.security import decrypt_personal_code
from backend.students.models import Student
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/students"
BORN = date(2013, 5, 17)
HEADER = "vards;uzvards;personas_kods;dzimsanas_datums"


@pytest.fixture
def lookup_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(get_settings(), "rate_limits_enabled", True)
    monkeypatch.setattr(get_settings(), "rate_limit_code_lookup", "2/hour")
    monkeypatch.setattr(get_settings(), "rate_limit_storage_url", "memory://")
    limiter().reset()
    yield
    limiter().reset()


def _registered(db: Session, world: World) -> tuple[Student, str]:
    row = f.student(db, world.a1, given_name="Elza", family_name="Unikāla", born=BORN)
    return row, decrypt_personal_code(row.personal_code_encrypted)


def _create(client: TestClient, world: World, code: str, actor: str = "school_coord_b1"):  # type: ignore[no-untyped-def]
    inst = world.b1 if actor.endswith("b1") else world.a1
    body = {
        "given_name": "Anna",
        "family_name": "Bērziņa",
        "date_of_birth": BORN.isoformat(),
        "personal_code": code,
        "institution_id": str(inst.id),
    }
    return client.post(URL, json=body, headers=world.h(actor))


def _dry_run(client: TestClient, world: World, codes: list[str]):  # type: ignore[no-untyped-def]
    lines = [HEADER] + [f"Anna;Bērziņa;{code};17.05.2013" for code in codes]
    return client.post(
        f"{API}/imports/students",
        files={"file": ("skoleni.csv", "\n".join(lines).encode(), "text/csv")},
        data={"institution_id": str(world.b1.id), "dry_run": "true"},
        headers=world.h("school_coord_b1"),
    )


class TestCreateStudent:
    def test_code_elsewhere_answers_only_that_a_transfer_is_needed(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        existing, code = _registered(db, world)
        body = assert_problem(_create(client, world, code), 409)
        assert body["type"].endswith("/registered-elsewhere")
        assert "transfer" in body["detail"]
        for secret in (world.a1.name, "Elza", "Unikāla", str(existing.id), str(world.a1.id)):
            assert secret not in str(body)

    def test_code_elsewhere_is_audited(self, client: TestClient, world: World, db: Session) -> None:
        existing, code = _registered(db, world)
        assert_problem(_create(client, world, code), 409)
        events = audit_events(db, resource_type="personal_code_lookup", student_id=existing.id)
        assert [(e.actor_user_id, e.action) for e in events] == [
            (world.actors["school_coord_b1"].user.id, "read")
        ]

    def test_code_in_own_scope_is_a_plain_duplicate(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        _, code = _registered(db, world)
        body = assert_problem(_create(client, world, code, actor="school_coord_a1"), 409)
        assert body["type"].endswith("/conflict")
        actor = world.actors["school_coord_a1"].user.id
        assert audit_events(db, resource_type="personal_code_lookup", actor_user_id=actor) == []

    @pytest.mark.usefixtures("lookup_limit")
    def test_lookups_elsewhere_are_limited_per_user(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        codes = [_registered(db, world)[1] for _ in range(3)]
        assert_problem(_create(client, world, codes[0]), 409)
        assert_problem(_create(client, world, codes[1]), 409)
        r = _create(client, world, codes[2])
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        # Refused or not, every look-up is in the trail.
        actor = world.actors["school_coord_b1"].user.id
        assert len(audit_events(db, resource_type="personal_code_lookup", actor_user_id=actor)) == 3
        # Another user keeps their own allowance.
        assert_problem(_create(client, world, codes[2], actor="director_b1"), 409)


class TestDryRunImport:
    def test_rows_with_codes_elsewhere_say_transfer_and_are_audited(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        existing, code = _registered(db, world)
        r = _dry_run(client, world, [code])
        assert r.status_code == 200, r.text
        (problem,) = r.json()["problems"]
        assert "transfer" in problem["message"]
        assert world.a1.name not in problem["message"]
        events = audit_events(db, resource_type="personal_code_lookup", student_id=existing.id)
        assert len(events) == 1

    @pytest.mark.usefixtures("lookup_limit")
    def test_a_file_of_codes_elsewhere_is_limited(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        codes = [_registered(db, world)[1] for _ in range(3)]
        assert_problem(_dry_run(client, world, codes), 429)
        actor = world.actors["school_coord_b1"].user.id
        assert len(audit_events(db, resource_type="personal_code_lookup", actor_user_id=actor)) == 3
