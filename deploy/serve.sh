#!/usr/bin/env bash
# `make serve`: Waymark with production settings on this machine's PostgreSQL and Redis, served
# by gunicorn (deploy/gunicorn.conf.py) with a background task worker beside it.
# Every default can be overridden from the environment; see docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/waymark}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
# On loopback there is no TLS proxy in front, so plain HTTP is served as it is.
export WAYMARK_SSL_REDIRECT="${WAYMARK_SSL_REDIRECT:-false}"
mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  # A key kept on this machine only (var/ is not in git), made once.
  [ -s var/secret_key ] || "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi

# Create the database on first use (a local PostgreSQL with trust authentication, as here).
if [[ "$DATABASE_URL" == postgres://* ]]; then
  "$BIN/python" - <<'PY'
import os
import psycopg
from urllib.parse import urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
        print(f"Created database {name}")
PY
fi

"$BIN/python" manage.py migrate --no-input -v 0
"$BIN/python" manage.py seed_mapping_outcomes > /dev/null
"$BIN/python" manage.py collectstatic --no-input -v 0

"$BIN/python" manage.py db_worker > var/serve-worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT INT TERM
echo "Serving production settings on http://${WAYMARK_SERVE_BIND:-127.0.0.1:8000}/ (worker log: var/serve-worker.log)"
"$BIN/gunicorn" -c deploy/gunicorn.conf.py
