"""Test runs: fast hashing, in-memory email, no throttling surprises between tests."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAYMARK_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
# Background tasks run at once, inside the test, so their effects can be asserted.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAYMARK_DEMO_MODE = False
WAYMARK_SEARCH_RESULTS_SECONDS = 0  # the tests of the results cache switch it on
# Tests choose their search backend: the database unless a test asks for Elasticsearch
# (tests/search/conftest.py), which then uses ELASTICSEARCH_URL; tests that need it are
# deselected when it is empty (tests/conftest.py).
WAYMARK_TEST_ELASTICSEARCH_URL = WAYMARK_ELASTICSEARCH["URL"]  # noqa: F405
WAYMARK_ELASTICSEARCH = {**WAYMARK_ELASTICSEARCH, "URL": ""}  # noqa: F405
