"""Production: secrets from the environment, HTTPS everywhere, PostgreSQL expected."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import SECRET_KEY as _SECRET_KEY
from .env import SSL_REDIRECT as _SSL_REDIRECT

if not _SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _SSL_REDIRECT
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
