"""Wagtail admin URLs that answered 500 on junk input now answer a clean 4xx (issue 9 item 10).

Each guard is a thin view in portal/admin_guards.py; valid requests still reach Wagtail's view.
"""

from __future__ import annotations

import re

import pytest
from wagtail.models import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.raise_request_exception = False
    return client


def test_posting_the_external_link_chooser_without_a_url_is_a_form_error(admin_client):
    response = admin_client.post("/admin/choose-external-link/", {"title": "x"})
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "external_link"
    assert "This field is required" in data["html"]


def test_a_valid_external_link_is_still_chosen(admin_client):
    response = admin_client.post(
        "/admin/choose-external-link/",
        {
            "external-link-chooser-url": "https://example.org/play",
            "external-link-chooser-link_text": "",
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "external_link_chosen"
    assert data["result"]["url"] == "https://example.org/play"


def test_processing_a_redirects_import_without_an_upload_is_a_bad_request(admin_client):
    response = admin_client.post("/admin/redirects/import/process/", {"import_file_name": "x"})
    assert response.status_code == 400
    assert b"govuk" in response.content


@pytest.mark.parametrize("action", ["lock", "unlock", "set_position"])
def test_acting_on_the_tree_root_page_is_a_bad_request(admin_client, action):
    response = admin_client.post(f"/admin/pages/1/{action}/", {"position": "0"})
    assert response.status_code == 400


@pytest.fixture
def two_pages():
    from portal.models import InformationPage

    home = Page.get_first_root_node().add_child(
        instance=InformationPage(title="Guards FIS", slug="guards", body=[])
    )
    first = home.add_child(instance=InformationPage(title="First", slug="first", body=[]))
    second = home.add_child(instance=InformationPage(title="Second", slug="second", body=[]))
    return home, first, second


def test_locking_and_unlocking_an_ordinary_page_still_works(admin_client, two_pages):
    _, page, _ = two_pages
    assert admin_client.post(f"/admin/pages/{page.pk}/lock/").status_code == 302
    page.refresh_from_db()
    assert page.locked
    assert admin_client.post(f"/admin/pages/{page.pk}/unlock/").status_code == 302
    page.refresh_from_db()
    assert not page.locked


def test_reordering_an_ordinary_page_still_works(admin_client, two_pages):
    home, first, second = two_pages
    response = admin_client.post(f"/admin/pages/{second.pk}/set_position/?position=0")
    assert response.status_code == 200
    assert [p.pk for p in home.get_children()] == [second.pk, first.pk]


def test_a_valid_redirects_import_still_creates_the_redirects(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.contrib.redirects.models import Redirect

    upload = SimpleUploadedFile(
        "r.csv", b"from,to\n/old-play,https://example.org/services/\n", "text/csv"
    )
    confirm = admin_client.post("/admin/redirects/import/", {"import_file": upload})
    assert confirm.status_code == 200
    hidden = dict(
        re.findall(
            r'name="(import_file_name|input_format)" value="([^"]+)"', confirm.content.decode()
        )
    )
    assert set(hidden) == {"import_file_name", "input_format"}
    response = admin_client.post(
        "/admin/redirects/import/process/",
        {**hidden, "from_index": "0", "to_index": "1", "permanent": "on"},
    )
    assert response.status_code in (200, 302)
    assert Redirect.objects.filter(
        old_path="/old-play", redirect_link="https://example.org/services/"
    ).exists()


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
@pytest.mark.parametrize("parameter", ["search", "locale"])
def test_a_nul_character_in_an_admin_api_search_is_not_a_server_error(
    admin_client, endpoint, parameter
):
    """Wagtail's admin API put it straight into a query: PostgreSQL refuses NUL in text (a
    500), SQLite's full-text search read it as the end of the string (a 503 "outage")."""
    response = admin_client.get(f"/admin/api/main/{endpoint}/", {parameter: "play\x00group"})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "url",
    [
        "/admin/api/main/pages/?search=%22",
        "/admin/api/main/documents/?search=play%20%22group",
        "/admin/snippets/choose/directory/service/?q=%22",
    ],
)
def test_a_stray_quote_in_an_admin_search_is_not_an_outage(admin_client, url):
    """Wagtail's own search passes the words to SQLite's full-text query language, where an
    unpaired quote is a syntax error: the search was badly typed, the database is fine."""
    response = admin_client.get(url)
    assert response.status_code < 500
