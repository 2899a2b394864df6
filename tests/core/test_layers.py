"""SQL lives in repositories: no statement is built or run outside a ``repository.py`` or a
``repository/`` package (and the few core modules that run every statement: the session, its
transaction helper, paging, bulk writes)."""

import re
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"

SQL = re.compile(
    r"(?<![.\w])(select|insert|update|delete|text)\("
    r"|\bsession\.(execute|scalars?|get)\("
    r"|\.scalars\("
)

# Core runs the statements the repositories build: sessions, transactions, paging. A domain's
# scope.py holds the scope clause other domains' repositories build on (they may not import its
# repository).
INFRASTRUCTURE = {"core/db.py", "core/pagination.py", "core/bulk.py"}
SCOPE = "scope.py"
# Models declare the schema; a partial index's condition is DDL, not a statement.
MODELS = "models.py"


def _modules_with_sql() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(BACKEND.rglob("*.py")):
        name = path.relative_to(BACKEND).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if SQL.search(code):
                found.setdefault(name, []).append(f"{name}:{number}: {line.strip()}")
    return found


def _allowed(name: str) -> bool:
    return (
        name.endswith(("repository.py", SCOPE, MODELS))
        or "/repository/" in name
        or name in INFRASTRUCTURE
    )


def test_sql_only_in_repositories() -> None:
    stray = [
        hit for name, hits in _modules_with_sql().items() if not _allowed(name) for hit in hits
    ]
    assert not stray, "SQL outside a repository:\n" + "\n".join(stray)


def test_the_check_sees_sql() -> None:
    """The scan finds what it looks for: statements in samples, and the modules still allowed."""
    for sample in (
        "stmt = select(Student)",
        "session.execute(stmt)",
        "rows = session.scalars(stmt)",
        "session.get(Student, id)",
        "update(Consent).values(x=1)",
    ):
        assert SQL.search(sample), sample
    for innocent in ("values.update(other)", "router.delete(path)", "chosen.select(x)"):
        assert not SQL.search(innocent), innocent
    assert any(name.endswith("repository.py") for name in _modules_with_sql())
