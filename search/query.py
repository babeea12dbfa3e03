"""The search interface's value objects: what is asked, and what comes back."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")

# The orders a search can be given in, and what a person is shown for each: the one list.
SORTS = {
    "relevance": "Best match",
    "distance": "Nearest first",
    "name": "Name (A to Z)",
    "updated": "Recently updated",
}
METRES_PER_MILE = 1609.344


#: No listing has more pages than this (100 a page: ten million results).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class ServiceQuery:
    """Everything a caller (public page, suggestions, ORUK API) may ask of the directory.

    Only services in ``Service.objects.public()`` are ever returned. Filters combine with AND;
    the values inside one multi-valued filter (categories, term ids) combine with OR.

    - ``text``: free words. Synonym groups expand each word or phrase; a postcode or outward
      code typed in the words ("nursery near DN15") is used as the place when ``postcode`` and
      ``point`` are empty, and "9 year old" sets ``age`` when it is empty.
    - ``categories``: taxonomy term slugs; a top-level term also matches its children.
    - ``taxonomy_term_ids`` / ``taxonomy_ids``: ORUK UUIDs of terms (children included) or of
      whole taxonomies.
    - ``age``: a child's age in years, inside the service's range (open ends match).
    - ``minimum_age`` / ``maximum_age``: ORUK's meaning, the service's own range lies inside
      them: its minimum age is at least ``minimum_age`` (no minimum counts as 0, from birth)
      and its maximum age at most ``maximum_age`` (no maximum means no upper limit: it never
      matches a ``maximum_age``).
    - ``modified_after``: the service record changed at or after this moment (HSDS sync).
    - ``day`` (0 = Monday) with optional ``start_time`` / ``end_time``: open on that day, and in
      that window (opening overlaps the window; with only ``start_time``: open at that time).
      Times without a day mean any day.
    - ``open_now``: open at ``now`` (default: the current time in Europe/London) by its weekly
      schedule; ``open_weekends``: open on a Saturday or Sunday; ``open_after``: open past that
      time on some day (e.g. 18:00, "open after 6pm"). A temporarily closed service never
      counts as open, for these and for ``day``/``start_time``/``end_time``.
    - ``tiers``: levels of need (universal, targeted, specialist; any of them; ``tier`` is one).
    - ``self_referral``: families can refer themselves; ``professional_referral``:
      professionals can refer.
    - ``delivery_modes``: in_person, online, by_phone, home_visit (all must hold).
    - ``postcode`` (full, or an outward code like "DN15") or ``point`` (latitude, longitude):
      the place distances are measured from. ``radius_metres`` or ``radius_miles`` limits
      results to that distance of a service's nearest location.
    - ``sort``: relevance (text rank; nearest first when there are no words but a place, name
      otherwise), distance, name, updated (most recently changed first).
    - ``page`` is 1-based; ``page_size`` at most 100.
    """

    text: str = ""
    categories: tuple[str, ...] = ()  # taxonomy term slugs
    taxonomy_term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_ids: tuple[uuid.UUID, ...] = ()
    age: int | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    modified_after: dt.datetime | None = None
    free_only: bool = False
    send: bool = False
    funded: bool = False  # a funded entitlement for ``age`` (any entitlement without an age)
    has_vacancies: bool = False  # a vacancy in an age group covering ``age`` (any, without)
    provision_types: tuple[str, ...] = ()  # Ofsted provision type codes (CMR, CCN, ...)
    day: int | None = None  # 0 = Monday
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    delivery_modes: tuple[str, ...] = ()  # in_person, online, by_phone, home_visit
    open_now: bool = False
    open_weekends: bool = False
    open_after: dt.time | None = None
    now: dt.datetime | None = None  # when "open now" is measured; set by prepare()
    self_referral: bool = False
    professional_referral: bool = False
    tier: str = ""
    tiers: tuple[str, ...] = ()
    local_authority_id: int | None = None
    postcode: str = ""
    point: tuple[float, float] | None = None  # (latitude, longitude)
    radius_miles: float | None = None
    radius_metres: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    @property
    def radius_in_metres(self) -> float | None:
        if self.radius_metres is not None:
            return float(self.radius_metres)
        if self.radius_miles is not None:
            return float(self.radius_miles) * METRES_PER_MILE
        return None

    @property
    def level_of_need(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for t in (self.tier, *self.tiers) if t))

    @property
    def opening_filtered(self) -> bool:
        return bool(
            self.day is not None
            or self.start_time
            or self.end_time
            or self.open_now
            or self.open_weekends
            or self.open_after
        )

    @property
    def offset(self) -> int:
        """Where the page starts; a page number past any possible result (a mangled link
        such as ``?page=99999999999999999999999``) is capped, since a database cannot
        take an offset that large."""
        return (min(max(1, self.page), MAX_PAGE) - 1) * self.limit

    @property
    def limit(self) -> int:
        return max(1, min(100, self.page_size))


@dataclass
class Hit:
    service_id: int
    score: float = 0.0
    distance_metres: float | None = None

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_metres is None else miles(self.distance_metres)


@dataclass
class SearchResults:
    """One page of hits plus what describes the whole result set.

    ``facets`` maps a filter name (category, free, send, self_referral, professional_referral,
    day, delivery_mode, tier, local_authority) to counts of the services in the whole result
    set that have each value. ``corrected_query`` is set when a misspelt query was answered
    with its correction.
    ``error`` is a message for the person searching (e.g. an unknown postcode; no hits then);
    ``notice`` explains a fallback (e.g. the middle of the outward code was used).
    """

    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected_query: str = ""
    error: str = ""
    notice: str = ""
    backend: str = "database"
    sort: str = ""  # the order used (e.g. "distance" for best match with a place and no words)
    # With no hits for all the words: each word as the index would spell it (see search.rules).
    spelling: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class MatchesSQL:
    """Every match of a search as SQL, for a caller that joins, counts and pages the matches
    itself: ``ctes`` are common table expressions (for a statement's ``WITH``, before
    anything else in it, with ``params``) ending with ``m``, one row per service with the
    column ``id`` and those ``order`` reads: the search's order as ORDER BY terms over
    ``m`` aliased ``r``. ``places``: how many places (service-at-location links) the public
    may see the matches have in all (``SearchEntry.places``), when the search counted them
    (with words it reads every match anyway); else None, and each row of ``m`` has its
    own as the column ``places``. ``error`` is a message for the person
    searching (an unknown postcode; no SQL then). ``key`` names the matches so that what a
    caller counts of them may be kept as the search's own results are (empty: never).
    ``complete`` False: ``m`` holds only the best matches, as many as the first places the
    caller asked for need (``search_all_sql(first=)``); ``places`` still counts them all."""

    ctes: str = ""
    params: list = field(default_factory=list)
    order: tuple[str, ...] = ()
    error: str = ""
    places: int | None = None
    key: str = ""
    complete: bool = True

    def kept(self, what: str, compute: Callable[[], T]) -> T:
        """``compute()``, ``what`` the caller counts of the matches (the same every time
        for the same matches), kept until the index changes (``search.corpus.remembered``)."""
        from .corpus import remembered

        return remembered(self.key and f"{what} {self.key}", compute)


def miles(metres: float | Decimal) -> float:
    return float(metres) / METRES_PER_MILE
