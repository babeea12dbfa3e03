# Waymark's front door. `make run` sets up everything and serves the portal with demo data;
# `make test` runs the linters and every test. Each step is skipped when it is up to date.

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# The portal's own dependencies, and the test tooling on top (only `make test` needs it).
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
ASSETS := static/build/.built
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo "sudo -n")

# Keep compiled bytecode between runs even where the shell asks Python not to write it: without it
# every `make run` recompiles the project's modules in each of its three Python processes.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run serve setup install install-dev assets migrate demo test lint format clean browser

run: install assets
	@$(BIN)/python manage.py setup_demo --url http://$(HOST):$(PORT)/
	@mkdir -p var
	@echo "Background tasks: manage.py db_worker (log in var/worker.log). Stop with Ctrl+C."
	@$(BIN)/python manage.py db_worker --no-startup-delay > var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --skip-checks $(HOST):$(PORT)

# Production settings on PostgreSQL and Redis, served by gunicorn with a task worker beside it
# (see docs/deploy.md). Defaults suit this machine; override DATABASE_URL, REDIS_URL, SECRET_KEY.
serve: install assets
	@bash deploy/serve.sh

setup: install assets migrate

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV): install Python 3.11+ with venv (Debian: apt-get install python3-venv)"; exit 1; }
	$(PIP) -e .
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(PIP) -e ".[dev]"
	@touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
		|| { echo "Node.js 20.19 or later is needed (found $$(node --version))"; exit 1; }
	npm install --no-audit --no-fund --loglevel=error
	@touch node_modules/.package-lock.json

$(ASSETS): node_modules/.package-lock.json frontend/build.mjs $(shell find static/scss static/js -type f 2>/dev/null)
	node frontend/build.mjs
	@touch $(ASSETS)

assets: $(ASSETS)

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_mapping_outcomes

demo: install
	$(BIN)/python manage.py setup_demo --url http://$(HOST):$(PORT)/

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev assets lint browser
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The browser tests drive Debian's chromium; they fail (never skip) without it. Never prompts:
# without root or password-less sudo it says what to install and the browser tests fail.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing chromium for the browser tests"; \
		$(SUDO) apt-get install -y -q chromium </dev/null \
		|| { $(SUDO) apt-get update -q </dev/null && $(SUDO) apt-get install -y -q chromium </dev/null; } \
		|| echo "Could not install chromium (run: sudo apt-get install chromium): the browser tests will fail."; }

clean:
	rm -rf $(VENV) node_modules static/build staticfiles .pytest_cache
