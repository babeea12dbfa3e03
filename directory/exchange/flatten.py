"""How a service's related records flatten into one spreadsheet cell and back.

Each ``format_*`` renders what the admin shows; each ``parse_*`` accepts that text (and
a few forgiving variants) and raises ``ValueError`` with a message for the row.
See docs/spreadsheet-columns.md.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from directory.models import Location, TaxonomyTerm, Weekday

from .cells import join_list, split_list

DAY_ABBREVIATIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAY_LOOKUP = {abbr.lower(): index for index, abbr in enumerate(DAY_ABBREVIATIONS)}
_DAY_LOOKUP.update({label.lower(): value for value, label in Weekday.choices})

_SCHEDULE_RE = re.compile(
    r"^(?P<day>[A-Za-z]+)\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})"
    r"(?:\s*\((?P<notes>.*)\))?$"
)
_COST_RE = re.compile(
    r"^(?P<option>.+?)(?::\s*£?(?P<amount>-?\d+(?:\.\d+)?))?(?:\s*\((?P<description>.*)\))?$"
)


@dataclass(frozen=True)
class ScheduleItem:
    weekday: int
    opens_at: dt.time
    closes_at: dt.time
    notes: str = ""


@dataclass(frozen=True)
class CostItem:
    option: str
    amount: Decimal | None
    description: str = ""


def _time(text: str) -> dt.time:
    """A time of day; a time, not its text, so that the schedule serialises into a draft's
    revision (Wagtail leaves every child record out of a revision when one cannot)."""
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise ValueError(f"“{text}” is not a time of day.")
    return dt.time(hours, minutes)


def format_schedules(schedules) -> str:
    items = sorted(schedules, key=lambda s: (s.weekday, str(s.opens_at)))
    return join_list(
        f"{DAY_ABBREVIATIONS[s.weekday]} {str(s.opens_at)[:5]}-{str(s.closes_at)[:5]}"
        + (f" ({s.notes})" if s.notes else "")
        for s in items
    )


def parse_schedules(value) -> list[ScheduleItem]:
    items = []
    for text in split_list(value):
        match = _SCHEDULE_RE.match(text)
        if not match:
            raise ValueError(f"“{text}” is not an opening time like “Mon 09:00-17:00”.")
        day = _DAY_LOOKUP.get(match["day"].lower())
        if day is None:
            raise ValueError(f"“{match['day']}” is not a day; use Mon, Tue, … Sun.")
        opens, closes = _time(match["opens"]), _time(match["closes"])
        if closes <= opens:
            raise ValueError(f"“{text}”: closing time must be after opening time.")
        items.append(ScheduleItem(day, opens, closes, (match["notes"] or "").strip()))
    return items


def format_costs(cost_options) -> str:
    parts = []
    for cost in cost_options:
        text = cost.option
        if cost.amount is not None:
            text += f": {cost.amount:.2f}"
        if cost.amount_description:
            text += f" ({cost.amount_description})"
        parts.append(text)
    return join_list(parts)


def parse_costs(value) -> list[CostItem]:
    items = []
    for text in split_list(value):
        match = _COST_RE.match(text)
        if not match:
            raise ValueError(f"“{text}” is not a cost like “Per session: 2.50”.")
        amount = None
        if match["amount"] is not None:
            try:
                amount = Decimal(match["amount"]).quantize(Decimal("0.01"))
            except InvalidOperation as error:
                raise ValueError(f"“{match['amount']}” is not an amount of money.") from error
            if amount < 0:
                raise ValueError(f"“{text}”: a cost cannot be negative.")
        option = match["option"].strip()
        if len(option) > 120:
            raise ValueError(f"“{option[:30]}…”: a cost option has at most 120 characters.")
        items.append(CostItem(option, amount, (match["description"] or "").strip()))
    return items


class TermIndex:
    """Every taxonomy term, looked up by slug (or ``taxonomy-slug/term-slug`` when ambiguous)."""

    def __init__(self) -> None:
        from django.utils.text import slugify

        self.by_slug: dict[str, list[TaxonomyTerm]] = {}
        self.by_qualified: dict[str, TaxonomyTerm] = {}
        for term in TaxonomyTerm.objects.select_related("taxonomy"):
            self.by_slug.setdefault(term.slug, []).append(term)
            self.by_qualified[f"{slugify(term.taxonomy.name)}/{term.slug}"] = term
        self._label = {
            term.pk: (qualified if len(self.by_slug[term.slug]) > 1 else term.slug)
            for qualified, term in self.by_qualified.items()
        }

    def label(self, term: TaxonomyTerm) -> str:
        return self._label.get(term.pk, term.slug)

    def resolve(self, text: str) -> TaxonomyTerm:
        key = text.strip().lower()
        if "/" in key:
            term = self.by_qualified.get(key)
            if term is None:
                raise ValueError(f"“{text}” is not a known category.")
            return term
        matches = self.by_slug.get(key, [])
        if not matches:
            raise ValueError(f"“{text}” is not a known category.")
        if len(matches) > 1:
            options = ", ".join(sorted(self.label(term) for term in matches))
            raise ValueError(f"“{text}” is in more than one taxonomy; write one of {options}.")
        return matches[0]

    def format(self, terms) -> str:
        return join_list(sorted(self.label(term) for term in terms))

    def parse(self, value) -> list[TaxonomyTerm]:
        return [self.resolve(text) for text in split_list(value)]


def format_locations(service_locations) -> str:
    return join_list(sorted(str(link.location.uuid) for link in service_locations))


def parse_locations(value, local_authority_id: int) -> list[Location]:
    """Each item is a location UUID, or a name optionally followed by ``, POSTCODE``."""
    from directory.validators import normalise_postcode

    locations = []
    for text in split_list(value):
        scope = Location.objects.filter(local_authority_id=local_authority_id)
        try:
            found = list(scope.filter(uuid=uuid.UUID(text)))
        except ValueError:
            name, _, postcode = text.rpartition(",")
            if not name:
                name, postcode = text, ""
            found = [
                loc
                for loc in scope.filter(name__iexact=name.strip())
                if not postcode.strip()
                or normalise_postcode(loc.postcode) == normalise_postcode(postcode)
            ] or list(scope.filter(name__iexact=text))
        if not found:
            raise ValueError(f"“{text}” is not one of this local authority's locations.")
        if len(found) > 1:
            raise ValueError(f"“{text}” matches more than one location; use its id.")
        locations.append(found[0])
    return locations
