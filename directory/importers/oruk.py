"""Import Open Referral UK service records (3.0 and the older 1.0 shape) into one LA.

Each record is read into plain values (``ServiceRecord``), whatever the feed's version:
strings trimmed, empty strings treated as absent, HTML sanitised, unusable values
dropped with a note. Nothing is dropped for a value that can be kept: URLs up to 2,000
characters, the summary cut at a word boundary (the full text stays in the description),
over-long names and addresses cut at a word boundary with a note naming the field. Every
note and skip names the record, the field and the reason. Upserts are keyed on the feed's
ids (``source_id``) within the local authority, so importing the same feed twice changes
nothing. Every record is saved in its own savepoint: one bad record is skipped and
reported, never fatal.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.html import strip_tags
from django.utils.text import slugify

from directory.exchange.resources import loaded_links
from directory.models import (
    CostOption,
    LocalAuthority,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.richtext import sanitise_html
from directory.slugs import slug_base, unique_slug
from directory.validators import (
    MAX_AGE,
    UK_LATITUDES,
    UK_LONGITUDES,
    normalise_postcode,
    validate_phone,
    validate_postcode,
)

from .batch import import_batch
from .blank import new_record
from .bulk import NewRecordWriter
from .bulk_changes import ChangedRecordWriter, stored_values, unchanged_links
from .heap import long_lived_objects_frozen
from .saving import latest_version, latest_versions, save_imported

DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
DAY_NAMES = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
BATCH = 500  # new services written together
MAX_URL = 2000  # as the URL fields on Service and Organisation
NAME_LENGTH = Service._meta.get_field("name").max_length
SUMMARY_LENGTH = Service._meta.get_field("summary").max_length
MAX_EMAIL = 254  # EmailField's length


def cut_at_word(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary and ending "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;:-") + "…"


def fitted(value: Any, limit: int, field_name: str, notes: list[str]) -> str:
    """``value`` as text within ``limit`` characters; a cut one gets a note naming the field."""
    text = "" if value is None else str(value)
    if len(text) <= limit:
        return text
    cut = cut_at_word(text, limit)
    notes.append(
        f"{field_name} cut to {len(cut)} characters at a word boundary "
        f"(the feed's has {len(text)}, the most kept is {limit})"
    )
    return cut


def describe(error: ValidationError) -> str:
    """A validation error as "field: message" parts, so a skip names the field."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)


def tidy(value: Any) -> Any:
    """Trim every string; turn empty strings, empty lists and empty objects into None."""
    if isinstance(value, str):
        value = value.replace("\x00", "").strip()
        return value or None
    if isinstance(value, list):
        items = [item for item in (tidy(item) for item in value) if item is not None]
        return items or None
    if isinstance(value, dict):
        cleaned = {key: tidy(item) for key, item in value.items()}
        cleaned = {key: item for key, item in cleaned.items() if item is not None}
        return cleaned or None
    return value


def _first(data: dict, *keys: str) -> Any:
    for key in keys:
        if data.get(key) is not None:
            return data[key]
    return None


def _valid(value: str | None, validator: Callable[[str], None]) -> str | None:
    if value is None:
        return None
    try:
        validator(value)
    except ValidationError:
        return None
    return value


def _url(value: Any, field_name: str, notes: list[str]) -> str:
    """An http(s) URL up to 2,000 characters, or "" with a note saying why it was dropped."""
    if not value:
        return ""
    text = str(value)
    if len(text) > MAX_URL:
        notes.append(f"{field_name} dropped (longer than {MAX_URL:,} characters: {len(text):,})")
        return ""
    if _valid(text, URLValidator(schemes=["http", "https"])) is None:
        notes.append(f"{field_name} dropped (not an http(s) URL)")
        return ""
    return text


def _email(value: Any, field_name: str, notes: list[str]) -> str:
    if not value:
        return ""
    text = str(value)
    if len(text) > MAX_EMAIL or _valid(text, EmailValidator()) is None:
        notes.append(
            f"{field_name} dropped (not an email address of at most {MAX_EMAIL} characters)"
        )
        return ""
    return text


def _age(value: Any, field_name: str, notes: list[str]) -> int | None:
    """A whole age in years; a value that is none (Infinity, -1, "three") is dropped with a
    note."""
    if value is None or value == "":
        return None
    try:
        age = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        age = -1
    if age < 0:
        notes.append(f"{field_name} “{str(value)[:30]}” dropped (not an age in years)")
        return None
    return age


def _time(value: Any) -> dt.time | None:
    match = re.match(r"^(\d{1,2}):(\d{2})", str(value or ""))
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def _plain(html: str | None) -> str:
    return re.sub(r"\s+", " ", strip_tags(html or "")).strip()


@dataclass
class OrganisationRecord:
    source_id: str
    name: str
    description: str = ""
    website: str = ""
    email: str = ""


@dataclass
class LocationRecord:
    source_id: str
    name: str
    description: str
    address_1: str
    address_2: str
    city: str
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: str


@dataclass
class ServiceRecord:
    source_id: str
    name: str
    values: dict[str, Any]
    organisation: OrganisationRecord | None
    locations: list[LocationRecord]
    schedules: list[tuple[int, dt.time, dt.time, str]]
    costs: list[tuple[str, Decimal | None, str]]
    terms: list[tuple[str | None, str | None]]  # (code, name) as the feed gives them
    notes: list[str] = field(default_factory=list)


def read_service(raw: dict[str, Any]) -> ServiceRecord:
    """Read one ORUK 3.0 or 1.0 service object (already ``tidy``) into plain values."""
    notes: list[str] = []
    description_html = sanitise_html(_first(raw, "description"))
    website = _url(_first(raw, "url", "website"), "website", notes)
    email = _email(raw.get("email"), "email", notes)
    phone = _phone(raw)
    status = str(raw.get("status") or "active").lower()
    if status not in ServiceStatus.values:
        notes.append(f"status “{status}” read as active")
        status = ServiceStatus.ACTIVE
    minimum, maximum = _ages(raw, notes)
    fees = _first(raw, "fees_description", "fees")
    costs = _costs(raw, notes)
    values = {
        # The full text stays in the description; the summary is its start, cut at a word.
        "summary": cut_at_word(_plain(description_html), SUMMARY_LENGTH),
        "description": description_html,
        "status": status,
        "website": website,
        "email": email,
        "phone": phone or "",
        "minimum_age": minimum,
        "maximum_age": maximum,
        "eligibility_notes": _plain(_eligibility_text(raw)),
        "cost_notes": _plain(fees) if fees else "",
        "is_free": _is_free(fees, costs),
        "languages": fitted(_languages(raw), 200, "languages", notes),
        "accessibility": _plain(_first(raw, "accessibility"))
        if isinstance(raw.get("accessibility"), str)
        else "",
    }
    return ServiceRecord(
        source_id=str(raw.get("id")),
        name=fitted(raw.get("name"), NAME_LENGTH, "name", notes),
        values=values,
        organisation=_organisation(raw.get("organization") or raw.get("organisation"), notes),
        locations=_locations(raw, notes),
        schedules=_schedules(raw, notes),
        costs=costs,
        terms=_terms(raw),
        notes=notes,
    )


def _phone(raw: dict) -> str | None:
    candidates = []
    for phone in raw.get("phones") or []:
        if isinstance(phone, dict):
            candidates.append(phone.get("number"))
    for contact in raw.get("contacts") or []:
        if isinstance(contact, dict):
            candidates += [
                p.get("number") for p in contact.get("phones") or [] if isinstance(p, dict)
            ]
    for number in candidates:
        if number and _valid(str(number), validate_phone):
            return str(number)
    return None


def _ages(raw: dict, notes: list[str]) -> tuple[int | None, int | None]:
    minimum = _age(raw.get("minimum_age"), "minimum age", notes)
    maximum = _age(raw.get("maximum_age"), "maximum age", notes)
    for eligibility in _entries(raw, "eligibilitys"):  # ORUK 1.0
        if isinstance(eligibility, dict):
            if minimum is None:
                minimum = _age(eligibility.get("minimum_age"), "minimum age", notes)
            if maximum is None:
                maximum = _age(eligibility.get("maximum_age"), "maximum age", notes)
    if maximum is not None and maximum > MAX_AGE:
        maximum = None  # "and over": our directory covers 0-25
    if minimum is not None and minimum > MAX_AGE:
        notes.append(f"minimum age {minimum} dropped (over {MAX_AGE})")
        minimum = None
    if minimum is not None and maximum is not None and minimum > maximum:
        notes.append(f"age range {minimum}-{maximum} dropped (minimum above maximum)")
        minimum = maximum = None
    return minimum, maximum


def _eligibility_text(raw: dict) -> str:
    parts = [raw.get("eligibility_description")]
    for eligibility in _entries(raw, "eligibilitys"):
        if isinstance(eligibility, dict):
            parts.append(eligibility.get("eligibility"))
    return " ".join(str(part) for part in parts if part)


def _languages(raw: dict) -> str:
    names = []
    for language in raw.get("languages") or []:
        if isinstance(language, dict):
            name = _first(language, "name", "language")
            if name and str(name) not in names:
                names.append(str(name))
        elif isinstance(language, str):
            names.append(language)
    return ", ".join(names) or "English"


def _costs(raw: dict, notes: list[str]) -> list[tuple[str, Decimal | None, str]]:
    costs = []
    for cost in raw.get("cost_options") or []:
        if not isinstance(cost, dict):
            continue
        try:
            amount = Decimal(str(cost["amount"])).quantize(Decimal("0.01"))
        except (KeyError, InvalidOperation, ValueError):
            amount = None
        if amount is not None and (amount < 0 or amount >= Decimal("1000000")):
            amount = None
        option = fitted(
            cost.get("option") or cost.get("amount_description") or "Cost",
            120,
            "cost option",
            notes,
        )
        described = fitted(cost.get("amount_description"), 200, "cost description", notes)
        costs.append((option, amount, described))
    return costs


def _is_free(fees: Any, costs: list) -> bool:
    if costs:
        return all(amount == 0 for _, amount, _ in costs)
    return bool(fees) and str(fees).lower().startswith(("free", "no charge", "no cost"))


def _organisation(data: Any, notes: list[str]) -> OrganisationRecord | None:
    if not isinstance(data, dict) or not data.get("name"):
        return None
    source_id = str(data.get("id") or f"name:{slugify(data['name'])}")
    return OrganisationRecord(
        source_id=source_id,
        name=fitted(data["name"], NAME_LENGTH, "organisation name", notes),
        description=_plain(data.get("description")),
        website=_url(_first(data, "website", "url"), "organisation website", notes),
        email=_email(data.get("email"), "organisation email", notes),
    )


def _locations(raw: dict, notes: list[str]) -> list[LocationRecord]:
    found = []
    for link in raw.get("service_at_locations") or []:
        location = link.get("location") if isinstance(link, dict) else None
        if not isinstance(location, dict):
            continue
        addresses = location.get("addresses") or location.get("physical_addresses") or []
        address = next((a for a in addresses if isinstance(a, dict)), {})
        postcode = normalise_postcode(str(_first(address, "postal_code", "postcode") or ""))
        label = location.get("name") or address.get("address_1") or location.get("id")
        if not location.get("id"):
            notes.append(f"location “{label}” skipped (no id)")
            continue
        if not (address.get("address_1") and postcode):
            notes.append(f"location “{label}” skipped (no street address and postcode)")
            continue
        if not _valid(postcode, validate_postcode):
            notes.append(f"location “{label}” skipped (postcode “{postcode}” is not a UK one)")
            continue
        accessibility = [
            _first(item, "description", "accessibility")
            for item in location.get("accessibility")
            or location.get("accessibility_for_disabilities")
            or []
            if isinstance(item, dict)
        ]
        where = f"location “{label}”"
        found.append(
            LocationRecord(
                source_id=str(location["id"]),
                name=fitted(label, NAME_LENGTH, f"{where} name", notes),
                description=_plain(location.get("description")),
                address_1=fitted(address["address_1"], 200, f"{where} address line 1", notes),
                address_2=fitted(address.get("address_2"), 200, f"{where} address line 2", notes),
                city=fitted(_first(address, "city", "region"), 100, f"{where} town", notes)
                or "Unknown",
                postcode=postcode,
                latitude=_coordinate(location, "latitude", UK_LATITUDES, where, notes),
                longitude=_coordinate(location, "longitude", UK_LONGITUDES, where, notes),
                accessibility=" ".join(str(item) for item in accessibility if item),
            )
        )
    return found


def _coordinate(
    location: dict, key: str, bounds: tuple[float, float], where: str, notes: list[str]
) -> Decimal | None:
    """The location's ``key`` coordinate; one that is not a number inside the UK's
    ``bounds`` is left out (the place is kept, found by its postcode) with a note."""
    value = location.get(key)
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        notes.append(f"{where} {key} “{str(value)[:30]}” left out (not a place in the UK)")
        return None
    return number


def _entries(raw: dict, *keys: str) -> list:
    """The items of the list fields ``keys``; a field that is not a list holds none."""
    return [item for key in keys if isinstance(raw.get(key), list) for item in raw[key]]


def _schedules(raw: dict, notes: list[str]) -> list[tuple[int, dt.time, dt.time, str]]:
    found: list[tuple[int, dt.time, dt.time, str]] = []
    for schedule in _entries(raw, "schedules", "regular_schedules"):
        if not isinstance(schedule, dict):
            continue
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        days = _days(schedule)
        if not (opens and closes and days):
            continue
        if closes <= opens:
            notes.append(f"opening time {opens:%H:%M}-{closes:%H:%M} skipped (closes first)")
            continue
        note = fitted(
            schedule.get("description") or schedule.get("notes"), 200, "opening notes", notes
        )
        for day in days:
            entry = (day, opens, closes, note)
            if entry not in found:
                found.append(entry)
    return sorted(found)


def _days(schedule: dict) -> list[int]:
    days = []
    byday = schedule.get("byday")
    if byday:
        for code in str(byday).replace(" ", "").split(","):
            code = re.sub(r"^[+-]?\d+", "", code.upper())
            if code in DAYS:
                days.append(DAYS[code])
    weekday = schedule.get("weekday")  # ORUK 1.0: a name or 1 (Monday) to 7
    if weekday is not None:
        text = str(weekday).strip().lower()
        if text.isdigit() and 1 <= int(text) <= 7:
            days.append(int(text) - 1)
        elif text in DAY_NAMES:
            days.append(DAY_NAMES[text])
    return sorted(set(days))


def _terms(raw: dict) -> list[tuple[str | None, str | None]]:
    terms = []
    for attribute in raw.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict):
            terms.append((_first(term, "code", "id"), _first(term, "name", "term")))
    for term in raw.get("taxonomy_terms") or []:
        if isinstance(term, dict):
            terms.append((_first(term, "code", "id"), _first(term, "name", "term")))
    for link in raw.get("service_taxonomys") or []:  # ORUK 1.0
        taxonomy = link.get("taxonomy") if isinstance(link, dict) else None
        if isinstance(taxonomy, dict):
            terms.append((_first(taxonomy, "code", "id"), taxonomy.get("name")))
    return terms


class TermMatcher:
    """Maps a feed's taxonomy terms onto ours by code, name or slug (case-insensitive)."""

    def __init__(self) -> None:
        self.index: dict[str, TaxonomyTerm] = {}
        for term in TaxonomyTerm.objects.order_by("taxonomy__name", "pk"):
            for key in (term.code.lower(), term.name.lower(), term.slug):
                self.index.setdefault(key, term)

    def match(self, code: str | None, name: str | None) -> TaxonomyTerm | None:
        for key in (code, name, slugify(name or "")):
            if key and str(key).lower() in self.index:
                return self.index[str(key).lower()]
        return None


@dataclass
class ImportSummary:
    """What an import did: counts by outcome, each skip and note with its record's label."""

    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (record, note)
    unmatched_terms: Counter = field(default_factory=Counter)
    related: Counter = field(default_factory=Counter)  # organisations/locations created...


class OrukImporter:
    def __init__(
        self, local_authority: LocalAuthority, *, publish: bool = False, user=None
    ) -> None:
        self.local_authority = local_authority
        self.publish = publish
        self.user = user
        self.terms = TermMatcher()
        self.summary = ImportSummary()
        self.seen: set[str] = set()
        # New services wait here and are written BATCH at a time (``bulk``); their labels
        # and notes, by source id, for reporting a record the batch write refuses.
        self.writer = NewRecordWriter(Service, user=user, publish=publish)
        # Changed services likewise, unless publishing (each publishes on its own).
        self.changes = None if publish else ChangedRecordWriter(Service, user=user)
        self.queued: dict[str, tuple[str, list[str]]] = {}
        # The stored services the records being read name, by source id: (row as read,
        # latest version), read BATCH records at a time.
        self.existing: dict[str, tuple[Service, Service]] = {}
        # Organisations this import has already matched or saved, by source id: (values,
        # record); ``matched`` holds the current record's until its savepoint is kept.
        self.organisations: dict[str, tuple[dict[str, str], Organisation]] = {}
        self.matched: dict[str, tuple[dict[str, str], Organisation]] = {}
        # The stored locations the records being read name, by source id (None: none
        # stored), read BATCH records at a time; ``placed`` holds those the current record
        # saved until its savepoint is kept.
        self.stored_locations: dict[str, Location | None] = {}
        self.placed: dict[str, Location] = {}

    def run(self, records: Iterable[Any], on_record: Callable[[], None] | None = None):
        records = iter(records)
        with long_lived_objects_frozen():
            while chunk := list(islice(records, BATCH)):
                self.load_existing(chunk)
                for raw in chunk:
                    self.import_one(raw)
                    if len(self.writer) + len(self.changes or ()) >= BATCH:
                        self.flush()
                    if on_record:
                        on_record()
            self.flush()
        return self.summary

    def load_existing(self, chunk: list[Any]) -> None:
        """Read the stored services ``chunk`` names in one query, and their latest versions
        (a pending draft's revision) together; the related records of those used as read."""
        keys = set()
        for raw in chunk:
            key = tidy(raw.get("id")) if isinstance(raw, dict) else None
            if key is not None:
                keys.add(str(key))
        rows: dict[str, Service] = {}
        found = Service.objects.filter(local_authority=self.local_authority, source_id__in=keys)
        for service in found.order_by("pk"):
            rows.setdefault(service.source_id, service)
        services = list(rows.values())
        versions = latest_versions(services)
        as_read = [row for row, version in zip(services, versions, strict=True) if row is version]
        prefetch_related_objects(as_read, "categories", "schedules", "cost_options")
        prefetch_related_objects(as_read, "service_locations")
        self.existing = {
            row.source_id: (row, version) for row, version in zip(services, versions, strict=True)
        }
        self.load_locations(chunk)

    def load_locations(self, chunk: list[Any]) -> None:
        """Read the stored locations ``chunk`` names (not yet read) in one query."""
        wanted = set()
        for raw in chunk:
            links = raw.get("service_at_locations") if isinstance(raw, dict) else None
            for link in links if isinstance(links, list) else ():
                location = link.get("location") if isinstance(link, dict) else None
                key = tidy(location.get("id")) if isinstance(location, dict) else None
                if key is not None and str(key) not in self.stored_locations:
                    wanted.add(str(key))
        if not wanted:
            return
        self.stored_locations.update(dict.fromkeys(wanted))
        found = Location.objects.filter(local_authority=self.local_authority, source_id__in=wanted)
        for location in found.order_by("-pk"):  # the first by id, as the lookup took
            self.stored_locations[location.source_id] = location

    def flush(self) -> None:
        """Write the queued changed and new services; one that clashes (a reference or slug
        already taken) is skipped and reported, as it would have been when saved alone."""
        with import_batch():
            refused = (
                [(key, error, "updated") for key, error in self.changes.flush()]
                if (self.changes is not None)
                else []
            )
            refused += [(key, error, "created") for key, error in self.writer.flush()]
        for source_id, error, outcome in refused:
            label, notes = self.queued[source_id]
            self.summary.counts[outcome] -= 1
            for note in notes:
                self.summary.notes.remove((label, note))
            self.skip(label, describe(error) if isinstance(error, ValidationError) else "not saved")
        self.queued.clear()

    def skip(self, label: str, reason: str) -> None:
        self.summary.counts["skipped"] += 1
        self.summary.skipped.append((label, reason))

    def import_one(self, raw: Any) -> None:
        data = tidy(raw) if isinstance(raw, dict) else None
        if not data:
            self.skip("(not a record)", "not a JSON object")
            return
        source_id = str(data["id"]) if data.get("id") is not None else None
        label = f"{data.get('name') or '(no name)'} [{source_id or 'no id'}]"
        if not source_id:
            self.skip(label, "no id")
            return
        if not data.get("name"):
            self.skip(label, "no name")
            return
        if source_id in self.seen:
            self.skip(label, "duplicate id (an earlier record had it)")
            return
        self.seen.add(source_id)
        record = read_service(data)
        self.matched, self.placed = {}, {}
        try:
            with transaction.atomic():
                outcome = self.upsert(record)
        except ValidationError as error:
            self.skip(label, describe(error))
            return
        self.organisations.update(self.matched)
        self.stored_locations.update(self.placed)
        self.summary.counts[outcome] += 1
        self.summary.notes.extend((label, note) for note in record.notes)
        if outcome in ("created", "updated"):
            self.queued[record.source_id] = (label, list(record.notes))

    # --- upserts -----------------------------------------------------------------------

    def upsert(self, record: ServiceRecord) -> str:
        existing, service = self.existing.get(record.source_id) or (None, None)
        stored = stored_values(existing) if existing else {}
        service = service or Service(
            local_authority=self.local_authority, source_id=record.source_id
        )
        before = snapshot(service) if existing else None
        service.name = record.name
        for name, value in record.values.items():
            setattr(service, name, value)
        service.organisation = self.organisation(record.organisation)
        service.categories = self.categories(record)
        service.schedules = [
            new_record(Schedule, weekday=day, opens_at=opens, closes_at=closes, notes=note)
            for day, opens, closes, note in record.schedules
        ]
        service.cost_options = [
            new_record(CostOption, option=option, amount=amount, amount_description=description)
            for option, amount, description in record.costs
        ]
        current = {link.location_id: link for link in service.service_locations.all()}
        service.service_locations = [
            current.get(location.pk) or new_record(ServiceAtLocation, location=location)
            for location in self.locations(record.locations)
        ]
        if existing and snapshot(service) == before:
            return "unchanged"
        if not existing:
            # Uniqueness and the final slug (``-2``…) are settled for the batch at flush.
            service.slug = slug_base(service.name)
            service.full_clean(
                exclude=loaded_links(service), validate_unique=False, validate_constraints=False
            )
            self.writer.add(service, record.source_id, auto_slug=True)
            return "created"
        if not service.slug:
            service.slug = unique_slug(Service.objects, service.name)
        if self.changes is None:
            service.full_clean(exclude=["slug"])
            save_imported(service, created=False, user=self.user, publish=self.publish)
            return "updated"
        # Uniqueness is settled for the batch at flush, as for new services.
        service.full_clean(
            exclude=["slug", *loaded_links(service), *unchanged_links(service, stored)],
            validate_unique=False,
            validate_constraints=False,
        )
        self.changes.add(service, record.source_id, stored)
        return "updated"

    def categories(self, record: ServiceRecord) -> list[TaxonomyTerm]:
        found: list[TaxonomyTerm] = []
        for code, name in record.terms:
            term = self.terms.match(code, name)
            if term is None:
                self.summary.unmatched_terms[name or code or "?"] += 1
            elif term not in found:
                found.append(term)
        return found

    def organisation(self, record: OrganisationRecord | None) -> Organisation | None:
        if record is None:
            return None
        values = {
            "name": record.name,
            "description": record.description,
            "website": record.website,
            "email": record.email,
        }
        known = self.organisations.get(record.source_id)
        if known and known[0] == values:  # as matched or saved earlier in this import
            return known[1]
        found = self._organisation(record, values)
        self.matched[record.source_id] = (values, found)
        return found

    def _organisation(self, record: OrganisationRecord, values: dict[str, str]) -> Organisation:
        existing = (
            Organisation.objects.filter(
                local_authority=self.local_authority, source_id=record.source_id
            )
            .order_by("pk")
            .first()
        )
        organisation = (
            latest_version(existing)
            if existing
            else Organisation(local_authority=self.local_authority, source_id=record.source_id)
        )
        if existing and all(getattr(organisation, k) == v for k, v in values.items()):
            return existing
        for name, value in values.items():
            setattr(organisation, name, value)
        try:
            organisation.full_clean()
        except ValidationError as error:
            raise ValidationError(f"organisation “{record.name}”: {describe(error)}") from error
        save_imported(organisation, created=not existing, user=self.user, publish=self.publish)
        self.summary.related["organisations " + ("updated" if existing else "created")] += 1
        return existing or organisation

    def locations(self, records: list[LocationRecord]) -> list[Location]:
        found = []
        for record in records:
            location = self.placed.get(record.source_id) or self._stored_location(record)
            created = location is None
            location = location or Location(
                local_authority=self.local_authority, source_id=record.source_id
            )
            values = {k: v for k, v in vars(record).items() if k != "source_id"}
            if created or any(getattr(location, k) != v for k, v in values.items()):
                # A copy: should this record's savepoint be rolled back, the one read
                # stays as the database still holds it.
                location = copy.copy(location)
                for name, value in values.items():
                    setattr(location, name, value)
                try:
                    location.full_clean()
                except ValidationError as error:
                    raise ValidationError(f"location “{record.name}”: {describe(error)}") from error
                location.save()
                self.placed[record.source_id] = location
                self.summary.related["locations " + ("created" if created else "updated")] += 1
            if location not in found:
                found.append(location)
        return found

    def _stored_location(self, record: LocationRecord) -> Location | None:
        if record.source_id not in self.stored_locations:  # not named where it was read
            self.stored_locations[record.source_id] = (
                Location.objects.filter(
                    local_authority=self.local_authority, source_id=record.source_id
                )
                .order_by("pk")
                .first()
            )
        return self.stored_locations[record.source_id]


def snapshot(service: Service) -> tuple:
    """Everything an import sets on a service, for telling 'unchanged' from 'updated'."""
    fields = (
        "name",
        "summary",
        "description",
        "status",
        "website",
        "email",
        "phone",
        "minimum_age",
        "maximum_age",
        "eligibility_notes",
        "cost_notes",
        "is_free",
        "languages",
        "accessibility",
        "organisation_id",
    )
    return (
        tuple(getattr(service, name) for name in fields),
        tuple(sorted(term.pk for term in service.categories.all())),
        tuple(
            sorted(
                (s.weekday, str(s.opens_at)[:5], str(s.closes_at)[:5], s.notes)
                for s in service.schedules.all()
            )
        ),
        tuple(
            (c.option, None if c.amount is None else Decimal(c.amount), c.amount_description)
            for c in service.cost_options.all()
        ),
        tuple(sorted(link.location_id for link in service.service_locations.all())),
    )
