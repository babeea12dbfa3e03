"""Security settings: login throttling, deploy checks, upload limits, admin behind login."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.directory.admin_support import admin_url
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def _login(client, username: str, password: str):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    user = staff_user(LocalAuthorityFactory())
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = _login(client, user.username, "wrong password")
        # The form again with an error; the failure that reaches the limit locks at once.
        assert response.status_code == (200 if attempt < settings.AXES_FAILURE_LIMIT else 429)
        assert "_auth_user_id" not in client.session
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_right_password_before_the_limit_logs_in(client):
    user = staff_user(LocalAuthorityFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong password")
    assert _login(client, user.username, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_lockout_is_per_username(client):
    locked = staff_user(LocalAuthorityFactory())
    other = staff_user(LocalAuthorityFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, locked.username, "wrong password")
    assert _login(client, other.username, PASSWORD).status_code == 302


# Set by test tooling (pytest-playwright sets DJANGO_ALLOW_ASYNC_UNSAFE), never in production.
NOT_IN_PRODUCTION = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    return {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **extra}


def test_production_settings_pass_the_deploy_check():
    env = _production_env(SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_upload_limits_come_from_one_setting():
    limit = settings.WAYMARK_MAX_UPLOAD_BYTES
    assert limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit == settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000)
def test_oversized_request_bodies_are_refused(client):
    user = staff_user(LocalAuthorityFactory())
    client.force_login(user)
    response = client.post(admin_url("location", "add"), {"description": "x" * 5_000})
    assert response.status_code == 400


def test_admin_screens_need_a_login(client):
    service = ServiceFactory()
    for url in (admin_url("service", "list"), admin_url("service", "edit", service.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_admin_posts_need_a_csrf_token():
    service = ServiceFactory(name="Little Acorns")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user(service.local_authority))
    response = client.post(admin_url("service", "lock", service.pk))
    assert response.status_code == 403
    service.refresh_from_db()
    assert not service.locked
