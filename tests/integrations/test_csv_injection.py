"""Issue 14 defect 3: a student's name that a spreadsheet would run as a formula is exported as
text (a leading apostrophe), not as the formula."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.spreadsheet import safe_cell
from tests import factories as f
from tests.factories import World

FORMULAS = ['=HYPERLINK("http://x.lv","a")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def test_names_that_are_formulas_are_exported_as_text(
    client: TestClient, world: World, db: Session
) -> None:
    for n, formula in enumerate(FORMULAS):
        f.student(db, world.a1, given_name=formula, family_name=f"Formula{n}")
    r = client.get("/api/v1/exports/students.csv", headers=world.h("director_a1"))
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text), delimiter=";"))
    exported = {row["vards"] for row in rows if row["uzvards"].startswith("Formula")}
    assert exported == {"'" + formula for formula in FORMULAS}
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Anna", "Anna"),
        ("Anna-Marija", "Anna-Marija"),
        ("=1+1", "'=1+1"),
        ("\t=1", "'\t=1"),
        ("", ""),
    ],
)
def test_safe_cell(value: str, written: str) -> None:
    assert safe_cell(value) == written
