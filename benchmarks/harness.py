"""What the benchmark scripts share: Django set up on a chosen database, and a loopback server."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(database_url: str = "", log_level: int = logging.INFO) -> Path:
    """Configure Django on ``database_url`` (a fresh SQLite file when empty); return a work dir."""
    workdir = Path(tempfile.mkdtemp(prefix="waymark-bench-"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    logging.disable(log_level)
    return workdir


def serve():
    """The project's WSGI application on a free loopback port, in a daemon thread."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), WSGIServer, QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not exists.fetchone():
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, to print beside every figure."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def analyze(vacuum: bool = False) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would;
    ``vacuum`` also sets the visibility map (index-only scans then skip the table rows)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


RESULTS_CACHE_CHOICES = ("off", "on", "both")


def results_cache_runs(choice: str):
    """Each run the ``--results-cache`` choice asks for, as its label, with the search results
    cache (``WAYMARK_SEARCH_RESULTS_SECONDS``) set for it in this process, which serves the
    requests: "off" (every search from the database), then "on" (a repeat is served from the
    cache until the index changes; only a repeat, so its figures are the best case)."""
    from django.conf import settings
    from django.core.cache import cache

    for label, seconds in (("off", 0), ("on", 600)):
        if choice in (label, "both"):
            settings.WAYMARK_SEARCH_RESULTS_SECONDS = seconds
            cache.clear()
            yield label
