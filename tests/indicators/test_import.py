"""The CSV import: e-journal shaped files in Latvian or English, a dry run that lists every
problem by row and column, all or nothing, progress through the import job."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.core.security import decrypt_personal_code
from backend.indicators import imports
from backend.indicators.models import StudentIndicator
from backend.indicators.router import ImportRunner, import_runner
from tests import factories
from tests.factories import World
from tests.indicators.helpers import levels, mid
from tests.problems import API, assert_problem


class _Same:
    """The test's session, lent to the import's own transaction without closing it."""

    def __init__(self, db: Session) -> None:
        self.db = db

    def __enter__(self) -> Session:
        return self.db

    def __exit__(self, *_: object) -> None:
        return None


@pytest.fixture
def inline_runner(app: FastAPI, db: Session) -> Iterator[None]:
    def runner() -> ImportRunner:
        return lambda principal, prepared: imports.run_in_own_session(
            principal,
            prepared,
            session_factory=lambda: _Same(db),  # type: ignore[arg-type,return-value]
        )

    app.dependency_overrides[import_runner] = runner
    yield
    app.dependency_overrides.pop(import_runner, None)


def _post(client: TestClient, w: World, data: bytes, *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return client.post(
        f"{API}/indicators/imports",
        data={"institution_id": str(w.a1.id), "dry_run": str(dry_run).lower()},
        files={"file": ("e-klase.csv", data, "text/csv")},
        headers=w.h("school_coord_a1"),
    )


def test_latvian_file_with_semicolons(
    db: Session, client: TestClient, world: World, inline_runner: None
) -> None:
    anna = factories.student(db, world.a1, world.class_a1)
    peteris = factories.student(db, world.a1, world.class_a1, given_name="Pēteris")
    code = decrypt_personal_code(anna.personal_code_encrypted)
    semester = world.semesters[0]
    day = mid(semester).strftime("%d.%m.%Y")
    data = (
        "Personas kods;Skolēna ID;Datums;Stundas;Attaisnoti kavējumi;Neattaisnoti kavējumi;"
        "Uzvedības pārkāpumi;Vērtējums: Matemātika;Vērtējums: Vēsture\n"
        f"{code};;{day};300;4;24;0;3;6\n"
        f";{peteris.id};{day};300;2;1;0;8;9\n"
    ).encode()
    dry = _post(client, world, data, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json() == {"dry_run": True, "total_rows": 2, "valid": True, "problems": []}
    assert db.scalar(select(func.count()).select_from(StudentIndicator)) == 0
    r = _post(client, world, data)
    assert r.status_code == 202, r.text
    job = client.get(r.headers["Location"], headers=world.h("school_coord_a1")).json()
    assert job["status"] == "succeeded"
    assert job["processed_rows"] == 2
    found = levels(client, world.h("teacher_a1"), anna.id, semester.id)
    assert found["A2"][0] == "alert"
    assert found["C1"][0] == "alert"  # mathematics failing
    assert levels(client, world.h("teacher_a1"), peteris.id, semester.id) == {}


def test_english_file_with_commas(
    db: Session, client: TestClient, world: World, inline_runner: None
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    semester = world.semesters[0]
    data = (
        "student_id,as_of,lessons,excused_absences,unexcused_absences,repeating_year\n"
        f"{stu.id},{mid(semester).isoformat()},100,0,0,yes\n"
    ).encode()
    r = _post(client, world, data)
    assert r.status_code == 202, r.text
    assert levels(client, world.h("teacher_a1"), stu.id, semester.id)["C3"][0] == "alert"


def test_bad_file_writes_nothing_and_names_row_and_column(
    db: Session, client: TestClient, world: World, inline_runner: None
) -> None:
    stu = factories.student(db, world.a1, world.class_a1)
    other_school = factories.student(db, world.b1, world.class_b1)
    day = mid(world.semesters[0]).isoformat()
    day2 = (mid(world.semesters[0]) + timedelta(days=1)).isoformat()
    day3 = (mid(world.semesters[0]) + timedelta(days=2)).isoformat()
    data = (
        "skolena_id;datums;stundas;attaisnoti_kavejumi;neattaisnoti_kavejumi;Vērtējums: Fizika\n"
        f"{stu.id};{day};100;0;3;7\n"
        f"{stu.id};31.02.2026;100;0;3;7\n"
        f"{stu.id};{day2};ten;0;3;7\n"
        f"{other_school.id};{day};100;0;3;7\n"
        f"{stu.id};{day3};100;60;50;11\n"
    ).encode()
    dry = _post(client, world, data, dry_run=True)
    assert dry.status_code == 200, dry.text
    problems = {(p["row"], p["column"]) for p in dry.json()["problems"]}
    assert problems == {
        (3, "datums"),
        (4, "stundas"),
        (5, "skolena_id"),
        (6, "neattaisnoti_kavejumi"),
        (6, "Fizika"),
    }
    r = _post(client, world, data)
    body = assert_problem(r, 422)
    assert ["body", "file", 3, "datums"] in [e["loc"] for e in body["errors"]]
    assert db.scalar(select(func.count()).select_from(StudentIndicator)) == 0


def test_malformed_header_is_refused(client: TestClient, world: World) -> None:
    r = _post(client, world, b"vards;uzvards\nAnna;Liepa\n", dry_run=True)
    assert_problem(r, 422, field="as_of")
