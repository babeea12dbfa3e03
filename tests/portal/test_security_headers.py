"""Content-Security-Policy, Permissions-Policy and no-store, through HTTP.

Every page (public, admin, mapping) carries a policy that forbids inline script, and no page
contains any; mapping pages and every export are ``Cache-Control: no-store``.
"""

from __future__ import annotations

import re

import pytest

from directory.models import StaffRole
from tests.directory.admin_support import admin_url
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user
from tests.mapping.conftest import World, add_lines, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_no_inline_script(response) -> None:
    html = response.content.decode()
    for attributes in SCRIPT.findall(html):
        executable = "application/json" not in attributes and "x-waymark" not in attributes
        assert "src=" in attributes or not executable, f"inline <script{attributes}>"
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler"


def assert_strict_policy(response) -> None:
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_have_the_policy_and_no_inline_script(client):
    service = ServiceFactory(name="Little Acorns Nursery")
    for url in ["/", "/services/", "/services/?q=acorns", service.get_absolute_url(), "/nope/"]:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_strict_policy(response)
        assert directives(response)["style-src"] == ["'self'"]
        assert_no_inline_script(response)
    api = client.get("/api/oruk/services")
    assert "Content-Security-Policy" in api and "Permissions-Policy" in api


def test_admin_pages_forbid_inline_script_but_allow_wagtails_inline_styles(client):
    la = LocalAuthorityFactory()
    service = ServiceFactory(local_authority=la)
    client.force_login(staff_user(la))
    for url in [
        "/admin/",
        admin_url("service", "list"),
        admin_url("service", "edit", service.pk),
        admin_url("service", "add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert "'unsafe-inline'" in directives(response)["style-src"]
        assert_no_inline_script(response)
    assert "Content-Security-Policy" in client.get("/admin/login/")


def test_mapping_pages_are_no_store_with_the_policy(client, world):  # noqa: F811
    client.force_login(world.users["lead"])
    for url in ["/mapping/", f"/mapping/returns/{world.mapping_return.pk}/", "/mapping/reports/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store"
        assert_strict_policy(response)
        assert_no_inline_script(response)


def test_every_export_is_no_store(client, world):  # noqa: F811
    add_lines(world.mapping_return)
    client.force_login(world.users["lead"])
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/export/"
    downloads = [
        client.get(base + "investment.csv"),
        client.get(base + "workforce.csv"),
        client.get(
            "/mapping/reports/investment-matrix/", {"cycle": world.cycle.label, "format": "csv"}
        ),
        client.get(
            "/mapping/reports/investment-matrix/", {"cycle": world.cycle.label, "format": "xlsx"}
        ),
    ]
    editor = staff_user(world.la, StaffRole.EDITOR)
    client.force_login(editor)
    downloads.append(client.get("/admin/exchange/export/services.csv"))
    for response in downloads:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "no-store"


def test_public_pages_may_be_cached(client):
    response = client.get("/services/")
    assert "no-store" not in response.get("Cache-Control", "")
