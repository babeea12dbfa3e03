"""A confirmed import runs in the task worker, not in the web request; the person follows it
on a status page that says it is running, what it did, or why nothing was imported."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from directory.exchange import pending as pending_imports
from directory.exchange.models import PendingImport
from directory.models import Service
from directory.permissions import NATIONAL_ADMIN_GROUP
from mapping.models import InvestmentLine
from tests.factories import LocalAuthorityFactory, ServiceFactory, UserFactory, staff_user
from tests.mapping.test_import import INV_HEADER, INV_OK, LA

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def queued_tasks():
    """Tasks wait in the database queue until ``work()`` runs them, as in production."""
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def work() -> None:
    # The worker drops stale connections between tasks; here the only connection holds the
    # test's transaction, so it must stay open.
    with mock.patch(f"{db_worker.__name__}.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def upload_services(client, la, rows: list[str]) -> PendingImport:
    content = ("\n".join(rows) + "\n").encode()
    data = {"kind": "services", "local_authority": la.pk}
    data["file"] = SimpleUploadedFile("services.csv", content)
    assert client.post(reverse("directory_exchange:index"), data).status_code == 200
    return PendingImport.objects.get(kind="services")


@pytest.fixture
def la():
    return LocalAuthorityFactory()


@pytest.fixture
def editor_client(client, la):
    client.force_login(staff_user(la))
    return client


def test_a_spreadsheet_import_waits_for_the_worker_and_the_status_page_follows_it(
    editor_client, la
):
    pending = upload_services(editor_client, la, ["id,name", ",Made by the worker"])
    with queued_tasks():
        confirmed = editor_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
        status = editor_client.get(confirmed["Location"]).content.decode()
        assert "running in the background" in status and "Check again" in status
        assert not Service.objects.filter(name="Made by the worker").exists()
        # Confirming again (a double click) queues nothing more.
        editor_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
        work()
    assert Service.objects.filter(name="Made by the worker").count() == 1
    done = editor_client.get(confirmed["Location"]).content.decode()
    assert "Import finished" in done and "1 new" in done


def test_records_changed_before_the_worker_ran_import_nothing_and_say_why(editor_client, la):
    service = ServiceFactory(local_authority=la, name="Old name")
    pending = upload_services(
        editor_client, la, ["id,name", f"{service.uuid},New name", ",A new one"]
    )
    with queued_tasks():
        confirmed = editor_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
        service.delete()  # someone deletes the record the file changes, before the import runs
        work()
    page = editor_client.get(confirmed["Location"]).content.decode()
    assert "Import refused" in page and "nothing was imported" in page
    assert not Service.objects.filter(name__in=["New name", "A new one"]).exists()
    pending.refresh_from_db()
    assert pending.failed_at and pending.completed_at is None and pending.summary["errors"]


def test_an_import_that_fails_unexpectedly_says_so_instead_of_running_for_ever(editor_client, la):
    pending = upload_services(editor_client, la, ["id,name", ",Never saved"])

    def broken(pending):
        raise RuntimeError("disk full")

    with queued_tasks(), mock.patch.dict(pending_imports._RUNNERS, {"services": broken}):
        confirmed = editor_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
        work()
    page = editor_client.get(confirmed["Location"]).content.decode()
    assert "Import refused" in page and "running in the background" not in page
    assert "a problem we did not expect" in page and "nothing was imported" in page
    assert "records changed since you checked" not in page
    assert not Service.objects.filter(name="Never saved").exists()
    pending.refresh_from_db()
    assert pending.failed_at and pending.completed_at is None


def test_nobody_else_follows_someone_elses_import(editor_client, client, la):
    pending = upload_services(editor_client, la, ["id,name", ",Mine"])
    with queued_tasks():
        confirmed = editor_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    client.force_login(staff_user(la, username="colleague"))
    assert client.get(confirmed["Location"]).status_code == 404


def test_a_mapping_returns_import_runs_in_the_worker(client, tmp_path):
    LocalAuthorityFactory(code=LA, name="Northshire", slug="northshire")
    admin = UserFactory(username="importer")
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    investment = SimpleUploadedFile("investment.csv", "\n".join([INV_HEADER, *INV_OK]).encode())
    client.post("/mapping/import/", {"investment": investment})
    pending = PendingImport.objects.get(kind="mapping_returns")
    with queued_tasks():
        confirm = {"step": "confirm", "token": str(pending.token)}
        response = client.post("/mapping/import/", confirm)
        assert response["Location"] == f"/mapping/import/{pending.token}/"
        assert "running in the background" in client.get(response["Location"]).content.decode()
        assert InvestmentLine.objects.count() == 0
        work()
    finished = client.get(f"/mapping/import/{pending.token}/", follow=True).content.decode()
    assert "Imported: 3 investment lines" in finished
    assert InvestmentLine.objects.count() == 3
