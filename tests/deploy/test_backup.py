"""Backup → restore into a new database: the same rows, and personal codes that still decrypt
(with the data key, which the backup does not hold)."""

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from backend.core.security import decrypt_personal_code
from tests.deploy.conftest import NEEDS_POSTGRES, Databases, base_env, cli, url_of

pytestmark = NEEDS_POSTGRES


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            return {
                t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
            }
    finally:
        engine.dispose()


def _codes(url: str) -> dict[str, str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, personal_code_encrypted FROM students ORDER BY id LIMIT 20")
            )
            return {str(r[0]): r[1] for r in rows}
    finally:
        engine.dispose()


def test_backup_restore_keeps_rows_and_encrypted_codes(
    databases: Databases, demo_database: str, tmp_path: Path
) -> None:
    source = url_of(demo_database)
    dump = tmp_path / "pumpurs.dump"
    cli("backup", "--output", str(dump), env=base_env(source))
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    target = url_of(databases.create())
    cli("restore", "--input", str(dump), "--database-url", target, env=base_env(source))

    before, after = _counts(source), _counts(target)
    assert before == after
    assert after["students"] >= 100
    assert after["support_plans"] > 0
    assert after["audit_events"] > 0

    restored = _codes(target)
    original = _codes(source)
    assert restored == original
    ciphertext = next(iter(restored.values()))
    code = decrypt_personal_code(ciphertext)  # the demo data key, as the tests run in demo mode
    assert len(code) == 12
    assert code[6] == "-"
    assert code not in ciphertext


def test_restore_refuses_a_database_that_is_not_empty(
    databases: Databases, demo_database: str, tmp_path: Path
) -> None:
    source = url_of(demo_database)
    dump = tmp_path / "pumpurs.dump"
    cli("backup", "--output", str(dump), env=base_env(source))
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "backend.cli",
            "restore",
            "--input",
            str(dump),
            "--database-url",
            source,
        ],
        env=base_env(source),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "not empty" in done.stderr
