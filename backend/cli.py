"""Command line: ``python -m backend.cli <command>`` (also installed as ``pumpurs``)."""

import argparse
import json
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from backend.core.config import get_settings

# Commands that change plans or flags (the demo, imports) tell the people concerned, as the API
# does: the notification rules subscribe to the events when imported.
from backend.notifications import rules as _notification_rules  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if url:
        config.attributes["url"] = url
    return config


def migrate(_args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.is_sqlite:
        path = settings.database_url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "head")
    print("Database migrated to the latest revision.")
    return 0


def load_demo(_args: argparse.Namespace) -> int:
    from backend.core.db import transaction
    from backend.demo import data

    settings = get_settings()
    if not settings.demo_mode:
        print("Demo data is loaded only in demo mode (PUMPURS_DEMO_MODE=true).", file=sys.stderr)
        return 2
    with transaction() as session:
        loaded = data.load(session)
    print("Demo data loaded." if loaded else "The database already holds data; demo not loaded.")
    return 0


def print_accounts(_args: argparse.Namespace) -> int:
    from backend.demo.data import ACCOUNTS, DEMO_PASSWORD, scope_label

    settings = get_settings()
    url = f"http://{settings.host}:{settings.port}"
    print()
    print(f"  Pumpurs is starting at {url}  (API docs: {url}/api/docs)")
    print(f"  Demo accounts — password for all: {DEMO_PASSWORD}")
    for account in ACCOUNTS:
        print(f"    {account.email:<40} {account.role.value:<22} {scope_label(account.scope)}")
    print(f"  Demo API client: demo-municipal-it, secret pumpurs-demo-secret ({scope_label('A')})")
    print()
    return 0


def write_openapi(args: argparse.Namespace) -> int:
    from backend.main import create_app

    schema = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False, sort_keys=True)
    target = Path(args.output)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != schema + "\n":
            print(f"{target} is stale: run 'make openapi' and commit it.", file=sys.stderr)
            return 1
        print(f"{target} matches the code.")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema + "\n", encoding="utf-8")
    print(f"Wrote {target}")
    return 0


def serve(_args: argparse.Namespace) -> int:
    import uvicorn

    from backend.core.logs import configure_logging
    from backend.core.metrics import mark_process_dead

    settings = get_settings()
    configure_logging()
    try:
        uvicorn.run(
            "backend.main:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            log_config=None,  # uvicorn's own lines go through the JSON handler too
            access_log=False,  # the app logs requests itself, without query strings
            # SIGTERM: stop accepting, let requests in flight finish (up to this long), exit.
            timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
            # X-Forwarded-For and -Proto are believed from the reverse proxy only.
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
    finally:
        mark_process_dead()
    return 0


def worker(_args: argparse.Namespace) -> int:
    import logging
    import signal

    from backend.core.db import new_session
    from backend.core.logs import configure_logging
    from backend.core.metrics import instrument_pools, mark_process_dead
    from backend.integrations.worker import WebhookWorker
    from backend.reports.service import CellRefresher

    configure_logging()
    instrument_pools()
    runner = WebhookWorker(jobs=[CellRefresher(new_session)])
    # SIGTERM: deliveries being sent finish and are recorded; the rest are given back.
    signal.signal(signal.SIGTERM, lambda *_: runner.request_stop())
    signal.signal(signal.SIGINT, lambda *_: runner.request_stop())
    log = logging.getLogger("pumpurs.worker")
    log.info(
        "worker running (webhooks, import jobs, notifications, report cells)",
        extra={"event": "worker_started"},
    )
    try:
        runner.run()
    finally:
        mark_process_dead()
    log.info("webhook worker stopped", extra={"event": "worker_stopped"})
    return 0


def backup(args: argparse.Namespace) -> int:
    from backend.core.backup import BackupError, dump

    try:
        dump(get_settings().database_url, Path(args.output))
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Backup written to {args.output}")
    return 0


def restore(args: argparse.Namespace) -> int:
    from backend.core.backup import BackupError
    from backend.core.backup import restore as restore_dump

    try:
        restore_dump(Path(args.input), args.database_url)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print("Backup restored.")
    return 0


def import_students(args: argparse.Namespace) -> int:
    from backend.integrations.imports import import_from_command_line

    return import_from_command_line(Path(args.file), args.institution, dry_run=args.dry_run)


def retention(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from backend.core.db import transaction
    from backend.privacy import retention as retention_service

    years = args.years if args.years is not None else get_settings().retention_years
    if years < 1:
        print("--years must be at least 1.", file=sys.stderr)
        return 2
    # The progress bar goes to stderr, so the list of ids on stdout can be piped.
    console = Console(stderr=True)
    with transaction() as session, Progress(console=console, transient=True) as progress:
        task = progress.add_task("Anonymising", total=None)
        result = retention_service.run(
            session,
            years,
            dry_run=args.dry_run,
            on_found=lambda n: progress.update(task, total=n),
            progress=lambda done: progress.update(task, advance=done),
        )
        if args.dry_run:
            session.rollback()  # a dry run writes nothing: the commit at the end finds no change
    verb = "would be anonymised (dry run: nothing written)" if args.dry_run else "anonymised"
    print(
        f"{len(result.student_ids)} students whose plans all ended before "
        f"{result.cutoff:%Y-%m-%d} and who are not enrolled {verb}."
    )
    for student_id in result.student_ids:
        print(f"  {student_id}")
    return 0


def create_admin(args: argparse.Namespace) -> int:
    """The first IKVD administrator of an empty install (or another one later)."""
    import os

    from pydantic import ValidationError

    from backend.accounts import service as accounts_service
    from backend.core.db import transaction
    from backend.core.errors import Conflict

    try:
        get_settings()
    except ValidationError as exc:
        # Outside demo mode the service refuses missing or demo secrets: so does its first account.
        for error in exc.errors():
            print(error["msg"].removeprefix("Value error, "), file=sys.stderr)
        return 2
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env, "")
        if not password:
            print(
                f"The environment variable {args.password_env} is empty or unset.", file=sys.stderr
            )
            return 2
    try:
        with transaction() as session:
            user, link = accounts_service.create_admin(
                session, args.email, args.name, password=password
            )
            email = user.email
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            print(f"{field}: {error['msg']}", file=sys.stderr)
        return 2
    except Conflict as exc:
        print(f"{exc.detail}: {args.email}", file=sys.stderr)
        return 2
    print(f"IKVD administrator {email} created.")
    if link is None:
        print("Sign in with the password given.")
    else:
        days = get_settings().invitation_days
        print(f"Open this link within {days} days to set the password (it works once):")
        print(link)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pumpurs")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the latest revision").set_defaults(
        func=migrate
    )
    sub.add_parser("load-demo", help="load the demo data into an empty database").set_defaults(
        func=load_demo
    )
    sub.add_parser("demo-accounts", help="print the demo accounts").set_defaults(
        func=print_accounts
    )
    openapi = sub.add_parser("openapi", help="write (or --check) the OpenAPI schema")
    openapi.add_argument("--output", default="openapi/openapi.json")
    openapi.add_argument("--check", action="store_true")
    openapi.set_defaults(func=write_openapi)
    sub.add_parser("serve", help="serve the API and the web app").set_defaults(func=serve)
    sub.add_parser(
        "worker", help="deliver webhooks, fail imports whose process died (the production worker)"
    ).set_defaults(func=worker)
    saver = sub.add_parser(
        "backup", help="back up the PostgreSQL database (pg_dump, custom format)"
    )
    saver.add_argument("--output", required=True, help="file to write")
    saver.set_defaults(func=backup)
    loader = sub.add_parser("restore", help="restore a backup into an empty PostgreSQL database")
    loader.add_argument("--input", required=True, help="a file written by backup")
    loader.add_argument(
        "--database-url", required=True, help="the empty database to restore into (SQLAlchemy URL)"
    )
    loader.set_defaults(func=restore)
    importer = sub.add_parser("import-students", help="import students from a CSV file")
    importer.add_argument("file")
    importer.add_argument("--institution", required=True, help="institution id")
    importer.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    importer.set_defaults(func=import_students)
    admin = sub.add_parser(
        "create-admin",
        help="create an IKVD administrator: prints a one-time link to set the password",
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True, help="full name")
    admin.add_argument(
        "--password-env",
        metavar="VARIABLE",
        help="set the password from this environment variable instead of printing a link",
    )
    admin.set_defaults(func=create_admin)
    keep = sub.add_parser(
        "retention",
        help="anonymise students whose plans all ended more than N years ago (not enrolled)",
    )
    keep.add_argument(
        "--years", type=int, default=None, help="N (default: PUMPURS_RETENTION_YEARS, 5)"
    )
    keep.add_argument("--dry-run", action="store_true", help="list who would be; write nothing")
    keep.set_defaults(func=retention)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
