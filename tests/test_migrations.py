"""The migrations, on a database of their own: up from empty, all the way down, up again, and no
difference from the models (whatever revisions the chain holds)."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from backend.cli import alembic_config
from backend.core.db import make_engine
from backend.models import Base
from tests.conftest import PG_ADMIN_URL, _pg_url


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind this run uses, dropped afterwards."""
    if not PG_ADMIN_URL:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"pumpurs_migrations_{uuid.uuid4().hex[:8]}_{worker}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_url(PG_ADMIN_URL, name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_up_down_up_and_no_difference_from_the_models(fresh_url: str) -> None:
    config = alembic_config(fresh_url)
    config.attributes["configure_logger"] = False
    heads = set(ScriptDirectory.from_config(config).get_heads())
    engine = make_engine(fresh_url)
    try:
        command.upgrade(config, "heads")
        assert _tables(engine) == set(Base.metadata.tables)
        with engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == heads
            # The catalogues are seeded by a migration.
            assert conn.scalar(sa.text("SELECT count(*) FROM risk_groups")) == 4
        assert _differences(engine) == []

        command.downgrade(config, "base")
        assert _tables(engine) == set()

        command.upgrade(config, "heads")
        assert _tables(engine) == set(Base.metadata.tables)
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_the_chain_has_a_single_head() -> None:
    config = alembic_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
