"""Email leaves the web request as a background task and is delivered by the worker."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

pytestmark = pytest.mark.django_db

TASK_EMAIL = "portal.email.TaskEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(EMAIL_BACKEND=TASK_EMAIL, WAYMARK_EMAIL_DELIVERY_BACKEND=LOCMEM)
def test_mail_waits_in_the_queue_until_the_worker_delivers_it():
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_QUEUE):
        sent = mail.EmailMultiAlternatives(
            "Your shortlist",
            "Plain text",
            "waymark@example.org",
            ["parent@example.org"],
            alternatives=[("<p>HTML</p>", "text/html")],
        ).send()
        assert sent == 1
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1

        # The worker drops stale connections between tasks; here the only connection holds
        # the test's transaction, so it must stay open.
        with mock.patch(f"{db_worker.__name__}.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert len(mail.outbox) == 1
    delivered = mail.outbox[0]
    assert delivered.subject == "Your shortlist"
    assert delivered.to == ["parent@example.org"]
    assert delivered.alternatives[0][0] == "<p>HTML</p>"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(EMAIL_BACKEND=TASK_EMAIL, WAYMARK_EMAIL_DELIVERY_BACKEND=LOCMEM)
def test_a_message_without_recipients_is_not_queued():
    assert mail.EmailMessage("Nobody", "text", "waymark@example.org", []).send() == 0
    assert mail.outbox == []
