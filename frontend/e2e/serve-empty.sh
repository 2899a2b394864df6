#!/usr/bin/env bash
# Starts the real API with the built web app on an empty install, as a school would run it: demo
# mode off, secrets of its own generated for this run, the database migrated, one IKVD
# administrator created from the command line, no demo data. The administrator's one-time link to
# set a password is written to $E2E_ADMIN_LINK_FILE for the browser test to open.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export PUMPURS_DEMO_MODE=false
PUMPURS_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
PUMPURS_DATA_KEY="$(.venv/bin/python -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
PUMPURS_LOOKUP_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export PUMPURS_SECRET_KEY PUMPURS_DATA_KEY PUMPURS_LOOKUP_KEY
export DATABASE_URL="sqlite:///$tmp/empty.db"
export PUMPURS_DOCUMENTS_DIR="$tmp/documents"
export PUMPURS_HOST=127.0.0.1
export PUMPURS_PORT="${E2E_PORT:-8765}"
export PUMPURS_WEB_DIST=frontend/dist
export PUMPURS_LOG_LEVEL=warning
export PUMPURS_SMTP_HOST=127.0.0.1
export PUMPURS_SMTP_PORT="${E2E_SMTP_PORT:-8025}"
export PUMPURS_BASE_URL="http://127.0.0.1:$PUMPURS_PORT"
mail_dir="${E2E_MAIL_DIR:-$tmp/mail}"
rm -rf "$mail_dir"
link_file="${E2E_ADMIN_LINK_FILE:-$tmp/admin-link}"
rm -f "$link_file"
.venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$PUMPURS_SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$mail_dir" &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
.venv/bin/python -m backend.cli migrate
.venv/bin/python -m backend.cli create-admin --email "${E2E_ADMIN_EMAIL:-ikvd.admin@tukss.pumpurs.lv}" \
  --name "IKVD Administratore" | grep -o 'http[^ ]*/accept-invitation#token=[A-Za-z0-9_-]*' >"$link_file"
.venv/bin/python -m backend.cli serve
