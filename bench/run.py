"""Plan-status pulls per second and latency, against PostgreSQL, beside a bare ASGI endpoint.

    python -m bench.run [--plans 3000] [--duration 15] [--connections 32] [--workers 2]

Creates a throwaway database, fills it (the demo data, then students and plans through the
services), serves the API and ``bench.bare`` with the same uvicorn settings on 127.0.0.1, runs
``wrk`` against each in turn with the same script, prints both results and their ratio, and drops
the database.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: the benchmark loads only this machine
DEFAULT_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def throwaway_database(admin_url: str) -> Iterator[str]:
    name = f"pumpurs_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def server_env(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "PUMPURS_DEMO_MODE": "true",
        # The benchmark measures the endpoint, not the limiter (which would answer 429).
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


def tokens(base: str) -> list[str]:
    """An API client's token and two users' tokens: the script rotates them."""
    forms = [
        {
            "grant_type": "client_credentials",
            "client_id": "demo-municipal-it",
            "client_secret": "pumpurs-demo-secret",
        },
        {"grant_type": "password", "username": "koordinators@demo.pumpurs.lv"},
        {"grant_type": "password", "username": "ikvd@demo.pumpurs.lv"},
    ]
    found = []
    for form in forms:
        if form["grant_type"] == "password":
            form = form | {"password": "pumpurs-demo"}
        r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=30)
        r.raise_for_status()
        found.append(r.json()["access_token"])
    return found


def plan_ids(base: str, token: str) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 200}
        if cursor:
            params["cursor"] = cursor
        r = httpx.get(
            f"{base}/api/v1/plan-statuses",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        r.raise_for_status()
        page = r.json()
        ids += [p["plan_id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return ids


def wrk(base: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, float]:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        f"--script={ROOT / 'bench' / 'status.lua'}",
        base,
    ]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    result: dict[str, float] = json.loads(line.removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def show(label: str, r: dict[str, float]) -> None:
    print(
        f"  {label:<26} {r['rps']:>10.0f} req/s   p50 {r['p50_us'] / 1000:>7.2f} ms"
        f"   p90 {r['p90_us'] / 1000:>7.2f} ms   p99 {r['p99_us'] / 1000:>7.2f} ms"
        f"   errors {int(r['socket_errors'])}   non-2xx {int(r['non_2xx'])}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-admin-url", default=os.environ.get("PG_ADMIN_URL", DEFAULT_ADMIN))
    parser.add_argument("--plans", type=int, default=3000, help="plans added to the demo data")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = parser.parse_args()

    with throwaway_database(args.pg_admin_url) as url:
        env = server_env(url)
        print(f"Filling a throwaway database with the demo data and {args.plans} more plans ...")
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.fill", "--plans", str(args.plans)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with (
            uvicorn("backend.main:create_app", args.workers, env, '"ok"') as api,
            uvicorn("bench.bare:app", args.workers, env, "plan_code") as bare,
        ):
            access = tokens(api)
            ids = plan_ids(api, access[0])
            with tempfile.TemporaryDirectory() as tmp:
                ids_file, tokens_file = Path(tmp, "ids"), Path(tmp, "tokens")
                ids_file.write_text("\n".join(ids) + "\n")
                tokens_file.write_text("\n".join(access) + "\n")
                wrk_env = os.environ | {
                    "BENCH_IDS": str(ids_file),
                    "BENCH_TOKENS": str(tokens_file),
                }
                print(
                    f"{len(ids)} plans in the client's scope; wrk {args.threads} threads, "
                    f"{args.connections} connections, {args.duration} s each; "
                    f"uvicorn {args.workers} workers on {HOST}"
                )
                wrk(bare, argparse.Namespace(**vars(args) | {"duration": 3}), wrk_env)  # warm-up
                wrk(api, argparse.Namespace(**vars(args) | {"duration": 3}), wrk_env)
                baseline = wrk(bare, args, wrk_env)
                status = wrk(api, args, wrk_env)
    print()
    show("bare ASGI endpoint", baseline)
    show("GET /plans/{id}/status", status)
    print(
        f"  ratio (status / bare): throughput {status['rps'] / baseline['rps']:.3f}, "
        f"p50 latency x{status['p50_us'] / max(baseline['p50_us'], 1):.1f}, "
        f"p99 latency x{status['p99_us'] / max(baseline['p99_us'], 1):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
