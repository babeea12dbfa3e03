"""Importing an ORUK feed file in the admin: the same preview-and-confirm as spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.exchange.models import PendingImport
from directory.models import Service
from tests.factories import LocalAuthorityFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db
V3 = Path(__file__).parent / "fixtures" / "oruk3_services.json"
URL = reverse("directory_exchange:oruk")


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


@pytest.fixture
def editor(la):
    return staff_user(la)


def upload(client, la, content: bytes, name: str = "feed.json", **extra):
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(URL, {"local_authority": la.pk, "file": file, **extra})


def test_preview_saves_nothing_then_confirm_imports_once(client, la, editor):
    client.force_login(editor)
    preview = upload(client, la, V3.read_bytes())
    html = preview.content.decode()
    assert preview.status_code == 200
    assert '<strong data-count="new">3 new</strong>' in html
    assert '<strong data-count="skipped">3 skipped</strong>' in html
    assert "duplicate id" in html
    assert not Service.objects.exists()

    pending = PendingImport.objects.get(kind="oruk")
    confirm_url = reverse("directory_exchange:oruk_confirm", args=[pending.token])
    response = client.post(confirm_url, follow=True)
    assert "3 new" in response.content.decode()
    assert Service.objects.filter(local_authority=la, live=False).count() == 3
    client.post(confirm_url)  # a second click imports nothing again
    assert Service.objects.count() == 3
    pending.refresh_from_db()
    assert pending.completed_at and not pending.files.exists()


def test_only_the_uploader_can_confirm(client, la, editor):
    client.force_login(editor)
    upload(client, la, V3.read_bytes())
    pending = PendingImport.objects.get(kind="oruk")
    client.force_login(staff_user(la))
    confirm_url = reverse("directory_exchange:oruk_confirm", args=[pending.token])
    assert client.post(confirm_url).status_code == 404
    assert not Service.objects.exists()


def test_broken_json_is_refused_with_where_it_breaks(client, la, editor):
    client.force_login(editor)
    response = upload(client, la, b'{"contents": [\n  {"id": "a",}\n]}')
    [message] = response.context["form"].errors["file"]
    assert "is not a UTF-8 JSON file" in message and "line 2" in message
    assert not PendingImport.objects.exists()


def test_someone_without_import_permissions_cannot_use_it(client, la):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*staff_user(la).user_permissions.filter(codename="access_admin"))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (b'[{"id": "a", "name": "Play", "minimum_age": ' + b"9" * 5000 + b"}]", "too long"),
    ],
)
def test_json_too_deep_or_with_a_huge_number_is_refused_not_a_server_error(
    client, la, editor, content, why
):
    client.force_login(editor)
    response = upload(client, la, content)
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert "could not be read" in message and why in message
    assert not PendingImport.objects.exists()


def test_fields_of_the_wrong_type_skip_or_drop_the_value_not_the_whole_feed(client, la, editor):
    """A feed's schedules as text, or an infinite age, are the record's problem, shown in the
    preview; the other records still import."""
    client.force_login(editor)
    feed = (
        b'[{"id": "a1", "name": "Stay and Play", "schedules": "Mondays 9-11"},'
        b' {"id": "a2", "name": "Rhyme Time", "maximum_age": Infinity},'
        b' {"id": "a3", "name": "Baby Massage"}]'
    )
    response = upload(client, la, feed)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong data-count="new">3 new</strong>' in html
    assert "maximum age “inf” dropped (not an age in years)" in html
    pending = PendingImport.objects.get(kind="oruk")
    client.post(reverse("directory_exchange:oruk_confirm", args=[pending.token]))
    rhyme = Service.objects.get(local_authority=la, name="Rhyme Time")
    assert rhyme.maximum_age is None
    assert not Service.objects.get(name="Stay and Play").schedules.exists()
