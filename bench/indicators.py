"""Import a 150,000-row indicator file into the national data set and recompute every flag, timed.

    python -m bench.indicators [--database pumpurs_national] [--rows 150000] [--admin-url URL]

Writes an e-journal shaped CSV (Latvian headers, ';') for the students of the national data set
(``python -m bench.national`` first), one row each for the current semester a week after the data
already there, then runs the import the way the command line does: parse, check every row, write
all rows in one transaction and recompute the flags of the semester. Prints rows per second and
the seconds of each phase; the goal is at most 2 minutes for 150,000 rows on PostgreSQL.
"""

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bench.national import (
    DEFAULT_ADMIN,
    DEFAULT_DATABASE,
    database_url,
    indicator_semesters,
    libpq_url,
)

HEADER = (
    "skolena_id;datums;stundas;attaisnoti_kavejumi;neattaisnoti_kavejumi;"
    "neattaisnoti_pedejas_4_nedelas;neattaisnoti_ieprieksejas_4_nedelas;uzvedibas_parkapumi;"
    "Vērtējums: Latviešu valoda;Vērtējums: Matemātika;Vērtējums: Vēsture\n"
)


def _r(key: str) -> float:
    return int(hashlib.md5(key.encode()).hexdigest()[:12], 16) / 16**12  # noqa: S324 - not security


def write_file(url: str, rows: int, path: Path, salt: str) -> int:
    """The file's values are a hash of the student and ``salt``: a run with a new salt changes
    most students' values (and flags), and is not the same file as an earlier run (which the
    import would answer as a replay, writing nothing)."""
    with psycopg.connect(libpq_url(url)) as conn:
        (_current, as_of), _ = indicator_semesters(conn)
        students = conn.execute(
            "SELECT id::text FROM students WHERE institution_id IS NOT NULL ORDER BY id LIMIT %s",
            (rows,),
        ).fetchall()
    day = (as_of + timedelta(days=7)).isoformat()
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for (sid,) in students:
            t = _r(salt + "t" + sid)
            trouble = 0.05 if t < 0.75 else 0.4 if t < 0.92 else 0.95
            a, b = _r(salt + "a2" + sid), _r(salt + "b2" + sid)
            unexcused = int(a * trouble * 40)
            marks = [
                max(
                    1,
                    min(
                        10,
                        round(
                            5 + 4 * _r("ability-" + sid) - 3.5 * trouble + _r(salt + k + sid) - 0.5
                        ),
                    ),
                )
                for k in ("x", "y", "z")
            ]
            f.write(
                f"{sid};{day};330;{int(b * 14)};{unexcused};{int(a * trouble * 16)};"
                f"{int(a * trouble * 8)};{int(_r(salt + 'c2' + sid) * trouble * 7)};"
                + ";".join(str(m) for m in marks)
                + "\n"
            )
    return len(students)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--admin-url", default=os.environ.get("PG_ADMIN_URL", DEFAULT_ADMIN))
    parser.add_argument(
        "--salt",
        default=uuid.uuid4().hex[:8],
        help="varies the values (default: new each run; the same salt twice is a replay)",
    )
    args = parser.parse_args(argv)
    url = database_url(args.admin_url, args.database)
    os.environ["PUMPURS_DATABASE_URL"] = url
    os.environ.setdefault("PUMPURS_DEMO_MODE", "true")

    from backend.core.db import get_engine, new_session
    from backend.indicators import imports

    get_engine.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "indicators.csv"
        written = write_file(url, args.rows, path, args.salt)
        data = path.read_bytes()
    print(f"file: {written:,} rows, {len(data) / 1e6:.1f} MB")
    timings: dict[str, float] = {}
    started = time.monotonic()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with new_session() as session, Progress(*columns) as progress:
        t = time.monotonic()
        parsed = imports.parse(data)
        checked = imports.check(session, None, parsed)
        timings["parse and check"] = time.monotonic() - t
        if checked.problems:
            print(f"{len(checked.problems)} problems, e.g. {checked.problems[:3]}")
            return 1
        task = progress.add_task("import", total=len(checked.rows))
        t = time.monotonic()
        result = imports.write(
            session,
            None,
            None,
            checked.rows,
            "bench",
            lambda done: progress.update(task, completed=done),
        )
        timings["write and recompute"] = time.monotonic() - t
        t = time.monotonic()
        session.commit()
        timings["commit"] = time.monotonic() - t
    total = time.monotonic() - started
    if result.replayed:
        print(f"the same file was imported before (salt {args.salt}): a replay, nothing written")
        return 1
    recomputed = result.recompute
    print(
        f"{result.rows:,} rows in {total:.1f} s ({result.rows / total:,.0f} rows/s); "
        + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    )
    if recomputed is not None:
        print(
            f"flags: {recomputed.students:,} students evaluated, {recomputed.flags_raised:,} raised, "
            f"{recomputed.flags_changed:,} changed, {recomputed.flags_cleared:,} cleared"
        )
    print(
        "goal: at most 120 s for 150,000 rows on PostgreSQL — "
        + ("met" if total <= 120 else "missed")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
