"""How long Waymark keeps personal data, and how it forgets it.

The privacy notice states these periods; ``manage.py purge_personal_data`` (run daily from
cron, or as a background task) applies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from directory.models import LocalOfferFeedback, ProblemReport
from search.models import SearchLog

from .security.models import SecurityEvent


@dataclass(frozen=True)
class RetentionRule:
    label: str
    days: int
    purge: Callable[[dt.datetime], int]  # forgets what is older than the cut-off; returns rows


def _delete_search_log(cutoff: dt.datetime) -> int:
    deleted, _ = SearchLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _forget_problem_report_contacts(cutoff: dt.datetime) -> int:
    return (
        ProblemReport.objects.filter(created_at__lt=cutoff)
        .exclude(reply_email="")
        .update(reply_email="")
    )


def _forget_local_offer_contacts(cutoff: dt.datetime) -> int:
    return LocalOfferFeedback.objects.contact_details_before(cutoff).remove_contact_details()


def _delete_security_logs(cutoff: dt.datetime) -> int:
    """Security events and axes' sign-in logs: staff usernames with client addresses."""
    deleted = SecurityEvent.objects.filter(at__lt=cutoff).delete()[0]
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


def retention_rules() -> list[RetentionRule]:
    return [
        RetentionRule(
            "search log rows", settings.WAYMARK_SEARCH_LOG_RETENTION_DAYS, _delete_search_log
        ),
        RetentionRule(
            "problem report reply addresses",
            settings.WAYMARK_CONTACT_RETENTION_DAYS,
            _forget_problem_report_contacts,
        ),
        RetentionRule(
            "Local Offer comment contact details",
            settings.WAYMARK_CONTACT_RETENTION_DAYS,
            _forget_local_offer_contacts,
        ),
        RetentionRule(
            "security events and sign-in logs",
            settings.WAYMARK_SECURITY_LOG_RETENTION_DAYS,
            _delete_security_logs,
        ),
    ]


def purge_personal_data(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every retention rule; returns how many rows each one removed or blanked."""
    now = now or timezone.now()
    return {
        rule.label: rule.purge(now - dt.timedelta(days=rule.days)) for rule in retention_rules()
    }
