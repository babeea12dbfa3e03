# Waymark's front door. `make run` sets up everything and serves the portal with demo data;
# `make test` runs the linter and every test.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run setup install assets migrate demo test lint format clean browser

run: setup demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: install assets migrate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

assets: node_modules/.package-lock.json
	node frontend/build.mjs

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_mapping_outcomes

demo: migrate
	$(BIN)/python manage.py load_local_authorities
	$(BIN)/python manage.py load_postcodes --sample --skip-if-loaded
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py load_demo_mapping

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install assets lint browser
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The browser tests drive Debian's chromium; they fail (never skip) without it.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing chromium for the browser tests"; \
		$(SUDO) apt-get install -y chromium || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; } \
		|| echo "Could not install chromium: the browser tests will fail."; }

clean:
	rm -rf $(VENV) node_modules static/build staticfiles .pytest_cache
