# Pumpurs — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

export PUMPURS_HOST ?= 127.0.0.1
export PUMPURS_PORT ?= 8000

.PHONY: help install run serve worker bench migrate demo web test lint format openapi openapi-check \
	test-backend test-sqlite test-postgres test-frontend test-e2e client client-check

help:
	@echo "make run    install what is missing, migrate, load the demo data, serve http://$(PUMPURS_HOST):$(PUMPURS_PORT)"
	@echo "make test   every test: lint, schema check, backend on SQLite and PostgreSQL, web app"
	@echo "Other targets: install lint format openapi openapi-check migrate demo web worker bench"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# ---- running -------------------------------------------------------------------------------

run: export PUMPURS_DEMO_MODE ?= true
run: install web migrate demo serve

migrate: install
	$(BIN)/python -m backend.cli migrate

demo: install
	@if [[ "$${PUMPURS_DEMO_MODE,,}" =~ ^(1|true|yes|on)$$ ]]; then $(BIN)/python -m backend.cli load-demo; \
	else echo "Demo mode is off: no demo data loaded."; fi

worker: install
	$(BIN)/python -m backend.cli worker

bench: install
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian)"; apt-get install -y -qq wrk; }
	PG_ADMIN_URL="$(PG_ADMIN_URL)" $(BIN)/python -m bench.run

serve: install
	@if [[ "$${PUMPURS_DEMO_MODE,,}" =~ ^(1|true|yes|on)$$ ]]; then $(BIN)/python -m backend.cli demo-accounts; fi
	$(BIN)/python -m backend.cli serve

web:
	@if [ -f frontend/package.json ]; then $(MAKE) -C frontend build; \
	else echo "No web app to build yet."; fi

# ---- checks --------------------------------------------------------------------------------

lint: install
	$(BIN)/ruff check backend tests migrations bench
	$(BIN)/ruff format --check backend tests migrations bench
	$(BIN)/mypy --strict backend
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:xdist tests/core/test_layers.py
	@if [ -f frontend/package.json ]; then $(MAKE) -C frontend lint; fi

format: install
	$(BIN)/ruff check --fix backend tests migrations bench
	$(BIN)/ruff format backend tests migrations bench

openapi: install
	PUMPURS_DEMO_MODE=true $(BIN)/python -m backend.cli openapi --output openapi/openapi.json

openapi-check: install
	PUMPURS_DEMO_MODE=true $(BIN)/python -m backend.cli openapi --output openapi/openapi.json --check

test-sqlite: install
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-postgres: install
	@if $(BIN)/python tests/pg_available.py "$(PG_ADMIN_URL)"; then \
		PUMPURS_TEST_PG_ADMIN_URL="$(PG_ADMIN_URL)" $(BIN)/python -m pytest -n 2 --dist loadfile; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL at $(PG_ADMIN_URL) is unreachable, and CI=true requires it." >&2; exit 1; \
	else echo "SKIPPED-POSTGRES" > $(VENV)/.pg-skipped; fi

test-backend: test-sqlite test-postgres

test-frontend:
	@if [ -f frontend/package.json ]; then $(MAKE) -C frontend test; \
	else echo "No web app yet: no frontend tests."; fi

test-e2e:
	@if [ -f frontend/package.json ]; then $(MAKE) -C frontend e2e; \
	else echo "No web app yet: no browser tests."; fi

client:
	$(MAKE) -C frontend client

client-check:
	@if [ -f frontend/package.json ]; then $(MAKE) -C frontend client-check; \
	else echo "No web app yet: no API client to check."; fi

test: install
	@rm -f $(VENV)/.pg-skipped
	$(MAKE) lint
	$(MAKE) openapi-check
	$(MAKE) client-check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-frontend
	$(MAKE) test-e2e
	@if [ -f $(VENV)/.pg-skipped ]; then \
		echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!  PostgreSQL at $(PG_ADMIN_URL) was unreachable:"; \
		echo "!!  the backend suite ran on SQLite only. Start PostgreSQL and run make test."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; fi
