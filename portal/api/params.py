"""Query parameters of the ORUK API: parsed and checked, or a ``ParamError`` naming the fault."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from directory.validators import OUTWARD_CODE_RE, POSTCODE_RE, normalise_postcode

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100  # the search interface returns at most 100 a page
MAX_PAGE = 1_000_000
MAX_SEARCH_LENGTH = 200
MAX_AGE = 130
MAX_PROXIMITY_METRES = 200_000
MAX_IDS = 50

DAYS = {
    "MO": 0,
    "TU": 1,
    "WE": 2,
    "TH": 3,
    "FR": 4,
    "SA": 5,
    "SU": 6,
    "MONDAY": 0,
    "TUESDAY": 1,
    "WEDNESDAY": 2,
    "THURSDAY": 3,
    "FRIDAY": 4,
    "SATURDAY": 5,
    "SUNDAY": 6,
}
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
INTEGER_RE = re.compile(r"^[0-9]{1,10}$")


class ParamError(ValueError):
    """A query parameter that cannot be used; becomes a 400 answer."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class ServiceFilters:
    """The filters ``/services`` and ``/service_at_locations`` share."""

    search: str = ""
    taxonomy_term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_ids: tuple[uuid.UUID, ...] = ()
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    day: int | None = None  # 0 = Monday
    modified_after: dt.datetime | None = None


@dataclass(frozen=True)
class Output:
    """How a listing answers: pages of full items (default), ``minimal`` ids with their
    modification dates, or ``ndjson`` streaming every match, one item a line."""

    minimal: bool = False
    ndjson: bool = False


@dataclass(frozen=True)
class Proximity:
    postcode: str = ""
    metres: float | None = None


def _value(params: QueryDict, name: str) -> str | None:
    raw = params.get(name)
    if raw is None:
        return None
    if "\x00" in raw:
        raise ParamError(name, f"{name} must not contain a NUL character.")
    raw = raw.strip()
    return raw or None


def _integer(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = _value(params, name)
    if raw is None:
        return default
    if not INTEGER_RE.match(raw) or not low <= int(raw) <= high:
        raise ParamError(name, f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def _number(params: QueryDict, name: str, low: float, high: float) -> float | None:
    raw = _value(params, name)
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not low <= number <= high:
        raise ParamError(name, f"{name} must be a number from {low:g} to {high:g}.")
    return number


def _uuids(params: QueryDict, name: str) -> tuple[uuid.UUID, ...]:
    raw = _value(params, name)
    if raw is None:
        return ()
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if len(parts) > MAX_IDS:
        raise ParamError(name, f"{name} may list at most {MAX_IDS} ids.")
    try:
        return tuple(uuid.UUID(part) for part in parts)
    except ValueError:
        raise ParamError(
            name, f"{name} must be an id (a UUID), or several separated by commas."
        ) from None


def _time(params: QueryDict, name: str) -> dt.time | None:
    raw = _value(params, name)
    if raw is None:
        return None
    match = TIME_RE.match(raw)
    if not match:
        raise ParamError(name, f"{name} must be a 24-hour time such as 09:30 or 17:00:00.")
    hour, minute, second = match.groups()
    return dt.time(int(hour), int(minute), int(second or 0))


def parse_paging(params: QueryDict) -> Paging:
    return Paging(
        page=_integer(params, "page", 1, 1, MAX_PAGE),
        per_page=_integer(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def parse_filters(params: QueryDict) -> ServiceFilters:
    search = _value(params, "search") or ""
    if len(search) > MAX_SEARCH_LENGTH:
        raise ParamError("search", f"search must be {MAX_SEARCH_LENGTH} characters or fewer.")
    day_raw = _value(params, "day")
    day = None
    if day_raw is not None:
        day = DAYS.get(day_raw.upper())
        if day is None:
            raise ParamError("day", "day must be a day of the week, such as MO or Monday.")
    filters = ServiceFilters(
        search=search,
        taxonomy_term_ids=_uuids(params, "taxonomy_term_id"),
        taxonomy_ids=_uuids(params, "taxonomy_id"),
        minimum_age=_number(params, "minimum_age", 0, MAX_AGE),
        maximum_age=_number(params, "maximum_age", 0, MAX_AGE),
        start_time=_time(params, "start_time"),
        end_time=_time(params, "end_time"),
        day=day,
        modified_after=_moment(params, "modified_after"),
    )
    if (
        filters.minimum_age is not None
        and filters.maximum_age is not None
        and filters.minimum_age > filters.maximum_age
    ):
        raise ParamError("maximum_age", "maximum_age must not be less than minimum_age.")
    if filters.start_time and filters.end_time and filters.start_time >= filters.end_time:
        raise ParamError("end_time", "end_time must be later than start_time.")
    return filters


def parse_proximity(params: QueryDict) -> Proximity:
    raw_postcode = _value(params, "postcode")
    metres = _number(params, "proximity", 1, MAX_PROXIMITY_METRES)
    if raw_postcode is None:
        if metres is not None:
            raise ParamError("proximity", "proximity needs a postcode to measure from.")
        return Proximity()
    compact = "".join(raw_postcode.split()).upper()
    postcode = compact if OUTWARD_CODE_RE.match(compact) else normalise_postcode(compact)
    if len(compact) > 7 or not (OUTWARD_CODE_RE.match(postcode) or POSTCODE_RE.match(postcode)):
        raise ParamError(
            "postcode",
            "postcode must be a UK postcode like DN15 6NL, or an outward code like DN15.",
        )
    return Proximity(postcode=postcode, metres=metres)


def _moment(params: QueryDict, name: str) -> dt.datetime | None:
    """An ISO 8601 date and time (a date alone means its midnight); UTC when no offset is
    given. A ``+`` offset left unescaped in a query string arrives as a space: read it back."""
    raw = _value(params, name)
    if raw is None:
        return None
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", raw)
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = dt.datetime.combine(day, dt.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ParamError(
            name, f"{name} must be an ISO 8601 date and time, such as 2026-01-31T09:00:00Z."
        )
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _boolean(params: QueryDict, name: str) -> bool:
    raw = _value(params, name)
    if raw is None:
        return False
    if raw.lower() not in BOOLEANS:
        raise ParamError(name, f"{name} must be true or false.")
    return BOOLEANS[raw.lower()]


def parse_output(params: QueryDict) -> Output:
    fmt = (_value(params, "format") or "json").lower()
    if fmt not in ("json", "ndjson"):
        raise ParamError("format", "format must be json or ndjson.")
    return Output(minimal=_boolean(params, "minimal"), ndjson=fmt == "ndjson")
