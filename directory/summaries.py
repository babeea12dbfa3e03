"""Short answers to a family's first questions about a service, for result cards and lists.

Cost ("Free", "From £4.50 per session") and days open ("Monday to Friday") are worked out for
a page of services in two queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import CostOption, Schedule, Service, Weekday


@dataclass(frozen=True)
class ServiceSummary:
    cost: str = ""
    days: str = ""


def money(amount: Decimal) -> str:
    """£5, £4.50, £1,200."""
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def cost_text(is_free: bool, costs: list[tuple[Decimal, str]]) -> str:
    """'Free', '£5 per session', 'From £4.50 per session', or '' when nobody said."""
    if is_free:
        return "Free"
    priced = sorted((amount, option) for amount, option in costs if amount is not None)
    if not priced:
        return ""
    amount, option = priced[0]
    if amount == 0:
        return "Free"
    unit = f" {option.strip()[0].lower()}{option.strip()[1:]}" if option.strip() else ""
    prefix = "From " if len(priced) > 1 else ""
    return f"{prefix}{money(amount)}{unit}"


def days_text(weekdays: set[int]) -> str:
    """'Every day', 'Monday to Friday', 'Monday, Wednesday and Saturday', or ''."""
    if not weekdays:
        return ""
    if len(weekdays) == 7:
        return "Every day"
    days = sorted(weekdays)
    if len(days) >= 3 and days[-1] - days[0] == len(days) - 1:
        return f"{Weekday(days[0]).label} to {Weekday(days[-1]).label}"
    names = [Weekday(d).label for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def summaries(services: list[Service]) -> dict[int, ServiceSummary]:
    """Cost and days open for each service, by id."""
    ids = [s.pk for s in services]
    costs: dict[int, list[tuple[Decimal, str]]] = {i: [] for i in ids}
    for service_id, amount, option in CostOption.objects.filter(service_id__in=ids).values_list(
        "service_id", "amount", "option"
    ):
        costs[service_id].append((amount, option))
    days: dict[int, set[int]] = {i: set() for i in ids}
    for service_id, weekday in Schedule.objects.filter(service_id__in=ids).values_list(
        "service_id", "weekday"
    ):
        days[service_id].add(weekday)
    return {
        s.pk: ServiceSummary(cost=cost_text(s.is_free, costs[s.pk]), days=days_text(days[s.pk]))
        for s in services
    }
