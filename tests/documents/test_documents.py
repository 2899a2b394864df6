"""Documents: recognised by content, size-limited, encrypted at rest, in the plan's scope only,
restricted ones hidden from the roles of DESIGN §4, every download audited, removal kept."""

import base64
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.core.config import get_settings
from backend.core.db import local_today
from backend.core.security import open_bytes
from backend.plans.measures.models import Delivery, Measure
from backend.students.models import Consent
from tests.factories import World
from tests.plans.helpers import Draft, activate, ready_draft
from tests.problems import API, assert_problem

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n" + b"0" * 200
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def documents_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(get_settings(), "documents_dir", str(tmp_path))
    return tmp_path


def upload(
    client: TestClient,
    world: World,
    plan_id: str,
    who: str = "teacher_a1",
    content: bytes = PDF,
    name: str = "parakstits-plans.pdf",
    **form: Any,
) -> Any:
    return client.post(
        f"{API}/plans/{plan_id}/documents",
        files={"file": (name, content, "application/octet-stream")},
        data={"kind": "signed_plan", **form},
        headers=world.h(who),
    )


def listed(client: TestClient, world: World, plan_id: str, who: str, **params: Any) -> list[Any]:
    r = client.get(f"{API}/plans/{plan_id}/documents", params=params, headers=world.h(who))
    assert r.status_code == 200, r.text
    result: list[Any] = r.json()
    return result


@pytest.fixture
def draft(client: TestClient, db: Session, world: World) -> Draft:
    return ready_draft(client, db, world)


class TestUpload:
    def test_pdf_and_png_by_content(self, client: TestClient, world: World, draft: Draft) -> None:
        r = upload(client, world, draft.id)
        assert r.status_code == 201, r.text
        assert r.json()["content_type"] == "application/pdf"
        # The name says PDF, the content says PNG: the content wins, and so does the extension.
        r = upload(client, world, draft.id, content=PNG, name="skenejums.pdf")
        assert r.status_code == 201, r.text
        assert r.json()["content_type"] == "image/png"
        assert r.json()["filename"] == "skenejums.png"
        assert len(listed(client, world, draft.id, "director_a1")) == 2

    def test_a_renamed_executable_is_refused(
        self, client: TestClient, world: World, draft: Draft
    ) -> None:
        assert_problem(
            upload(client, world, draft.id, content=ELF, name="a.pdf"), 422, field="file"
        )
        text = b"just some text that claims to be a picture"
        assert_problem(
            upload(client, world, draft.id, content=text, name="a.png"), 422, field="file"
        )
        assert listed(client, world, draft.id, "teacher_a1") == []

    def test_size_limit(
        self, client: TestClient, world: World, draft: Draft, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "document_max_bytes", 100)
        assert_problem(upload(client, world, draft.id), 422, field="file")

    def test_other_school_gets_404(self, client: TestClient, world: World, draft: Draft) -> None:
        for who in ("teacher_b1", "director_b1", "coord_b"):
            assert upload(client, world, draft.id, who).status_code == 404, who
        # A role that reads no plans at all is refused as such.
        assert_problem(upload(client, world, draft.id, "ngo"), 403)

    def test_read_only_roles_cannot_upload(
        self, client: TestClient, world: World, draft: Draft
    ) -> None:
        assert_problem(upload(client, world, draft.id, "coord_a"), 403)

    def test_unknown_kind_is_refused(self, client: TestClient, world: World, draft: Draft) -> None:
        assert_problem(upload(client, world, draft.id, kind="selfie"), 422, field="kind")


class TestEncryptedAtRest:
    def test_the_file_on_disk_is_not_readable_without_the_key(
        self, client: TestClient, world: World, draft: Draft, documents_dir: Path
    ) -> None:
        doc_id = uuid.UUID(upload(client, world, draft.id).json()["id"])
        (stored,) = [p for p in documents_dir.rglob("*") if p.is_file()]
        raw = stored.read_bytes()
        assert b"%PDF" not in raw
        assert PDF[:40] not in raw
        assert open_bytes(raw, b"document:" + doc_id.bytes) == PDF
        other = get_settings().model_copy(update={"data_key": base64.b64encode(b"k" * 32).decode()})
        with pytest.raises(InvalidTag):
            open_bytes(raw, b"document:" + doc_id.bytes, other)


class TestDownload:
    def test_in_scope_and_audited(
        self, client: TestClient, db: Session, world: World, draft: Draft
    ) -> None:
        doc = upload(client, world, draft.id).json()
        for who in ("director_a1", "coord_a", "ikvd", "school_coord_a1"):
            r = client.get(f"{API}/documents/{doc['id']}/content", headers=world.h(who))
            assert r.status_code == 200, who
            assert r.content == PDF
            assert r.headers["content-type"] == "application/pdf"
            assert r.headers["content-disposition"].startswith("attachment")
        reads = db.scalars(
            select(AuditEvent).where(
                AuditEvent.resource_type == "document",
                AuditEvent.resource_id == doc["id"],
                AuditEvent.action == AuditAction.read,
            )
        ).all()
        assert len(reads) == 4
        assert all(str(e.student_id) == str(draft.student.id) for e in reads)
        assert all(e.detail == "download" for e in reads)

    def test_other_school_gets_404(self, client: TestClient, world: World, draft: Draft) -> None:
        doc = upload(client, world, draft.id).json()
        for who in ("teacher_b1", "director_b1", "coord_b", "director_v1", "ngo"):
            r = client.get(f"{API}/documents/{doc['id']}/content", headers=world.h(who))
            assert_problem(r, 404)
        for who in ("teacher_b1", "director_b1", "coord_b", "director_v1"):
            r = client.get(f"{API}/plans/{draft.id}/documents", headers=world.h(who))
            assert r.status_code == 404, who
        r = client.get(f"{API}/plans/{draft.id}/documents", headers=world.h("ngo"))
        assert_problem(r, 403)


class TestList:
    def test_listing_is_audited_per_document(
        self, client: TestClient, db: Session, world: World, draft: Draft
    ) -> None:
        doc = upload(client, world, draft.id).json()
        listed(client, world, draft.id, "director_a1")
        reads = db.scalars(
            select(AuditEvent).where(
                AuditEvent.resource_id == doc["id"],
                AuditEvent.action == AuditAction.read,
                AuditEvent.actor_user_id == world.actors["director_a1"].user.id,
            )
        ).all()
        assert len(reads) == 1


class TestRestricted:
    def test_hidden_from_roles_that_do_not_see_restricted_notes(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world, author="specialist_a1")
        doc = upload(
            client, world, draft.id, "specialist_a1", kind="specialist_summary", restricted="true"
        ).json()
        assert doc["restricted"] is True
        for who in ("specialist_a1", "director_a1"):
            assert [d["id"] for d in listed(client, world, draft.id, who)] == [doc["id"]]
            r = client.get(f"{API}/documents/{doc['id']}/content", headers=world.h(who))
            assert r.status_code == 200
        for who in ("teacher_a1", "school_coord_a1", "coord_a", "ikvd"):
            assert listed(client, world, draft.id, who) == [], who
            r = client.get(f"{API}/documents/{doc['id']}/content", headers=world.h(who))
            assert_problem(r, 404)

    def test_only_those_who_see_restricted_may_restrict(
        self, client: TestClient, world: World, draft: Draft
    ) -> None:
        r = upload(client, world, draft.id, "school_coord_a1", restricted="true")
        assert_problem(r, 403)


class TestTargets:
    def test_delivery_and_consent(self, client: TestClient, db: Session, world: World) -> None:
        plan = activate(client, db, world)
        measure = db.scalars(select(Measure).where(Measure.plan_id == uuid.UUID(plan.id))).one()
        delivery = Delivery(
            measure_id=measure.id,
            plan_id=measure.plan_id,
            delivered_on=local_today(),
            duration_minutes=40,
            evidence_reference="KVĪTS-17",
            recorded_by_id=world.actors["teacher_a1"].user.id,
        )
        db.add(delivery)
        db.flush()
        r = upload(client, world, plan.id, kind="receipt", delivery_id=str(delivery.id))
        assert r.status_code == 201, r.text
        consent = db.scalars(select(Consent).where(Consent.student_id == plan.student.id)).one()
        r = upload(client, world, plan.id, kind="consent", consent_id=str(consent.id))
        assert r.status_code == 201, r.text
        on_delivery = listed(client, world, plan.id, "teacher_a1", delivery_id=str(delivery.id))
        assert [d["kind"] for d in on_delivery] == ["receipt"]
        assert len(listed(client, world, plan.id, "teacher_a1")) == 2

    def test_a_delivery_of_another_plan_is_refused(
        self, client: TestClient, db: Session, world: World, draft: Draft
    ) -> None:
        r = upload(client, world, draft.id, kind="receipt", delivery_id=str(uuid.uuid4()))
        assert_problem(r, 422, field="delivery_id")
        r = upload(client, world, draft.id, kind="consent", consent_id=str(uuid.uuid4()))
        assert_problem(r, 422, field="consent_id")


class TestRemove:
    def test_leaves_a_history_entry_and_no_file(
        self, client: TestClient, db: Session, world: World, draft: Draft, documents_dir: Path
    ) -> None:
        doc = upload(client, world, draft.id).json()
        r = client.delete(f"{API}/documents/{doc['id']}", headers=world.h("school_coord_a1"))
        assert_problem(r, 403)
        r = client.delete(f"{API}/documents/{doc['id']}", headers=world.h("teacher_b1"))
        assert_problem(r, 404)
        r = client.delete(f"{API}/documents/{doc['id']}", headers=world.h("teacher_a1"))
        assert r.status_code == 204
        (entry,) = listed(client, world, draft.id, "director_a1")
        assert entry["removed_at"] is not None
        assert entry["removed_by_id"] == str(world.actors["teacher_a1"].user.id)
        r = client.get(f"{API}/documents/{doc['id']}/content", headers=world.h("teacher_a1"))
        assert_problem(r, 404)
        assert [p for p in documents_dir.rglob("*") if p.is_file()] == []
        deleted = db.scalars(
            select(AuditEvent).where(
                AuditEvent.resource_id == doc["id"], AuditEvent.action == AuditAction.delete
            )
        ).all()
        assert len(deleted) == 1
