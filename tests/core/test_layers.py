"""SQL lives in repositories: no statement is built or run outside a ``repository.py`` (and the
few core modules that run every statement: the session, its transaction helper, paging)."""

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
INFRASTRUCTURE = {"core/db.py", "core/pagination.py"}
SCOPE = "scope.py"

# until plans are split
UNTIL_PLANS_ARE_SPLIT = ("plans/", "interventions/")

# Modules that still hold SQL of their own, to be moved into their domain's repository. The list
# only shrinks: a module that no longer holds SQL must leave it (the second test says so).
NOT_YET_MOVED = {
    "privacy/retention.py",
    "privacy/service.py",
}


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
        name.endswith(("repository.py", SCOPE))
        or name in INFRASTRUCTURE
        or name.startswith(UNTIL_PLANS_ARE_SPLIT)
        or name in NOT_YET_MOVED
    )


def test_sql_only_in_repositories() -> None:
    stray = [
        hit for name, hits in _modules_with_sql().items() if not _allowed(name) for hit in hits
    ]
    assert not stray, "SQL outside a repository:\n" + "\n".join(stray)


def test_the_list_of_modules_not_yet_moved_only_shrinks() -> None:
    clean = sorted(NOT_YET_MOVED - set(_modules_with_sql()))
    assert not clean, f"These hold no SQL any more: remove them from NOT_YET_MOVED: {clean}"
