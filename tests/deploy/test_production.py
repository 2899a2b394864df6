"""The documented deployment, run for real on a throwaway PostgreSQL database holding the demo
data (loaded once for this module, which is why the backups are tested here too).

Backups: backup → restore into a new database gives the same rows, and personal codes that still
decrypt (with the data key, which the backup does not hold).

The stack: Debian's nginx with deploy/nginx/pumpurs-proxy.conf in front of two API processes and
one worker. Its tests share one stack and run in file order: the smoke flow, the proxy's limits,
one API process killed during a request loop, then SIGTERM for the worker and the other API
process, and last the logs they wrote.
"""

import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from backend.core.security import decrypt_personal_code
from tests.deploy.conftest import NEEDS_POSTGRES, ROOT, Databases, base_env, cli, url_of
from tests.integrations.conftest import Receiver, serve_receiver

pytestmark = NEEDS_POSTGRES

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
METRICS_TOKEN = "metrics-token-of-the-deployment-test"
HOOK_SECRET = "signing-secret-of-the-deployment-test"
PASSWORD = "pumpurs-demo"
DIRECTOR = "direktors@demo.pumpurs.lv"
CLIENT_ID, CLIENT_SECRET = "demo-municipal-it", "pumpurs-demo-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# --- backups --------------------------------------------------------------------------------------


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


# --- the stack behind nginx -----------------------------------------------------------------------


@dataclass
class Stack:
    base: str
    database_url: str
    api_ports: list[int]
    processes: dict[str, subprocess.Popen[bytes]]
    logs: Path
    receiver: Receiver
    state: dict[str, Any] = field(default_factory=dict)

    def http(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=15, **kwargs)

    def log_text(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def _wait_ready(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not become ready")


def _nginx_conf(prefix: Path, port: int, api_ports: list[int]) -> str:
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in api_ports
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would otherwise switch to a user that cannot use the temp dirs.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
{temp}
    upstream pumpurs_api {{
{servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {ROOT}/deploy/nginx/pumpurs-proxy.conf;
    }}
}}
"""


def _start(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    out = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="module")
def stack(
    databases: Any, demo_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: apt-get install nginx (.ci/run does it)")
    tmp = tmp_path_factory.mktemp("deploy")
    database_url = url_of(databases.create(template=demo_database))
    (tmp / "metrics").mkdir()
    env = base_env(database_url) | {
        "PUMPURS_WEBHOOK_WORKER_EMBEDDED": "false",
        "PUMPURS_WEBHOOKS_ALLOW_PRIVATE": "true",  # the receiver listens on loopback
        "PUMPURS_WEBHOOK_POLL_SECONDS": "0.1",
        "PUMPURS_METRICS_TOKEN": METRICS_TOKEN,
        "PUMPURS_RATE_LIMIT_INTEGRATION": "100000/minute",
        "PUMPURS_DB_POOL_SIZE": "4",
        "PUMPURS_SHUTDOWN_TIMEOUT_SECONDS": "10",
        "PUMPURS_WEB_DIST": str(tmp / "no-web-app"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
    }
    processes: dict[str, subprocess.Popen[bytes]] = {}
    api_ports = [_free_port(), _free_port()]
    nginx_port = _free_port()
    python = sys.executable
    with serve_receiver() as receiver, _running(processes):
        for n, port in enumerate(api_ports, 1):
            api_env = env | {"PUMPURS_HOST": "127.0.0.1", "PUMPURS_PORT": str(port)}
            processes[f"api{n}"] = _start(
                f"api{n}", [python, "-m", "backend.cli", "serve"], api_env, tmp
            )
        processes["worker"] = _start("worker", [python, "-m", "backend.cli", "worker"], env, tmp)
        for n, port in enumerate(api_ports, 1):
            url = f"http://127.0.0.1:{port}/api/v1/ready"
            _wait_ready(url, processes[f"api{n}"], f"api{n}")
        prefix = tmp / "nginx"
        prefix.mkdir()
        (prefix / "nginx.conf").write_text(_nginx_conf(prefix, nginx_port, api_ports))
        processes["nginx"] = _start(
            "nginx",
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            env,
            tmp,
        )
        base = f"http://127.0.0.1:{nginx_port}"
        _wait_ready(f"{base}/api/v1/health", processes["nginx"], "nginx")
        yield Stack(base, database_url, api_ports, processes, tmp, receiver)


@contextmanager
def _running(processes: dict[str, subprocess.Popen[bytes]]) -> Iterator[None]:
    try:
        yield
    finally:
        for process in processes.values():
            _stop(process)


def _token(http: httpx.Client, **form: str) -> dict[str, str]:
    r = http.post("/api/v1/auth/token", data=form)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _director(http: httpx.Client) -> dict[str, str]:
    return _token(http, grant_type="password", username=DIRECTOR, password=PASSWORD)


def _integration(http: httpx.Client) -> dict[str, str]:
    return _token(
        http, grant_type="client_credentials", client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )


def _verify(headers: dict[str, str], body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in headers["X-Pumpurs-Signature"].split(","))
    mac = hmac.new(HOOK_SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), parts["v1"])


def _submitted_plans(http: httpx.Client, headers: dict[str, str]) -> list[str]:
    r = http.get("/api/v1/plans", params={"status": "submitted"}, headers=headers)
    assert r.status_code == 200, r.text
    return [p["id"] for p in r.json()["items"]]


def _status_changes(stack: Stack, plan_id: str) -> list[Any]:
    return [
        item
        for item in stack.receiver.received
        if item.event["resource_id"] == plan_id and item.event["type"] == "plan.status_changed"
    ]


def _scrape(http: httpx.Client) -> dict[str, list[Any]]:
    r = http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert r.status_code == 200, r.text
    return {f.name: f.samples for f in text_string_to_metric_families(r.text)}


def test_smoke_flow_through_nginx(stack: Stack) -> None:
    with stack.http() as http:
        client = _integration(http)
        r = http.post(
            "/api/v1/webhooks",
            json={"url": stack.receiver.url, "event_types": ["plan.*"], "secret": HOOK_SECRET},
            headers=client,
        )
        assert r.status_code == 201, r.text

        director = _director(http)
        plans = _submitted_plans(http, director)
        assert len(plans) >= 2
        stack.state["plans"] = plans
        r = http.post(f"/api/v1/plans/{plans[0]}/approve", json={}, headers=director)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved_school"

        assert stack.receiver.wait_for(lambda _: bool(_status_changes(stack, plans[0])), 20)
        [delivered] = _status_changes(stack, plans[0])
        assert _verify(delivered.headers, delivered.body)
        assert delivered.event["data"]["status"] == "approved_school"

        r = http.get(f"/api/v1/plans/{plans[0]}/status", headers=client)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved_school"
        etag = r.headers["ETag"]
        r = http.get(f"/api/v1/plans/{plans[0]}/status", headers=client | {"If-None-Match": etag})
        assert r.status_code == 304

        assert http.get("/metrics").status_code == 401
        # The receiver saw the call; the worker records it right after the answer.
        deadline = time.monotonic() + 15
        while True:
            families = _scrape(http)
            delivered_counts = [
                s.value
                for s in families["pumpurs_webhook_deliveries"]
                if s.labels["status"] == "delivered" and s.labels["client_id"] == CLIENT_ID
            ]
            if (delivered_counts and delivered_counts[0] >= 1) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert delivered_counts
    assert delivered_counts[0] >= 1
    pulls = [
        s
        for s in families["pumpurs_http_requests"]
        if s.labels["route"] == "/api/v1/plans/{plan_id}/status" and s.name.endswith("_total")
    ]
    assert {s.labels["status"] for s in pulls} >= {"200", "304"}
    routes = {s.labels["route"] for s in families["pumpurs_http_requests"]}
    assert not any(plans[0] in route for route in routes)
    for name in ("pumpurs_db_pool_connections_in_use", "pumpurs_webhook_lag_events"):
        assert name in families


def test_proxy_limits_and_forwarded_address(stack: Stack) -> None:
    with stack.http() as http:
        r = http.post("/api/v1/auth/token", content=b"x" * 3_000_000)
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"
        director = _director(http)
        spoofed = director | {"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "deploy-xff-1"}
        r = http.get(f"/api/v1/plans/{stack.state['plans'][1]}", headers=spoofed)
        assert r.status_code == 200, r.text
        assert r.headers["X-Request-ID"] == "deploy-xff-1"
    engine = sa.create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            addresses = conn.execute(
                sa.text("SELECT client_address FROM audit_events WHERE request_id = :id"),
                {"id": "deploy-xff-1"},
            ).scalars()
            assert set(addresses) == {"127.0.0.1"}  # nginx's view, not the client's claim
    finally:
        engine.dispose()


def test_an_api_process_killed_mid_run_fails_no_request(stack: Stack) -> None:
    plan = stack.state["plans"][0]
    outcomes: Counter[str] = Counter()
    after_kill = Counter[str]()
    lock = threading.Lock()
    stop = threading.Event()
    killed = threading.Event()
    with stack.http() as http:
        headers = _integration(http)

    def pull() -> None:
        with stack.http() as http:
            while not stop.is_set():
                try:
                    outcome = str(
                        http.get(f"/api/v1/plans/{plan}/status", headers=headers).status_code
                    )
                except httpx.TransportError as exc:
                    outcome = type(exc).__name__
                with lock:
                    outcomes[outcome] += 1
                    if killed.is_set():
                        after_kill[outcome] += 1

    threads = [threading.Thread(target=pull) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    stack.processes["api1"].send_signal(signal.SIGKILL)
    stack.processes["api1"].wait(5)
    killed.set()
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join(20)
    print(f"requests during the kill: {dict(outcomes)}; after it: {dict(after_kill)}")
    assert set(outcomes) == {"200"}, outcomes
    assert outcomes["200"] >= 40
    assert after_kill["200"] >= 10


def test_sigterm_lets_the_worker_finish_its_delivery(stack: Stack) -> None:
    plan = stack.state["plans"][1]
    in_call = threading.Event()

    def slow(item: Any) -> int:
        if item.event["resource_id"] == plan:
            in_call.set()
            time.sleep(2)
        return 200

    stack.receiver.answer = slow
    with stack.http() as http:
        r = http.post(f"/api/v1/plans/{plan}/approve", json={}, headers=_director(http))
        assert r.status_code == 200, r.text
    assert in_call.wait(20)
    worker = stack.processes["worker"]
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    engine = sa.create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT status, attempts FROM webhook_deliveries "
                    "WHERE resource_id = :plan AND event_type = 'plan.status_changed' "
                    "ORDER BY sequence DESC LIMIT 1"
                ),
                {"plan": plan},
            ).all()
    finally:
        engine.dispose()
    assert rows == [("delivered", 1)]
    assert "webhook worker stopped" in stack.log_text("worker")


def test_sigterm_lets_the_api_finish_requests_in_flight(stack: Stack) -> None:
    port = stack.api_ports[1]
    api = stack.processes["api2"]
    answer: dict[str, Any] = {}
    body = f"grant_type=password&username={DIRECTOR}&password={PASSWORD}".encode()
    first_part_sent = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield body[:10]
        first_part_sent.set()
        time.sleep(1.5)  # SIGTERM arrives while the request is being received
        yield body[10:]

    def login() -> None:
        try:
            r = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/token",
                content=slow_body(),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Content-Length": str(len(body)),
                },
                timeout=20,
            )
            answer["status"] = r.status_code
        except httpx.HTTPError as exc:
            answer["error"] = repr(exc)

    thread = threading.Thread(target=login)
    thread.start()
    assert first_part_sent.wait(10)
    time.sleep(0.3)
    api.send_signal(signal.SIGTERM)
    thread.join(20)
    assert answer == {"status": 200}
    # After a clean shutdown uvicorn re-raises the signal; systemd counts SIGTERM as a clean exit.
    assert api.wait(20) in (0, -signal.SIGTERM)
    lines = [json.loads(line) for line in stack.log_text("api2").splitlines() if line.strip()]
    messages = [line["message"] for line in lines]
    answered = messages.index(
        "POST /api/v1/auth/token 200",
        messages.index("Waiting for connections to close. (CTRL+C to force quit)"),
    )
    assert any(m.startswith("Finished server process") for m in messages[answered:])


def test_logs_are_json_lines_without_personal_data(stack: Stack) -> None:
    engine = sa.create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            students = conn.execute(
                sa.text(
                    "SELECT given_name, family_name, personal_code_encrypted FROM students "
                    "JOIN support_plans ON support_plans.student_id = students.id "
                    "WHERE support_plans.id IN :ids"
                ).bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": stack.state["plans"]},
            ).all()
    finally:
        engine.dispose()
    assert students
    secrets = set()
    for given, family, code in students:
        secrets |= {given, family, decrypt_personal_code(code)}
    for name in ("api1", "api2", "worker"):
        text = stack.log_text(name)
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert lines, name
        assert all({"time", "level", "message"} <= line.keys() for line in lines)
        for secret in secrets:
            assert secret not in text, name
    requests = [
        json.loads(line)
        for name in ("api1", "api2")
        for line in stack.log_text(name).splitlines()
        if '"route"' in line
    ]
    assert any(r.get("actor_role") == "school_director" for r in requests)


def test_the_production_config_is_valid(tmp_path: Path) -> None:
    """deploy/nginx/pumpurs.conf as installed (TLS, redirect, JSON access log), checked by
    ``nginx -t`` with a throwaway certificate and paths of this run."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pumpurs.example.lv")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    site = (ROOT / "deploy/nginx/pumpurs.conf").read_text()
    for installed, here in (
        ("/etc/ssl/pumpurs/", f"{tmp_path}/"),
        ("/etc/nginx/snippets/pumpurs-proxy.conf", f"{ROOT}/deploy/nginx/pumpurs-proxy.conf"),
        ("/var/log/nginx/", f"{tmp_path}/"),
    ):
        assert installed in site
        site = site.replace(installed, here)
    (tmp_path / "pumpurs.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ }}
http {{
    include {tmp_path}/pumpurs.conf;
}}
"""
    )
    done = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
