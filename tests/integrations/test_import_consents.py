"""The student import's consent columns: a consent signed by the row's guardian or the adult
student, checked row by row like every other column."""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.clock import local_today
from backend.core.db import DbSession
from backend.core.security import personal_code_lookup_hash
from backend.integrations import imports
from backend.integrations.router import ImportRunner, import_runner
from backend.students.models import Student
from tests.factories import World, legacy_code
from tests.integrations.helpers import ANY_BIRTH_DATE as BORN

URL = "/api/v1/imports/students"
HEADER = (
    "vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis;aizbildna_statuss;"
    "piekrisanas_datums;piekrisanas_dokuments;piekrisanu_deva"
)


@pytest.fixture
def inline_imports(app: FastAPI) -> Iterator[None]:
    def runner(session: DbSession) -> ImportRunner:
        def run_now(principal: object, prepared: imports.Prepared) -> None:
            imports.run(session, principal, prepared.job.id, prepared.students)  # type: ignore[arg-type]

        return run_now

    app.dependency_overrides[import_runner] = runner
    yield
    app.dependency_overrides.pop(import_runner, None)


def _post(client: TestClient, world: World, lines: list[str], *, dry_run: bool):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        files={"file": ("skoleni.csv", "\n".join(lines).encode(), "text/csv")},
        data={"institution_id": str(world.a1.id), "dry_run": str(dry_run).lower()},
        headers=world.h("school_coord_a1"),
    )


def _signed_on(world: World) -> str:
    day = min(local_today(), world.year.ends_on)
    return day.strftime("%d.%m.%Y")


def test_dry_run_names_each_bad_consent_cell(client: TestClient, world: World) -> None:
    signed = _signed_on(world)
    tomorrow = (local_today() + timedelta(days=1)).strftime("%d.%m.%Y")
    codes = [legacy_code(BORN) for _ in range(6)]
    lines = [
        HEADER,
        f"Anna;Kalniņa;{codes[0]};17.05.2013;7.a;Ilze Kalniņa;māte;{signed};PIET-1;aizbildnis",
        f"Jānis;Ozols;{codes[1]};17.05.2013;7.a;Inese Ozola;māte;;PIET-2;",  # no date
        f"Laura;Liepa;{codes[2]};17.05.2013;7.a;Juris Liepa;tēvs;{tomorrow};PIET-3;",  # future
        f"Marta;Egle;{codes[3]};17.05.2013;7.a;;;{signed};PIET-4;aizbildnis",  # no guardian
        f"Oskars;Vītols;{codes[4]};17.05.2013;7.a;;;{signed};PIET-5;skolēns",  # a minor
        f"Rita;Bērza;{codes[5]};17.05.2013;7.a;Dace Bērza;māte;{signed};;kaimiņš",  # 2 problems
    ]
    r = _post(client, world, lines, dry_run=True)
    assert r.status_code == 200, r.text
    assert r.json()["valid"] is False
    found = {(p["row"], p["column"]) for p in r.json()["problems"]}
    assert found == {
        (3, "piekrisanas_datums"),
        (4, "piekrisanas_datums"),
        (5, "piekrisanu_deva"),
        (6, "piekrisanu_deva"),
        (7, "piekrisanas_dokuments"),
        (7, "piekrisanu_deva"),
    }


def test_import_records_the_consent_of_the_guardian_and_of_an_adult(
    client: TestClient, world: World, db: Session, inline_imports: None
) -> None:
    signed = _signed_on(world)
    minor, adult = legacy_code(BORN), legacy_code(date(2005, 3, 3))
    lines = [
        HEADER,
        f"Anna;Kalniņa;{minor};17.05.2013;7.a;Ilze Kalniņa;māte;{signed};PIET-1;",
        f"Pauls;Zariņš;{adult};03.03.2005;;;;{signed};PIET-2;skolēns",
    ]
    r = _post(client, world, lines, dry_run=False)
    assert r.status_code == 202, r.text
    h = world.h("teacher_a1")
    for code, giver, by_student in ((minor, "Ilze Kalniņa", False), (adult, "Pauls Zariņš", True)):
        sid = db.scalar(
            select(Student.id).where(Student.personal_code_hash == personal_code_lookup_hash(code))
        )
        consents = client.get(f"/api/v1/students/{sid}/consents", headers=h).json()
        assert [
            (c["given_by_name"], c["given_by_student"], c["school_year_id"], c["valid"])
            for c in consents
        ] == [(giver, by_student, str(world.year.id), True)]


def test_row_problems_are_in_the_callers_language(client: TestClient, world: World) -> None:
    """A row's problems are written in Latvian by default and in English when asked, like every
    other refusal of the API."""
    code, other = legacy_code(BORN), legacy_code(BORN)
    lines = [
        HEADER,
        f"Anna;Kalniņa;{other};17.05.2013;9.z;Ilze Kalniņa;māte;;PIET-1;kaimiņš",
        f"Jānis;Ozols;{code};17.05.2013;7.a;;;;;",
        f"Jānis;Ozols;{code};17.05.2013;7.a;;;;;",
    ]
    body = {"institution_id": str(world.a1.id), "dry_run": "true"}
    file = {"file": ("skoleni.csv", "\n".join(lines).encode(), "text/csv")}

    def problems(language: str) -> dict[tuple[int, str | None], str]:
        headers = world.h("school_coord_a1") | {"Accept-Language": language}
        r = client.post(URL, files=file, data=body, headers=headers)
        assert r.status_code == 200, r.text
        return {(p["row"], p["column"]): p["message"] for p in r.json()["problems"]}

    lv, en = problems("lv"), problems("en")
    assert lv.keys() == en.keys()
    assert lv[(2, "klase")] == "Iestādes pašreizējā mācību gadā nav klases 9.z"
    assert en[(2, "klase")] == "No class 9.z in this institution's current school year"
    assert lv[(2, "piekrisanas_datums")] == "Nav norādīts piekrišanas datums"
    assert lv[(2, "piekrisanu_deva")] == "Norādiet “aizbildnis” vai “skolēns”"
    assert lv[(4, "personas_kods")] == "Tāds pats personas kods kā 3. rindā"
    assert en[(4, "personas_kods")] == "The same personal code as row 3"
