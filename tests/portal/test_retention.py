"""Personal data is forgotten after its retention period, and nothing else is touched."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.models import ProblemReport
from search.models import SearchLog
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _age(queryset, days: int) -> None:
    queryset.update(created_at=timezone.now() - dt.timedelta(days=days))


def _log(query: str, days_old: int) -> SearchLog:
    row = SearchLog.objects.create(query=query, result_count=1, backend="database")
    _age(SearchLog.objects.filter(pk=row.pk), days_old)
    return row


def _report(service, email: str, days_old: int) -> ProblemReport:
    report = ProblemReport.objects.create(
        service=service,
        local_authority=service.local_authority,
        kind=ProblemReport.Kind.WRONG_DETAILS,
        details="The phone number is wrong.",
        reply_email=email,
    )
    _age(ProblemReport.objects.filter(pk=report.pk), days_old)
    return report


def test_purge_forgets_only_what_is_past_its_period(settings):
    settings.WAYMARK_SEARCH_LOG_RETENTION_DAYS = 30
    settings.WAYMARK_CONTACT_RETENTION_DAYS = 10
    service = ServiceFactory()
    old_log, new_log = _log("nursery", 31), _log("football", 29)
    old_report = _report(service, "parent@example.org", 11)
    new_report = _report(service, "carer@example.org", 9)

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert list(SearchLog.objects.values_list("pk", flat=True)) == [new_log.pk]
    assert not SearchLog.objects.filter(pk=old_log.pk).exists()
    old_report.refresh_from_db()
    new_report.refresh_from_db()
    assert old_report.reply_email == "" and old_report.details == "The phone number is wrong."
    assert new_report.reply_email == "carer@example.org"
    assert "purged search log rows: 1" in out.getvalue()
    assert "purged problem report reply addresses: 1" in out.getvalue()

    second = StringIO()
    call_command("purge_personal_data", stdout=second)
    assert "purged search log rows: 0" in second.getvalue()


def test_purge_removes_local_offer_comment_contact_details_past_the_period(settings):
    from directory.models import LocalOfferFeedback

    settings.WAYMARK_CONTACT_RETENTION_DAYS = 10
    service = ServiceFactory()
    old, new = (
        LocalOfferFeedback.objects.create(
            local_authority=service.local_authority,
            about="health",
            comment="The therapy page is out of date.",
            name="A Parent",
            email=email,
        )
        for email in ("old@example.org", "new@example.org")
    )
    _age(LocalOfferFeedback.objects.filter(pk=old.pk), 11)
    _age(LocalOfferFeedback.objects.filter(pk=new.pk), 9)

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.name, old.email) == ("", "") and old.comment == "The therapy page is out of date."
    assert old.contact_removed_at is not None
    assert (new.name, new.email) == ("A Parent", "new@example.org")
    assert "purged Local Offer comment contact details: 1" in out.getvalue()


def test_purge_deletes_security_events_and_sign_in_logs_past_their_period(settings):
    from axes.models import AccessFailureLog, AccessLog

    from portal.security.models import SecurityEvent

    settings.WAYMARK_SECURITY_LOG_RETENTION_DAYS = 20
    now = timezone.now()
    for days in (21, 19):
        event = SecurityEvent.objects.create(
            kind="refused",
            username="lead",
            path="/mapping/",
            status_code=404,
            client_ip="192.0.2.1",
        )
        SecurityEvent.objects.filter(pk=event.pk).update(at=now - dt.timedelta(days=days))
        for model in (AccessLog, AccessFailureLog):
            row = model.objects.create(username="lead", ip_address="192.0.2.1", user_agent="x")
            model.objects.filter(pk=row.pk).update(attempt_time=now - dt.timedelta(days=days))

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "purged security events and sign-in logs: 3" in out.getvalue()
    cutoff = now - dt.timedelta(days=20)
    assert SecurityEvent.objects.count() == 1 and SecurityEvent.objects.get().at > cutoff
    assert AccessLog.objects.count() == AccessFailureLog.objects.count() == 1
