"""Local development: debug on, demo banner on, email printed to the console."""

from .base import *  # noqa: F403
from .env import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-not-for-production"
WAYMARK_DEMO_MODE = True
WAYMARK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
