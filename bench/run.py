"""The national-scale benchmark suite: every hot endpoint beside a bare ASGI endpoint and PostgreSQL
doing the same work as a status pull, in one run.

    python -m bench.run [--database pumpurs_national] [--scale 1.0] [--rebuild]
                        [--duration 10] [--connections 32] [--workers 2] [--only NAME ...]

Uses the national data set of ``bench.national`` (built first when the database is missing), serves
the API (``backend.main:create_app``) and ``bench.bare`` with the same uvicorn settings on
127.0.0.1, runs ``pgbench`` with ``bench/status.sql`` and ``wrk`` with ``bench/requests.lua`` against
each endpoint in turn, and prints req/s, p50, p99, errors and the ratios. See bench/README.md.
"""

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from backend.demo.data import DEMO_PASSWORD as PASSWORD  # the national staff share it
from bench import national

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: the benchmark loads only this machine


def server_env(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "PUMPURS_DEMO_MODE": "true",
        # The benchmark measures the endpoints, not the limiter (which would answer 429).
        "PUMPURS_RATE_LIMITS_ENABLED": "false",
        "PUMPURS_WEBHOOK_WORKER_EMBEDDED": "false",
        "PUMPURS_ACCESS_TOKEN_MINUTES": "120",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def uvicorn(target: str, workers: int, env: dict[str, str], expect: str) -> Iterator[str]:
    """Serve ``target`` on a free port; ``expect`` is a text its health answer must hold."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if target.endswith("create_app"):
        command.append("--factory")
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{target} exited (is port {port} taken?)")
            try:
                if expect in httpx.get(f"{base}/api/v1/health", timeout=1).text:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{target} did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- the world the requests are made of ----------------------------------------------------------


@dataclass
class World:
    base: str
    tokens: dict[str, str] = field(default_factory=dict)
    plan_ids: list[str] = field(default_factory=list)
    etags: dict[str, str] = field(default_factory=dict)
    municipality_id: str = ""
    last_sequence: int = 0

    def get(self, who: str, path: str, **params: Any) -> httpx.Response:
        r = httpx.get(
            self.base + path,
            params=params,
            headers={"Authorization": f"Bearer {self.tokens[who]}"},
            timeout=120,
        )
        r.raise_for_status()
        return r


def _password_token(base: str, email: str) -> str:
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=60)
    r.raise_for_status()
    return str(r.json()["access_token"])


def prepare(base: str, conn: psycopg.Connection) -> World:
    """Tokens of IKVD, a municipal coordinator, a director and a national API client; plan ids."""
    world = World(base)
    world.tokens["ikvd"] = _password_token(base, "ikvd@demo.pumpurs.lv")
    world.tokens["coordinator"] = _password_token(base, "koordinators1@novads.lv")
    world.tokens["director"] = _password_token(base, "u1.1@skola.lv")
    headers = {"Authorization": f"Bearer {world.tokens['ikvd']}"}
    r = httpx.post(
        f"{base}/api/v1/api-clients",
        json={"name": f"bench national IT {time.time():.0f}", "scope_type": "national"},
        headers=headers,
        timeout=60,
    )
    r.raise_for_status()
    client = r.json()
    form = {
        "grant_type": "client_credentials",
        "client_id": client["client"]["client_id"] if "client" in client else client["client_id"],
        "client_secret": client["client_secret"],
    }
    r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=60)
    r.raise_for_status()
    world.tokens["client"] = r.json()["access_token"]
    rows = conn.execute(
        "SELECT id::text, version FROM support_plans ORDER BY md5(id::text) LIMIT 20000"
    ).fetchall()
    world.plan_ids = [id for id, _ in rows]
    world.etags = {id: f'"{version}"' for id, version in rows}
    found = conn.execute(
        "SELECT municipality_id::text FROM role_assignments ra JOIN users u ON u.id = ra.user_id "
        "WHERE u.email = 'koordinators1@novads.lv'"
    ).fetchone()
    world.municipality_id = found[0] if found else ""
    last = conn.execute("SELECT max(sequence) FROM outbox_events").fetchone()
    world.last_sequence = int(last[0] or 0) if last else 0
    return world


def deep_cursor(world: World, who: str, path: str, pages: int, **params: Any) -> str | None:
    """The cursor of page ``pages`` (of 50), reached by paging as a client would."""
    cursor = None
    for _ in range(pages):
        query = {"limit": 50, **params} | ({"cursor": cursor} if cursor else {})
        cursor = world.get(who, path, **query).json().get("next_cursor")
        if not cursor:
            return None
    return cursor


# --- measurements --------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    lines: list[str]
    connections: int


def _lines(world: World, who: str, paths: list[str], etags: list[str] | None = None) -> list[str]:
    token = world.tokens[who]
    if etags is None:
        return [f"{p}\t{token}" for p in paths]
    return [f"{p}\t{token}\t{e}" for p, e in zip(paths, etags, strict=True)]


def _query(path: str, **params: Any) -> str:
    return str(httpx.URL(path, params={k: v for k, v in params.items() if v is not None}))


def cases(world: World, connections: int) -> list[Case]:
    ids = world.plan_ids
    status = [f"/api/v1/plans/{i}/status" for i in ids]
    out = [
        Case("status 200", _lines(world, "client", status), connections),
        Case(
            "status 304",
            _lines(world, "client", status, [world.etags[i] for i in ids]),
            connections,
        ),
        Case(
            "plan-statuses page 1",
            _lines(world, "client", [_query("/api/v1/plan-statuses", limit=50)]),
            connections,
        ),
    ]
    deep = deep_cursor(world, "client", "/api/v1/plan-statuses", 200)
    out.append(
        Case(
            "plan-statuses page 200",
            _lines(world, "client", [_query("/api/v1/plan-statuses", limit=50, cursor=deep)]),
            connections,
        )
    )
    for who in ("ikvd", "coordinator"):
        first = _query("/api/v1/students", limit=50)
        out.append(Case(f"students page 1 ({who})", _lines(world, who, [first]), connections))
        pages = 200 if who == "ikvd" else 20
        deep = deep_cursor(world, who, "/api/v1/students", pages)
        out.append(
            Case(
                f"students page {pages} ({who})",
                _lines(world, who, [_query("/api/v1/students", limit=50, cursor=deep)]),
                connections,
            )
        )
        names = ["ozol", "berz", "kalni", "liep", "jans", "zarin", "egli", "krumin"]
        searches = [_query("/api/v1/students", limit=50, q=n) for n in names]
        out.append(Case(f"students search ({who})", _lines(world, who, searches), connections))
    out += [
        Case("plan report (IKVD)", _lines(world, "ikvd", ["/api/v1/reports/plans"]), 8),
        Case(
            "plan report (municipality)", _lines(world, "coordinator", ["/api/v1/reports/plans"]), 8
        ),
        *[
            Case(
                f"monitoring {name} ({label})",
                _lines(world, who, [f"/api/v1/reports/monitoring/{name}"]),
                8,
            )
            for name in ("coverage", "risks", "measures", "money", "outcomes", "effect")
            for who, label in (("ikvd", "IKVD"), ("coordinator", "municipality"))
        ],
        Case(
            "monitoring coverage trend (IKVD)",
            _lines(world, "ikvd", ["/api/v1/reports/monitoring/coverage/trend"]),
            8,
        ),
        Case(
            "changes from the start",
            _lines(world, "client", [_query("/api/v1/changes", after=0, limit=100)]),
            connections,
        ),
    ]
    out.append(
        Case(
            "changes at the end",
            _lines(
                world,
                "client",
                [_query("/api/v1/changes", after=max(world.last_sequence - 50, 0), limit=100)],
            ),
            connections,
        )
    )
    inbox = _query("/api/v1/plans", awaiting_my_decision="true", limit=50)
    for who in ("ikvd", "coordinator", "director"):
        out.append(Case(f"approvals inbox ({who})", _lines(world, who, [inbox]), 8))
    # Early identification: a school's worklist, and the counts per institution.
    flagged = _query("/api/v1/worklists/flagged-without-plan", limit=50)
    out.append(Case("flagged without a plan (school)", _lines(world, "director", [flagged]), 8))
    counts = "/api/v1/indicators/counts"
    out.append(Case("flag counts (IKVD)", _lines(world, "ikvd", [counts]), 8))
    out.append(Case("flag counts (municipality)", _lines(world, "coordinator", [counts]), 8))
    return out


def wrk(base: str, requests: list[str], connections: int, duration: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        f.write("\n".join(requests) + "\n")
    try:
        command = [
            "wrk",
            f"--threads={min(2, connections)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=20s",
            f"--script={ROOT / 'bench' / 'requests.lua'}",
            base,
        ]
        env = os.environ | {"BENCH_REQUESTS": f.name}
        out = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(f.name)
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    result: dict[str, float] = json.loads(line.removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def pgbench(
    libpq_url: str, plan_ids: list[str], connections: int, duration: int
) -> dict[str, float]:
    """PostgreSQL alone doing a status pull's work: one statement per transaction."""
    with psycopg.connect(libpq_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_plan_ids")
        conn.execute("CREATE TABLE bench_plan_ids (i int PRIMARY KEY, id uuid NOT NULL)")
        with conn.cursor().copy("COPY bench_plan_ids (i, id) FROM STDIN") as copy:
            for i, id in enumerate(plan_ids, start=1):
                copy.write_row((i, id))
        client = conn.execute(
            "SELECT id::text FROM api_clients WHERE scope_type = 'national' AND active "
            "ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
        conn.execute("ANALYZE bench_plan_ids")
    if client is None:
        raise RuntimeError("no national API client: prepare() makes one")
    params = psycopg.conninfo.conninfo_to_dict(libpq_url)
    script = (ROOT / "bench" / "status.sql").read_text().replace("{client}", client[0])
    with tempfile.TemporaryDirectory() as tmp:
        script_file = Path(tmp, "status.sql")
        script_file.write_text(f"\\set n random(1, {len(plan_ids)})\n" + script)
        command = [
            "pgbench",
            "--no-vacuum",
            f"--client={connections}",
            f"--jobs={min(2, connections)}",
            f"--time={duration}",
            "--protocol=prepared",
            f"--file={script_file}",
            "--log",
            f"--log-prefix={Path(tmp, 'log')}",
            f"--host={params.get('host', HOST)}",
            f"--port={params.get('port', 5432)}",
            f"--username={params.get('user', 'postgres')}",
            str(params["dbname"]),
        ]
        out = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, cwd=tmp
        )
        latencies: list[int] = []
        for log in Path(tmp).glob("log.*"):
            for line in log.read_text().splitlines():
                parts = line.split()
                if len(parts) >= 3:
                    latencies.append(int(parts[2]))
    tps = float(re.search(r"tps = ([\d.]+)", out.stdout).group(1))  # type: ignore[union-attr]
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    latencies.sort()

    def pct(p: float) -> float:
        return (
            float(latencies[min(len(latencies) - 1, int(len(latencies) * p))]) if latencies else 0
        )

    return {
        "rps": tps,
        "p50_us": pct(0.50),
        "p90_us": pct(0.90),
        "p99_us": pct(0.99),
        "socket_errors": float(failed.group(1)) if failed else 0.0,
        "non_2xx": 0.0,
        "requests": float(len(latencies)),
    }


def row(name: str, connections: int, r: dict[str, float], bare: dict[str, float]) -> str:
    return (
        f"| {name} | {connections} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.1f} | "
        f"{r['p99_us'] / 1000:.1f} | {int(r['socket_errors'])}/{int(r['non_2xx'])} | "
        f"{r['rps'] / bare['rps']:.3f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg-admin-url", default=os.environ.get("PG_ADMIN_URL", national.DEFAULT_ADMIN)
    )
    parser.add_argument("--database", default=national.DEFAULT_DATABASE)
    parser.add_argument("--scale", type=float, default=1.0, help="when the data set is built")
    parser.add_argument("--rebuild", action="store_true", help="build the data set anew first")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--only", nargs="*", help="measure only cases whose name contains one")
    args = parser.parse_args()

    url = national.database_url(args.pg_admin_url, args.database)
    if args.rebuild or not national.is_built(url):
        national.main(
            [
                "--scale",
                str(args.scale),
                "--database",
                args.database,
                "--admin-url",
                args.pg_admin_url,
            ]
        )
    libpq = national.libpq_url(url)
    with psycopg.connect(libpq) as conn:
        has_indicators = conn.execute("SELECT 1 FROM student_indicators LIMIT 1").fetchone()
    if not has_indicators:
        national.main(
            ["--only-indicators", "--database", args.database, "--admin-url", args.pg_admin_url]
        )
    env = server_env(url)
    with (
        psycopg.connect(libpq, autocommit=True) as conn,
        uvicorn("backend.main:create_app", args.workers, env, '"ok"') as api,
        uvicorn("bench.bare:app", args.workers, env, "plan_code") as bare_base,
    ):
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in ("institutions", "students", "support_plans", "deliveries", "audit_events")
        }
        print("data set: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
        world = prepare(api, conn)
        print(f"uvicorn {args.workers} workers; wrk 2 threads; {args.duration} s a case; {HOST}")
        chosen = cases(world, args.connections)
        if args.only:
            chosen = [c for c in chosen if any(o in c.name for o in args.only)]
        bare_lines = [f"/\t{world.tokens['client']}"]
        wrk(bare_base, bare_lines, args.connections, 3)  # warm-up
        bare = wrk(bare_base, bare_lines, args.connections, args.duration)
        same_work = pgbench(
            libpq,
            random.sample(world.plan_ids, len(world.plan_ids)),
            args.connections,
            args.duration,
        )
        results: dict[str, tuple[int, dict[str, float]]] = {}
        for case in chosen:
            wrk(api, case.lines, case.connections, 2)  # warm-up
            results[case.name] = (
                case.connections,
                wrk(api, case.lines, case.connections, args.duration),
            )
            r = results[case.name][1]
            print(
                f"  {case.name:<32} {r['rps']:>8,.0f} req/s  p50 {r['p50_us'] / 1000:>8.1f} ms"
                f"  p99 {r['p99_us'] / 1000:>8.1f} ms  errors {int(r['socket_errors'])}"
                f"  non-2xx {int(r['non_2xx'])}",
                flush=True,
            )

    print()
    print("| case | connections | req/s | p50 ms | p99 ms | errors/non-2xx | ratio to bare |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(row("bare ASGI endpoint", args.connections, bare, bare))
    print(row("PostgreSQL alone: status pull's work (pgbench)", args.connections, same_work, bare))
    for name, (connections, r) in results.items():
        print(row(name, connections, r, bare))
    print()
    if "status 200" in results:
        s200 = results["status 200"][1]
        print(
            f"status 200 / PostgreSQL same work: {s200['rps'] / same_work['rps']:.2f} "
            "(needed: at least 0.5)"
        )
        if "status 304" in results:
            s304 = results["status 304"][1]
            print(
                f"status 304 / status 200 throughput: {s304['rps'] / s200['rps']:.2f} "
                "(needed: at least 3)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
