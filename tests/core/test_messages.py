"""The API speaks Latvian (default) or English, and names every refusal by a stable code.

Every text a person can read in a problem comes from the catalogue (``backend/core/catalogue.py``)
in both languages with the same parameters; a refusal written as a literal text fails here.
"""

import ast
import string
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.catalogue import CATALOGUE
from backend.core.messages import catalogue_markdown, choose_language
from tests.factories import World
from tests.plans.helpers import create, enrolled_student
from tests.problems import API, assert_problem

BACKEND = Path(__file__).resolve().parents[2] / "backend"
ERROR_BASES = {
    "AppError",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "PreconditionFailed",
    "InvalidInput",
    "PreconditionRequired",
    "TooManyRequests",
}
# Exceptions whose text reaches a problem's detail or errors.
MESSAGE_CARRIERS = {"FieldIssue", "InvalidPersonalCode", "UnsafeUrl"}


def _params(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_in_latvian_and_english(code: str) -> None:
    text = CATALOGUE[code]
    assert text.lv.strip(), f"{code} has no Latvian text"
    assert text.en.strip(), f"{code} has no English text"
    if code.startswith("validation."):
        # The English mirrors Pydantic's message; the Latvian may leave out Pydantic's English
        # explanation ({error}), never add a parameter Pydantic does not give.
        assert _params(text.lv) <= _params(text.en), code
    else:
        assert _params(text.lv) == _params(text.en), f"{code}: parameters differ"


def _backend_trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(), str(p))) for p in sorted(BACKEND.rglob("*.py"))]


def _error_classes(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """The error hierarchy of core.errors and every subclass of it in backend/, by name."""
    names = set(ERROR_BASES)
    grew = True
    while grew:
        grew = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                    if bases & names:
                        names.add(node.name)
                        grew = True
    return names


def _is_text(node: ast.expr) -> bool:
    """A literal or computed English text instead of a catalogue message."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "str":
            return True
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return True
    return False


def _message_args(call: ast.Call, errors: set[str]) -> list[ast.expr]:
    func = call.func
    if isinstance(func, ast.Name) and func.id in errors | MESSAGE_CARRIERS:
        args = list(call.args[:1])
        args += [k.value for k in call.keywords if k.arg in ("detail", "message", "msg")]
        return args
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "field"
        and isinstance(func.value, ast.Name)
        and func.value.id in errors
    ):
        return list(call.args[1:2]) + [k.value for k in call.keywords if k.arg == "message"]
    return []


def test_no_refusal_without_translations() -> None:
    """Each refusal goes through ``msg("code", ...)`` (a schema's validator through ``invalid``),
    and each code it names is in the catalogue."""
    trees = _backend_trees()
    errors = _error_classes(trees)
    found: list[str] = []
    for path, tree in trees:
        where = path.relative_to(BACKEND.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if (
                    path.name == "schemas.py"
                    and isinstance(func, ast.Name)
                    and func.id == "ValueError"
                ):
                    found.append(f"{where}:{node.lineno}: raise invalid(code), not ValueError")
            if not isinstance(node, ast.Call):
                continue
            for arg in _message_args(node, errors):
                if _is_text(arg):
                    found.append(f"{where}:{node.lineno}: a literal text, not msg(code)")
            func = node.func
            if (
                isinstance(func, ast.Name)
                and func.id in ("msg", "invalid")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in CATALOGUE
            ):
                found.append(f"{where}:{node.lineno}: {node.args[0].value} is not in the catalogue")
    assert not found, "Refusals without a catalogue message:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "lv"),
        ("", "lv"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("lv-LV,lv;q=0.9,en;q=0.8", "lv"),
        ("de", "lv"),
        ("de,en;q=0.5", "en"),
        ("en;q=0.2,lv;q=0.8", "lv"),
        ("*", "lv"),
        ("en;q=0", "lv"),
    ],
)
def test_accept_language_chooses(header: str | None, language: str) -> None:
    assert choose_language(header) == language


def _second_plan(
    client: TestClient, db: Session, world: World, language: str | None
) -> dict[str, object]:
    stu = enrolled_student(db, world)
    create(client, world, stu)
    headers = dict(world.h("teacher_a1"))
    headers["Accept-Language"] = language or ""
    r = client.post(
        f"{API}/plans",
        json={"student_id": str(stu.id), "semester_id": str(world.semesters[0].id)},
        headers=headers,
    )
    body = assert_problem(r, 409)
    assert r.headers["content-language"] == ("en" if language == "en" else "lv")
    return body


class TestRefusals:
    def test_latvian_by_default(self, client: TestClient, db: Session, world: World) -> None:
        body = _second_plan(client, db, world, None)
        assert body["code"] == "plan.exists-for-semester"
        assert body["detail"] == "Skolēnam šim semestrim jau ir plāns"
        assert body["title"] == "Conflict"  # the kind of problem stays English

    def test_english_when_asked(self, client: TestClient, db: Session, world: World) -> None:
        body = _second_plan(client, db, world, "en")
        assert body["code"] == "plan.exists-for-semester"
        assert body["detail"] == "The student already has a plan for this semester"

    def test_unknown_language_is_latvian(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        body = _second_plan(client, db, world, "de")
        assert body["detail"] == "Skolēnam šim semestrim jau ir plāns"

    def test_status_named_in_latvian(self, client: TestClient, db: Session, world: World) -> None:
        stu = enrolled_student(db, world)
        plan = create(client, world, stu)
        r = client.post(
            f"{API}/plans/{plan['id']}/discontinue",
            json={"reason": "Skolēns pārcēlās"},
            headers={**world.h("school_coord_a1"), "Accept-Language": "lv"},
        )
        body = assert_problem(r, 409)
        assert body["code"] == "plan.wrong-status"
        assert "„Melnraksts”" in body["detail"], body["detail"]
        assert "draft" not in body["detail"]


class TestValidation:
    def test_missing_fields_in_latvian(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/plans", json={}, headers={**world.h("teacher_a1"), "Accept-Language": "lv"}
        )
        body = assert_problem(r, 422, field="student_id")
        assert body["code"] == "request.invalid"
        assert body["detail"].startswith("Nederīgi dati: body.student_id")
        assert {e["msg"] for e in body["errors"]} == {"Obligāts lauks"}
        assert {e["code"] for e in body["errors"]} == {"validation.missing"}

    def test_missing_fields_in_english(self, client: TestClient, world: World) -> None:
        r = client.post(f"{API}/plans", json={}, headers=world.h("teacher_a1"))
        body = assert_problem(r, 422, field="student_id")
        assert {e["msg"] for e in body["errors"]} == {"Field required"}

    @pytest.mark.parametrize(
        ("body", "field", "code", "text"),
        [
            ({"goals": "x" * 100_000}, "goals", "validation.string_too_long", "Jābūt ne vairāk"),
            ({"student_agreed_on": "15.09.2026"}, "student_agreed_on", "validation.", "datum"),
            ({"semester_id": "nav"}, "semester_id", "validation.uuid_parsing", "identifikator"),
        ],
    )
    def test_form_mistakes_in_latvian(
        self,
        client: TestClient,
        world: World,
        body: dict[str, str],
        field: str,
        code: str,
        text: str,
    ) -> None:
        r = client.post(
            f"{API}/plans", json=body, headers={**world.h("teacher_a1"), "Accept-Language": "lv"}
        )
        problem = assert_problem(r, 422, field=field)
        named = [e for e in problem["errors"] if field in e["loc"]]
        assert named[0]["code"].startswith(code), named
        assert text in named[0]["msg"], named

    def test_validator_refusal_in_latvian(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/school-years",
            json={
                "name": "2030/2031",
                "starts_on": "2030-09-01",
                "ends_on": "2030-08-01",
                "semesters": [],
            },
            headers={**world.h("ikvd"), "Accept-Language": "lv"},
        )
        problem = assert_problem(r, 422)
        assert all("Value error" not in e["msg"] for e in problem["errors"]), problem


class TestImpossibleDates:
    @pytest.mark.parametrize("day", ["2275-09-15", "1899-12-31"])
    def test_out_of_range_refused(self, client: TestClient, world: World, day: str) -> None:
        r = client.post(
            f"{API}/plans",
            json={"student_agreed_on": day},
            headers={**world.h("teacher_a1"), "Accept-Language": "lv"},
        )
        problem = assert_problem(r, 422, field="student_agreed_on")
        named = next(e for e in problem["errors"] if "student_agreed_on" in e["loc"])
        assert named["code"] == "date.out-of-range"
        assert named["msg"] == "Datumam jābūt no 1900. līdz 2100. gadam"

    def test_year_275760_refused(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/plans",
            json={"student_agreed_on": "275760-09-15"},
            headers=world.h("teacher_a1"),
        )
        assert_problem(r, 422, field="student_agreed_on")

    def test_far_future_birth_date_refused(self, client: TestClient, world: World) -> None:
        r = client.post(
            f"{API}/students",
            json={
                "given_name": "Anna",
                "family_name": "Bērziņa",
                "date_of_birth": "9999-01-01",
                "personal_code": "010110-20005",
                "institution_id": str(world.a1.id),
            },
            headers=world.h("director_a1"),
        )
        problem = assert_problem(r, 422, field="date_of_birth")
        assert problem["errors"][0]["code"] == "date.out-of-range"
        assert problem["errors"][0]["msg"] == "Dates from 1900 to 2100 only"


def test_integrators_documentation_lists_every_code() -> None:
    """docs/messages.md is generated from the catalogue: a new code shows up there too."""
    docs = BACKEND.parent / "docs" / "messages.md"
    assert docs.read_text() == catalogue_markdown(), (
        "Regenerate: python -m backend.core.messages > docs/messages.md"
    )
