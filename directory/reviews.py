"""When each service record is due for review, and the reminders sent about it.

A record is due ``LocalAuthority.review_period_months`` after it was last reviewed (or,
without a review, after it was created), unless staff set ``review_due`` themselves.
``send_review_reminders`` emails the provider (every provider account of the service's
organisation) or, when it has none, the owning LA's directory editors: once when the due
date is within the LA's ``review_reminder_days``, and once more when it has passed. A
``ReviewReminder`` row per record, kind and due date means never twice for the same period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from . import emails
from .models import (
    LocalAuthority,
    ProviderAccess,
    ReviewReminder,
    Service,
    ServiceStatus,
    StaffRole,
)

DUE, OVERDUE = ReviewReminder.Kind.DUE, ReviewReminder.Kind.OVERDUE


def review_due_date(service: Service, local_authority: LocalAuthority | None = None) -> dt.date:
    if service.review_due:
        return service.review_due
    local_authority = local_authority or service.local_authority
    start = service.last_reviewed or timezone.localdate(service.created_at)
    return start + relativedelta(months=local_authority.review_period_months)


def review_state(service: Service, today: dt.date) -> tuple[str | None, dt.date]:
    """(DUE, OVERDUE or None, the due date) for ``service`` on ``today``."""
    local_authority = service.local_authority
    due = review_due_date(service, local_authority)
    if today > due:
        return OVERDUE, due
    if today >= due - dt.timedelta(days=local_authority.review_reminder_days):
        return DUE, due
    return None, due


def reviewable(queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Published public records in use: the ones families rely on being current."""
    queryset = Service.objects.all() if queryset is None else queryset
    return (
        queryset.filter(
            live=True,
            is_public=True,
            status__in=[ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED],
        )
        .select_related("local_authority")
        .only(
            "id",
            "uuid",
            "name",
            "review_due",
            "last_reviewed",
            "created_at",
            "organisation_id",
            "local_authority__id",
            "local_authority__name",
            "local_authority__review_period_months",
            "local_authority__review_reminder_days",
        )
        .order_by("name", "pk")
    )


@dataclass
class ReviewCounts:
    due: list[tuple[Service, dt.date]] = field(default_factory=list)
    overdue: list[tuple[Service, dt.date]] = field(default_factory=list)


def review_counts(queryset: QuerySet[Service], today: dt.date | None = None) -> ReviewCounts:
    """Records due for review soon and overdue, soonest / most overdue first."""
    today = today or timezone.localdate()
    counts = ReviewCounts()
    for service in reviewable(queryset):
        kind, due = review_state(service, today)
        if kind == DUE:
            counts.due.append((service, due))
        elif kind == OVERDUE:
            counts.overdue.append((service, due))
    counts.due.sort(key=lambda pair: pair[1])
    counts.overdue.sort(key=lambda pair: pair[1])
    return counts


# --- Who is told --------------------------------------------------------------------------------


def _provider_emails() -> dict[int, list[str]]:
    by_organisation: dict[int, set[str]] = defaultdict(set)
    rows = ProviderAccess.objects.filter(user__is_active=True).exclude(user__email="")
    for organisation_id, email in rows.values_list("organisation_id", "user__email"):
        by_organisation[organisation_id].add(email.lower())
    return {key: sorted(value) for key, value in by_organisation.items()}


def _editor_emails() -> dict[int, list[str]]:
    by_la: dict[int, set[str]] = defaultdict(set)
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=StaffRole.EDITOR)
        .exclude(email="")
    )
    for la_id, email in users.values_list("memberships__local_authority_id", "email"):
        by_la[la_id].add(email.lower())
    return {key: sorted(value) for key, value in by_la.items()}


@dataclass
class ReminderRun:
    due: int = 0
    overdue: int = 0
    emails: int = 0
    unreachable: int = 0  # records nobody can be told about (no provider, no editor)

    def summary(self) -> str:
        return (
            f"review reminders: due={self.due} overdue={self.overdue} emails={self.emails} "
            f"no_recipient={self.unreachable}"
        )


def send_review_reminders(
    today: dt.date | None = None, on_record: Callable[[], None] | None = None
) -> ReminderRun:
    """Email every reminder that is due today and not sent before; returns the counts."""
    today = today or timezone.localdate()
    providers, editors = _provider_emails(), _editor_emails()
    sent = set(ReviewReminder.objects.values_list("service_id", "kind", "due_date").iterator())
    batches: dict[tuple, list[tuple[Service, dt.date]]] = defaultdict(list)
    run = ReminderRun()
    for service in reviewable().iterator(chunk_size=2000):
        if on_record:
            on_record()
        kind, due = review_state(service, today)
        if kind is None or (service.pk, kind, due) in sent:
            continue
        to_provider = providers.get(service.organisation_id)
        recipients = to_provider or editors.get(service.local_authority_id)
        if not recipients:
            run.unreachable += 1
            continue
        audience = "provider" if to_provider else "staff"
        batches[(audience, kind, tuple(recipients))].append((service, due))

    for (audience, kind, recipients), items in batches.items():
        _send_batch(audience, kind, list(recipients), items)
        run.emails += 1
        if kind == DUE:
            run.due += len(items)
        else:
            run.overdue += len(items)
    return run


def _link(audience: str, service: Service) -> str:
    if audience == "provider":
        return reverse("provider:service", args=[service.uuid])
    return reverse("wagtailsnippets_directory_service:edit", args=[service.pk])


@transaction.atomic
def _send_batch(audience: str, kind: str, recipients: list[str], items: Iterable) -> None:
    items = list(items)
    ReviewReminder.objects.bulk_create(
        [
            ReviewReminder(
                service=service,
                local_authority_id=service.local_authority_id,
                kind=kind,
                due_date=due,
                recipients="\n".join(recipients),
            )
            for service, due in items
        ]
    )
    emails.send(
        "review_reminder",
        {
            "audience": audience,
            "overdue": kind == OVERDUE,
            "items": [
                {
                    "name": service.name,
                    "due": due,
                    "path": _link(audience, service),
                    "council": service.local_authority,
                }
                for service, due in items
            ],
        },
        recipients,
    )
