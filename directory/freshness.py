"""When a service record was last checked, and whether that is longer ago than its LA allows."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from .models import Service


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_checked(service: Service) -> dt.date | None:
    """The review date staff recorded, else the day the record was last changed."""
    if service.last_reviewed:
        return service.last_reviewed
    if service.updated_at:
        return timezone.localdate(service.updated_at)
    return None


def review_period_text(months: int) -> str:
    """'a year', '2 years', '6 months', '18 months'."""
    if months % 12 == 0:
        years = months // 12
        return "a year" if years == 1 else f"{years} years"
    return "a month" if months == 1 else f"{months} months"


def is_overdue(service: Service, today: dt.date | None = None) -> bool:
    """Checked longer ago than the owning LA's review period (a record never checked is too)."""
    checked = last_checked(service)
    if checked is None:
        return True
    today = today or timezone.localdate()
    return checked < months_before(today, service.local_authority.review_period_months)
