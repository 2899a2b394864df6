"""A demo database on PostgreSQL for the deployment tests, loaded once per module and copied
(``CREATE DATABASE … TEMPLATE``) for the tests that change it."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("PUMPURS_TEST_PG_ADMIN_URL")

NEEDS_POSTGRES = pytest.mark.skipif(
    not PG_ADMIN_URL,
    reason="deployment tests run on PostgreSQL only: they run in the PostgreSQL pass "
    "(make test-postgres, PUMPURS_TEST_PG_ADMIN_URL)",
)


def url_of(name: str) -> str:
    assert PG_ADMIN_URL
    return sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def base_env(database_url: str) -> dict[str, str]:
    """The environment of a served process: demo mode (the demo data's keys), no test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PUMPURS_", "PROMETHEUS_"))}
    env.pop("PYTEST_XDIST_WORKER", None)
    return env | {
        "DATABASE_URL": database_url,
        "PUMPURS_DEMO_MODE": "true",
        "PYTHONUNBUFFERED": "1",
    }


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "backend.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


class Databases:
    def __init__(self, admin: sa.Engine) -> None:
        self.admin = admin
        self.names: list[str] = []

    def create(self, template: str | None = None) -> str:
        name = f"pumpurs_deploy_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{suffix}'))
        self.names.append(name)
        return name

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def databases() -> Iterator[Databases]:
    if not PG_ADMIN_URL:
        pytest.skip("needs PostgreSQL")
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    made = Databases(admin)
    try:
        yield made
    finally:
        made.drop_all()
        admin.dispose()


@pytest.fixture(scope="module")
def demo_database(databases: Databases) -> str:
    """The name of a migrated database holding the demo data (never changed by a test)."""
    name = databases.create()
    env = base_env(url_of(name))
    cli("migrate", env=env)
    cli("load-demo", env=env)
    return name
