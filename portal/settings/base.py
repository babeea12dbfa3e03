"""Settings shared by every environment. Values that vary come from ``env``."""

from __future__ import annotations

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from . import env
from .csp_sources import tile_origin

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.SECRET_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS
WAYMARK_BASE_URL = env.BASE_URL
WAYMARK_DEMO_MODE = env.DEMO_MODE
WAYMARK_MAX_UPLOAD_BYTES = env.MAX_UPLOAD_BYTES
WAYMARK_UNCONFIRMED_GRACE_DAYS = env.UNCONFIRMED_GRACE_DAYS
WAYMARK_BENCHMARK_MIN_COUNCILS = env.BENCHMARK_MIN_COUNCILS
WAYMARK_SEARCH_RESULTS_SECONDS = env.SEARCH_RESULTS_SECONDS

INSTALLED_APPS = [
    "portal",
    "directory",
    "directory.exchange",
    "search",
    "mapping",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.middleware.ResponseHeadersMiddleware",
    "portal.security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.security.middleware.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.middleware.StaffSessionTimeoutMiddleware",
    "portal.security.middleware.SecondFactorMiddleware",
    "portal.security.middleware.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.errors.middleware.MalformedRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.site.CachedSiteMiddleware",
]

ROOT_URLCONF = "portal.urls"

# Draftail, but a post that is not the editor's JSON is shown again with an error, not a 500.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "directory.admin.widgets.RichTextInput"}}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
                "portal.shortlist.context_processors.shortlist",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/wagtailadmin/widgets/ can replace Wagtail's
# inline-script date and time inputs (see portal/security/admin_scripts.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "portal.wsgi.application"

# Health checks: a persistent connection the server dropped (restart, failover) is noticed
# and replaced at the start of the next request instead of failing it.
DATABASES = {
    "default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers never wait for a writer, and a commit (every public search
    # logs a row) costs no fsync: about 0.3 ms instead of 20 ms. Memory-mapped reads: a
    # scan of the service table is ~40% cheaper than through the small default page cache.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: five failures lock that username from that address for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.security.client.client_ip"
WAYMARK_TRUSTED_PROXIES = env.TRUSTED_PROXIES

# Staff sessions: 30 minutes without a request, or 12 hours in all, and they end.
WAYMARK_SESSION_IDLE_SECONDS = 30 * 60
WAYMARK_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = WAYMARK_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Second factor (django-otp, TOTP): see portal/security/second_factor.py for who needs it.
WAYMARK_STAFF_PREFIXES = ["/admin/", "/mapping/"]
WAYMARK_OTP_EXEMPT_PREFIXES = ["/admin/login/", "/admin/logout/", "/admin/password_reset/"]
WAYMARK_OTP_SETUP_URL = "/account/two-factor/setup/"
WAYMARK_OTP_VERIFY_URL = "/account/two-factor/"
WAYMARK_STAFF_HOME = "/admin/"
OTP_TOTP_ISSUER = "Waymark"

# Per-client rate limits: (name, path pattern, requests, seconds); first match applies.
WAYMARK_API_PREFIX = "/api/"
WAYMARK_RATE_LIMITS = [
    ("suggest", r"^/services/suggest$", env.RATE_LIMIT_SUGGEST, 60),
    ("search", r"^/services/$", env.RATE_LIMIT_SEARCH, 60),
    ("api", r"^/api/oruk/", env.RATE_LIMIT_API, 60),
    # Password reset: POSTs only, per address and per email address asked for (an hour).
    ("password-reset", r"^/admin/password_reset/$", 5, 3600, "client", ("POST",)),
    ("password-reset-email", r"^/admin/password_reset/$", 3, 3600, "email", ("POST",)),
]

# Content-Security-Policy (django-csp): no inline script anywhere, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
WAYMARK_ADMIN_PREFIX = "/admin/"
#: Wagtail's admin templates carry style attributes and preview uploads from blob: URLs.
WAYMARK_ADMIN_CSP_UPDATE = {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
WAYMARK_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(self), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)
#: Staff-only pages that browsers and proxies must not keep (exports are always no-store).
WAYMARK_NO_STORE_PREFIXES = ["/mapping/"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
DATA_UPLOAD_MAX_MEMORY_SIZE = env.MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.MAX_UPLOAD_BYTES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "xlsx", "odt", "ods", "txt"]

EMAIL_BACKEND = env.EMAIL_BACKEND
WAYMARK_EMAIL_DELIVERY_BACKEND = env.EMAIL_DELIVERY_BACKEND
EMAIL_HOST = env.EMAIL_HOST
EMAIL_PORT = env.EMAIL_PORT
EMAIL_HOST_USER = env.EMAIL_HOST_USER
EMAIL_HOST_PASSWORD = env.EMAIL_HOST_PASSWORD
EMAIL_USE_TLS = env.EMAIL_USE_TLS
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Waymark"
WAGTAILADMIN_BASE_URL = env.BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No gravatar: no network at run time, and the Content-Security-Policy allows images from here only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

WAYMARK_ELASTICSEARCH = {
    "URL": env.ELASTICSEARCH_URL,
    "INDEX": env.ELASTICSEARCH_INDEX,
    "TIMEOUT": env.ELASTICSEARCH_TIMEOUT,
    "BREAKER_FAILURES": env.ELASTICSEARCH_BREAKER_FAILURES,
    "BREAKER_SECONDS": env.ELASTICSEARCH_BREAKER_SECONDS,
}

WAYMARK_MAP = {
    "TILE_URL": env.MAP_TILE_URL,
    "ATTRIBUTION": env.MAP_ATTRIBUTION,
    "DIRECTIONS_URL": env.DIRECTIONS_URL,
}
WAYMARK_SHORTLIST_SHARE_DAYS = env.SHORTLIST_SHARE_DAYS
# The maps load tiles from the configured tile server, so images (only) may come from there.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(tile_origin(env.MAP_TILE_URL))

# Background work (email, imports started in the admin, reindexing, purges): django-tasks.
# The database queue is the default (`manage.py db_worker` runs it; `make run` and the compose
# file start one); "rq" spreads the work over several machines through Redis.
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if env.TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"WAYMARK_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {env.TASKS_BACKEND!r}"
    )
TASKS = {"default": _TASK_BACKENDS[env.TASKS_BACKEND]}
if env.TASKS_BACKEND == "rq":
    if not env.REDIS_URL:
        raise ImproperlyConfigured("WAYMARK_TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env.REDIS_URL}}

WAYMARK_SEARCH_LOG_RETENTION_DAYS = env.SEARCH_LOG_RETENTION_DAYS
WAYMARK_CONTACT_RETENTION_DAYS = env.CONTACT_RETENTION_DAYS
WAYMARK_SECURITY_LOG_RETENTION_DAYS = env.SECURITY_LOG_RETENTION_DAYS

LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    "loggers": {
        "elastic_transport": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
