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
.venv/bin/python -m backend.cli migrate
.venv/bin/python -m backend.cli load-demo
.venv/bin/python -m backend.cli serve
