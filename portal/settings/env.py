"""Every environment variable Waymark reads, declared once with its type and default.

Settings modules import from here; nothing else reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _str(name, default).split(",") if item.strip()]


#: Database connection; SQLite in the project folder unless set (PostgreSQL in production).
DATABASE_URL = _str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
SECRET_KEY = _str("SECRET_KEY", "")
DEBUG = _bool("DEBUG", False)
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", "")
#: Public base URL, used in emails and the API's links.
BASE_URL = _str("BASE_URL", "http://127.0.0.1:8000")
#: Elasticsearch endpoint; empty means the database search backend serves.
ELASTICSEARCH_URL = _str("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = _str("ELASTICSEARCH_INDEX", "waymark-services")
ELASTICSEARCH_TIMEOUT = float(_str("ELASTICSEARCH_TIMEOUT", "2.0"))
#: Circuit breaker: after this many failed calls in a row, skip Elasticsearch ...
ELASTICSEARCH_BREAKER_FAILURES = _int("ELASTICSEARCH_BREAKER_FAILURES", 3)
#: ... for this many seconds, answering from the database.
ELASTICSEARCH_BREAKER_SECONDS = _int("ELASTICSEARCH_BREAKER_SECONDS", 30)
#: Shared cache (rate limits, login throttling); local memory unless set, e.g. redis://127.0.0.1:6379/0.
REDIS_URL = _str("REDIS_URL", "")
#: Seconds a search's results are kept in the shared cache (dropped sooner when the index
#: changes); 0 keeps none. Off without REDIS_URL: local memory is per process, and a process
#: would not hear that another one changed the index.
SEARCH_RESULTS_SECONDS = _int("WAYMARK_SEARCH_RESULTS_SECONDS", 600 if REDIS_URL else 0)
#: Addresses or networks of our own reverse proxies, comma-separated; only they may say who the
#: client is (X-Forwarded-For). Empty: the connecting address is the client.
TRUSTED_PROXIES = _list("WAYMARK_TRUSTED_PROXIES", "")
#: Requests per minute per client address; 0 switches that limit off.
RATE_LIMIT_SEARCH = _int("WAYMARK_RATE_LIMIT_SEARCH", 120)
RATE_LIMIT_SUGGEST = _int("WAYMARK_RATE_LIMIT_SUGGEST", 300)
RATE_LIMIT_API = _int("WAYMARK_RATE_LIMIT_API", 300)
EMAIL_HOST = _str("EMAIL_HOST", "localhost")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER = _str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = _str("EMAIL_BACKEND", "portal.email.TaskEmailBackend")
DEFAULT_FROM_EMAIL = _str("DEFAULT_FROM_EMAIL", "waymark@localhost")
#: Where uploaded files live; a shared volume or object store mount in production.
MEDIA_ROOT = _str("MEDIA_ROOT", str(BASE_DIR / "media"))
STATIC_ROOT = _str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
#: Show the "this is demo data" banner on every public page.
DEMO_MODE = _bool("WAYMARK_DEMO_MODE", False)
#: Largest upload accepted (imports, documents), in bytes.
MAX_UPLOAD_BYTES = _int("WAYMARK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
#: Days after a cycle is published before unconfirmed services leave the public directory.
UNCONFIRMED_GRACE_DAYS = _int("WAYMARK_UNCONFIRMED_GRACE_DAYS", 90)
#: Fewest councils in a benchmarking group (region, England) before peer figures and quartiles
#: are shown to council staff; below it they read "too few councils to compare".
BENCHMARK_MIN_COUNCILS = _int("WAYMARK_BENCHMARK_MIN_COUNCILS", 5)
LOG_LEVEL = _str("LOG_LEVEL", "INFO")
#: Map tiles for the results and service page maps ({z}/{x}/{y} placeholders) and their credit.
MAP_TILE_URL = _str("WAYMARK_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = _str(
    "WAYMARK_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
#: A location's "Directions" link; {lat}, {lon} and {postcode} are filled in.
DIRECTIONS_URL = _str(
    "WAYMARK_DIRECTIONS_URL", "https://www.openstreetmap.org/directions?to={lat}%2C{lon}"
)
#: Days a shared shortlist link keeps working.
SHORTLIST_SHARE_DAYS = _int("WAYMARK_SHORTLIST_SHARE_DAYS", 90)


#: Where background tasks run: "database" (django-tasks-db; run `manage.py db_worker`),
#: "rq" (django-tasks-rq on REDIS_URL, for several machines) or "immediate" (inside the request).
TASKS_BACKEND = _str("WAYMARK_TASKS_BACKEND", "database")
#: How a background task finally delivers email (the web process only enqueues it).
EMAIL_DELIVERY_BACKEND = _str(
    "WAYMARK_EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
#: Days a search log row is kept before `manage.py purge_personal_data` deletes it.
SEARCH_LOG_RETENTION_DAYS = _int("WAYMARK_SEARCH_LOG_RETENTION_DAYS", 365)
#: Days contact details given with a problem report or Local Offer comment are kept.
CONTACT_RETENTION_DAYS = _int("WAYMARK_CONTACT_RETENTION_DAYS", 180)
#: Days security events and sign-in logs (usernames and client addresses) are kept.
SECURITY_LOG_RETENTION_DAYS = _int("WAYMARK_SECURITY_LOG_RETENTION_DAYS", 730)
#: Address and port `make serve` binds gunicorn to, and how many worker processes it starts.
SERVE_BIND = _str("WAYMARK_SERVE_BIND", "127.0.0.1:8000")
SERVE_WORKERS = _int("WAYMARK_SERVE_WORKERS", 4)
#: Addresses of the reverse proxies gunicorn trusts for X-Forwarded-* headers.
FORWARDED_ALLOW_IPS = _str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
#: Production redirects plain HTTP to HTTPS; false only to try production settings on loopback.
SSL_REDIRECT = _bool("WAYMARK_SSL_REDIRECT", True)
