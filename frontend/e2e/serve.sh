#!/usr/bin/env bash
# Starts the real API with the built web app on a fresh demo database, for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export PUMPURS_DEMO_MODE=true
export DATABASE_URL="sqlite:///$tmp/e2e.db"
export PUMPURS_HOST=127.0.0.1
export PUMPURS_PORT="${E2E_PORT:-8765}"
export PUMPURS_WEB_DIST=frontend/dist
# Request lines stay out of the test output; the webhook administration test subscribes a
# receiver on loopback.
export PUMPURS_LOG_LEVEL=warning
export PUMPURS_WEBHOOKS_ALLOW_PRIVATE=true
# E-mail goes to a local SMTP server that keeps every message in a maildir the tests read.
export PUMPURS_SMTP_HOST=127.0.0.1
export PUMPURS_SMTP_PORT="${E2E_SMTP_PORT:-8025}"
export PUMPURS_BASE_URL="http://127.0.0.1:$PUMPURS_PORT"
mail_dir="${E2E_MAIL_DIR:-$tmp/mail}"
rm -rf "$mail_dir"
.venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$PUMPURS_SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$mail_dir" &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
.venv/bin/python -m backend.cli migrate
.venv/bin/python -m backend.cli load-demo
.venv/bin/python -m backend.cli serve
