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
.venv/bin/python -m backend.cli migrate
.venv/bin/python -m backend.cli load-demo
.venv/bin/python -m backend.cli serve
