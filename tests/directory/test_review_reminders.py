"""Review reminders with a frozen clock: who is emailed, when, and never twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from directory.models import ReviewReminder
from directory.reviews import review_counts, review_due_date
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    staff_user,
)
from tests.portal.provider_support import provider_for

pytestmark = pytest.mark.django_db

LAST_REVIEWED = dt.date(2025, 6, 1)
DUE = dt.date(2026, 6, 1)  # 12 months on


@pytest.fixture
def records():
    la = LocalAuthorityFactory(name="Own Council", review_period_months=12, review_reminder_days=30)
    provided = OrganisationFactory(local_authority=la, name="Little Acorns")
    provider = provider_for(provided, username="owner@acorns.example", email="owner@acorns.example")
    editor = staff_user(la, username="ed", email="ed@council.example")
    return {
        "la": la,
        "provider": provider,
        "editor": editor,
        "with_provider": ServiceFactory(
            local_authority=la, organisation=provided, name="Acorns", last_reviewed=LAST_REVIEWED
        ),
        "without_provider": ServiceFactory(
            local_authority=la, name="Council Club", last_reviewed=LAST_REVIEWED
        ),
        "later": ServiceFactory(
            local_authority=la, name="Reviewed Recently", last_reviewed=dt.date(2026, 5, 1)
        ),
    }


def run(on: dt.date) -> str:
    out = StringIO()
    with time_machine.travel(dt.datetime.combine(on, dt.time(9)), tick=False):
        call_command("send_review_reminders", verbosity=0, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_due_date_follows_the_councils_review_period(records):
    assert review_due_date(records["with_provider"]) == DUE
    records["la"].review_period_months = 6
    assert review_due_date(records["with_provider"]) == dt.date(2025, 12, 1)
    records["with_provider"].review_due = dt.date(2026, 2, 2)  # staff set it themselves
    assert review_due_date(records["with_provider"]) == dt.date(2026, 2, 2)


def test_nothing_is_sent_before_the_lead_time(records):
    assert run(DUE - dt.timedelta(days=31)) == (
        "review reminders: due=0 overdue=0 emails=0 no_recipient=0"
    )
    assert mail.outbox == [] and not ReviewReminder.objects.exists()


def test_reminders_go_to_the_provider_or_else_the_editors_and_never_twice(records):
    first_day = DUE - dt.timedelta(days=30)
    assert run(first_day) == "review reminders: due=2 overdue=0 emails=2 no_recipient=0"
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("owner@acorns.example",), ("ed@council.example",)}
    provider_mail = by_recipient[("owner@acorns.example",)]
    assert "Acorns" in provider_mail.subject and "1 June 2026" in provider_mail.subject
    assert f"/provider/services/{records['with_provider'].uuid}/" in provider_mail.body
    assert "Council Club" not in provider_mail.body  # the provider hears only of their own
    staff_mail = by_recipient[("ed@council.example",)]
    assert "Council Club" in staff_mail.body and "/admin/snippets/" in staff_mail.body

    # the same day again, and every day up to and including the due date: nothing new
    assert run(first_day) == "review reminders: due=0 overdue=0 emails=0 no_recipient=0"
    assert run(DUE) == "review reminders: due=0 overdue=0 emails=0 no_recipient=0"
    assert len(mail.outbox) == 2

    # the day after the due date: the overdue reminder, once
    assert run(DUE + dt.timedelta(days=1)) == (
        "review reminders: due=0 overdue=2 emails=2 no_recipient=0"
    )
    assert all(m.subject.startswith("Overdue") for m in mail.outbox[2:])
    assert run(DUE + dt.timedelta(days=40)) == (
        "review reminders: due=0 overdue=0 emails=0 no_recipient=0"
    )
    assert len(mail.outbox) == 4
    assert ReviewReminder.objects.count() == 4


def test_a_record_first_seen_on_its_due_date_gets_the_due_reminder(records):
    assert run(DUE) == "review reminders: due=2 overdue=0 emails=2 no_recipient=0"


def test_a_new_review_period_gets_its_own_reminders(records):
    run(DUE - dt.timedelta(days=10))
    service = records["with_provider"]
    service.last_reviewed = DUE  # reviewed: next due a year on
    service.save()
    assert run(DUE + dt.timedelta(days=1)) == (
        "review reminders: due=0 overdue=1 emails=1 no_recipient=0"  # Council Club only
    )
    next_due = dt.date(2027, 6, 1)
    # Acorns' new period comes due; "Reviewed Recently" (due 1 May 2027) is overdue by now
    assert run(next_due - dt.timedelta(days=5)) == (
        "review reminders: due=1 overdue=1 emails=2 no_recipient=0"
    )
    assert ReviewReminder.objects.filter(service=service, due_date=next_due).count() == 1


def test_unpublished_defunct_and_mapping_only_records_are_left_alone(records):
    la = records["la"]
    ServiceFactory(local_authority=la, live=False, last_reviewed=LAST_REVIEWED)
    ServiceFactory(local_authority=la, status="defunct", last_reviewed=LAST_REVIEWED)
    ServiceFactory(local_authority=la, is_public=False, last_reviewed=LAST_REVIEWED)
    assert run(DUE + dt.timedelta(days=1)) == (
        "review reminders: due=0 overdue=2 emails=2 no_recipient=0"
    )


def test_records_nobody_can_be_told_about_are_counted(records):
    lonely_la = LocalAuthorityFactory()
    ServiceFactory(local_authority=lonely_la, last_reviewed=LAST_REVIEWED)
    UserFactory(email="not-staff@example.org")
    assert run(DUE + dt.timedelta(days=1)).endswith("no_recipient=1")


def test_bad_date_option_is_explained(records):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_review_reminders", date="1 June", verbosity=0)


def test_dashboard_counts_and_lists_own_records_only(client, records):
    other_la = LocalAuthorityFactory(name="Other Council")
    ServiceFactory(local_authority=other_la, name="Their Overdue", last_reviewed=LAST_REVIEWED)
    with time_machine.travel(dt.datetime(2026, 5, 20, 9), tick=False):
        counts = review_counts(
            type(records["with_provider"]).objects.filter(local_authority=records["la"])
        )
        assert (len(counts.due), len(counts.overdue)) == (2, 0)
        client.force_login(records["editor"])
        page = client.get("/admin/").content.decode()
    assert "<strong>0</strong> overdue for review" in page
    assert "<strong>2</strong> due for review soon" in page
    assert "Acorns" in page and "Council Club" in page and "Their Overdue" not in page


def test_council_staff_set_their_own_review_period_and_lead_time(client, records):
    la, other_la = records["la"], LocalAuthorityFactory(name="Other Council")
    client.force_login(records["editor"])
    response = client.get("/admin/directory/review-settings/")
    assert response.status_code == 302 and response["Location"].endswith(f"/{la.pk}/")
    url = f"/admin/directory/review-settings/{la.pk}/"
    saved = client.post(url, {"review_period_months": "6", "review_reminder_days": "14"})
    assert saved.status_code == 302
    la.refresh_from_db()
    assert (la.review_period_months, la.review_reminder_days) == (6, 14)
    refused = client.post(url, {"review_period_months": "0", "review_reminder_days": "14"})
    assert refused.status_code == 200 and refused.context["form"].errors["review_period_months"]
    other = f"/admin/directory/review-settings/{other_la.pk}/"
    assert (
        client.post(other, {"review_period_months": "1", "review_reminder_days": "1"}).status_code
        == 404
    )
    other_la.refresh_from_db()
    assert other_la.review_period_months == 12


def test_review_settings_need_the_publish_permission(client, records):
    client.force_login(UserFactory())
    assert client.get("/admin/directory/review-settings/").status_code in (302, 403)
