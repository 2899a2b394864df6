"""Backups of the PostgreSQL database with ``pg_dump``/``pg_restore`` (custom format).

Personal codes stay encrypted in the dump (they are encrypted by the application with
``PUMPURS_DATA_KEY``, which is not in the database): a backup is restorable only together with
the keys, which are kept apart from it.
"""

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import URL, create_engine, inspect, make_url


class BackupError(Exception):
    pass


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL tools; the password goes in the environment."""
    parsed: URL = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise BackupError(
            "Backups are for PostgreSQL; copy a SQLite database with "
            "sqlite3 FILE '.backup COPY' while it is not in use."
        )
    if not parsed.database:
        raise BackupError("The database URL names no database")
    args = ["--dbname", parsed.database]
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def dump(database_url: str, output: Path) -> None:
    args, env = _libpq(database_url)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    # Custom format: compressed, restorable table by table; one consistent snapshot.
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *args], env)
    partial.replace(output)  # never a half-written file under the final name


def restore(source: Path, database_url: str) -> None:
    if not source.is_file():
        raise BackupError(f"No such backup file: {source}")
    args, env = _libpq(database_url)
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError("The target database is not empty: restore into a new database")
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
    )
