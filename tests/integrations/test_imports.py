import random
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.db import DbSession
from backend.integrations import imports
from backend.integrations.router import ImportRunner, import_runner
from backend.students.models import Enrollment, Student, StudentGuardian
from tests.factories import World, legacy_code, student
from tests.integrations.helpers import ANY_BIRTH_DATE as BORN

URL = "/api/v1/imports/students"
HEADER_LV = "vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis;aizbildna_talrunis"


@pytest.fixture
def inline_imports(app: FastAPI, client: TestClient) -> Iterator[None]:
    """Run the import inside the test's transaction instead of on a background thread."""

    def runner(session: DbSession) -> ImportRunner:
        def run_now(principal: object, prepared: imports.Prepared) -> None:
            imports.run(session, principal, prepared.job.id, prepared.students)  # type: ignore[arg-type]

        return run_now

    app.dependency_overrides[import_runner] = runner
    yield
    app.dependency_overrides.pop(import_runner, None)


def _codes(n: int) -> list[str]:
    rng = random.Random()
    prefix = f"3{rng.randint(2, 9)}{rng.randint(0, 9999):04d}"
    start = rng.randint(0, 80_000)
    return [f"{prefix}-{start + i:05d}" for i in range(n)]


def _post(
    client: TestClient, world: World, body: bytes, *, dry_run: bool, actor: str = "school_coord_a1"
):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        files={"file": ("skoleni.csv", body, "text/csv")},
        data={"institution_id": str(world.a1.id), "dry_run": str(dry_run).lower()},
        headers=world.h(actor),
    )


def _count(db: Session, world: World) -> int:
    return db.scalar(select(func.count()).where(Student.institution_id == world.a1.id)) or 0


class TestDryRun:
    def test_lists_every_problem_and_writes_nothing(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        existing = student(db, world.a1)
        from backend.core.security import decrypt_personal_code

        taken = decrypt_personal_code(existing.personal_code_encrypted)
        # Codes of one birth date can repeat: draw until each row's own code is unique.
        codes: list[str] = []
        while len(codes) < 5:
            code = legacy_code(BORN)
            if code != taken and code not in codes:
                codes.append(code)
        good, no_family, unknown_class, bad_date, bad_phone = codes
        lines = [
            HEADER_LV,
            f"Anna;Kalniņa;{good};17.05.2013;7.a;Ilze Kalniņa;+371 20000001",
            f"Jānis;;{no_family};2013-05-17;7.a;;",  # no family name
            "Pēteris;Ozols;123;2013-05-17;;;",  # bad code
            f"Laura;Liepa;{unknown_class};2013-05-17;9.z;;",  # unknown class
            f"Marta;Egle;{good};2013-05-17;;;",  # same code as row 2
            f"Oskars;Vītols;{taken};2013-05-17;;;",  # registered already
            f"Rita;Bērza;{bad_date};vakar;;;",  # bad date
            f"Zane;Kļava;{bad_phone};2013-05-17;;Tēvs;123",  # bad phone
        ]
        before = _count(db, world)
        r = _post(client, world, "\n".join(lines).encode(), dry_run=True)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["dry_run"] is True
        assert body["valid"] is False
        assert body["total_rows"] == 8
        found = {(p["row"], p["column"]) for p in body["problems"]}
        assert found == {
            (3, "uzvards"),
            (4, "personas_kods"),
            (5, "klase"),
            (6, "personas_kods"),
            (7, "personas_kods"),
            (8, "dzimsanas_datums"),
            (9, "aizbildna_talrunis"),
        }
        assert _count(db, world) == before

    def test_valid_english_comma_file(self, client: TestClient, world: World) -> None:
        lines = [
            "given_name,family_name,personal_code,date_of_birth,class,extra column",
            f"Anna,Kalniņa,{legacy_code(BORN)},2013-05-17,7.a,ignored",
        ]
        r = _post(client, world, "\n".join(lines).encode(), dry_run=True)
        assert r.status_code == 200
        assert r.json() == {"dry_run": True, "total_rows": 1, "valid": True, "problems": []}


class TestMalformed:
    def test_not_utf8_names_row(self, client: TestClient, world: World) -> None:
        body = (HEADER_LV + "\n" + f"Anna;Kalnina;{legacy_code(BORN)};2013-05-17;;;\n").encode()
        body += "Jānis;Bērziņš;x;2013-05-17;;;\n".encode("cp1257")
        r = _post(client, world, body, dry_run=True)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["detail"].startswith("Row 3:")
        assert r.json()["errors"][0]["loc"][:3] == ["body", "file", 3]

    def test_missing_required_column(self, client: TestClient, world: World) -> None:
        body = b"vards;uzvards;dzimsanas_datums\nAnna;Kalnina;2013-05-17\n"
        r = _post(client, world, body, dry_run=False)
        assert r.status_code == 422
        assert r.json()["detail"].startswith("Row 1:")
        assert "personas_kods" in r.json()["detail"]

    def test_not_csv(self, client: TestClient, world: World) -> None:
        r = _post(client, world, b"\x89PNG\r\n\x1a\n\x00\x00\x00", dry_run=True)
        assert r.status_code == 422
        assert r.json()["detail"].startswith("Row 1:")

    def test_too_many_fields_names_row(self, client: TestClient, world: World) -> None:
        body = b"vards;uzvards;personas_kods;dzimsanas_datums\nA;B;C;D\nA;B;C;D;E;F\n"
        r = _post(client, world, body, dry_run=True)
        assert r.status_code == 422
        assert r.json()["detail"].startswith("Row 3:")


@pytest.mark.usefixtures("inline_imports")
class TestImport:
    def test_ten_thousand_rows(self, client: TestClient, world: World, db: Session) -> None:
        codes = _codes(10_000)
        lines = [HEADER_LV] + [
            f"Vārds{i};Uzvārds{i};{code};17.05.2013;7.a;Aizbildnis {i};+371 2{i:07d}"
            for i, code in enumerate(codes)
        ]
        before = _count(db, world)
        r = _post(client, world, "\n".join(lines).encode(), dry_run=False)
        assert r.status_code == 202, r.text[:500]
        job = r.json()
        assert r.headers["location"] == f"/api/v1/imports/{job['id']}"
        polled = client.get(f"/api/v1/imports/{job['id']}", headers=world.h("school_coord_a1"))
        assert polled.status_code == 200
        assert polled.json()["status"] == "succeeded"
        assert polled.json()["total_rows"] == 10_000
        assert polled.json()["processed_rows"] == 10_000
        assert polled.json()["created_rows"] == 10_000
        assert _count(db, world) == before + 10_000
        new_ids = select(Student.id).where(
            Student.personal_code_hash.in_(
                select(Student.personal_code_hash).where(Student.search_name.like("uzvards%"))
            )
        )
        assert db.scalar(select(func.count()).where(Enrollment.student_id.in_(new_ids))) == 10_000
        links = select(func.count()).where(StudentGuardian.student_id.in_(new_ids))
        assert db.scalar(links) == 10_000
        audited = select(func.count()).where(
            AuditEvent.detail == "import", AuditEvent.institution_id == world.a1.id
        )
        assert db.scalar(audited) == 10_000

    def test_file_with_problems_writes_nothing(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        lines = [
            HEADER_LV,
            f"Anna;Kalniņa;{legacy_code(BORN)};2013-05-17;7.a;;",
            f"Jānis;Ozols;{legacy_code(BORN)};2099-01-01;7.a;;",
        ]
        before = _count(db, world)
        r = _post(client, world, "\n".join(lines).encode(), dry_run=False)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "file", 3, "dzimsanas_datums"]
        assert _count(db, world) == before

    def test_reads_class_and_guardian(self, client: TestClient, world: World, db: Session) -> None:
        code = legacy_code(BORN)
        lines = [HEADER_LV, f"Anna;Kalniņa;{code};17.05.2013;7.a;Ilze Kalniņa;+371 20000001"]
        r = _post(client, world, "\n".join(lines).encode(), dry_run=False)
        assert r.status_code == 202
        from backend.core.security import personal_code_lookup_hash

        row = db.scalar(
            select(Student).where(Student.personal_code_hash == personal_code_lookup_hash(code))
        )
        assert row is not None
        assert row.class_group_id == world.class_a1.id
        assert row.date_of_birth == BORN
        r = client.get(f"/api/v1/students/{row.id}/guardians", headers=world.h("school_coord_a1"))
        assert [g["full_name"] for g in r.json()] == ["Ilze Kalniņa"]


class TestAccess:
    BODY = f"{HEADER_LV}\nAnna;Kalniņa;320000-00001;2013-05-17;;;\n".encode()

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        assert _post(client, world, self.BODY, dry_run=True, actor="teacher_a1").status_code == 403

    def test_other_school_404(self, client: TestClient, world: World) -> None:
        r = _post(client, world, self.BODY, dry_run=True, actor="school_coord_b1")
        assert r.status_code == 404

    def test_missing_institution_422(self, client: TestClient, world: World) -> None:
        r = client.post(
            URL, files={"file": ("a.csv", self.BODY)}, headers=world.h("school_coord_a1")
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "institution_id"]

    @pytest.mark.usefixtures("inline_imports")
    def test_job_of_other_school_404(self, client: TestClient, world: World) -> None:
        r = _post(client, world, self.BODY, dry_run=False)
        assert r.status_code == 202
        job = r.json()["id"]
        assert (
            client.get(f"{URL[:-9]}/{job}", headers=world.h("school_coord_b1")).status_code == 404
        )
        assert client.get(f"{URL[:-9]}/{job}", headers=world.h("director_a1")).status_code == 200
