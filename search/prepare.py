"""From what was asked to what a backend runs: words parsed, synonyms expanded, place found."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from .coverage import outside_area_message
from .postcodes import PostcodeError, locate
from .query import SORTS, ServiceQuery
from .synonyms import synonym_groups
from .text import expand, parse

LONDON = ZoneInfo("Europe/London")  # opening times are UK local time


def london_now() -> dt.datetime:
    """The clock "open now" reads: UK local time, whatever the server's zone."""
    return timezone.localtime(timezone.now(), LONDON)


@dataclass
class PreparedQuery:
    query: ServiceQuery
    terms: list[str] = field(default_factory=list)
    slots: list[list[str]] = field(default_factory=list)  # each: a word/phrase and synonyms
    outward_code: str = ""
    place_local_authority_code: str = ""
    notice: str = ""
    error: str = ""
    outside_area: bool = False  # a real place outside the covered area: nearest shown instead
    every: bool = False  # every match in order, each with its distance, and no facets
    facets: bool = True  # count the facets of the result set

    @property
    def text(self) -> str:
        return " ".join(self.terms)

    def key(self, *, paged: bool = True) -> str:
        """Text naming this search, for keeping its results: everything asked and prepared,
        bar the clock "open now" reads and, unless ``paged``, which page."""
        query = dataclasses.replace(self.query, now=None)
        if not paged:
            query = dataclasses.replace(query, page=1, page_size=1)
        return repr(dataclasses.replace(self, query=query))

    @property
    def sort(self) -> str:
        """The order every backend uses: best match needs words (without them, nearest first
        from a place, else by name); nearest first needs a place (else by name)."""
        sort = self.query.sort
        if sort == "relevance" and not self.terms:
            sort = "distance" if self.query.point else "name"
        if sort == "distance" and not self.query.point:
            sort = "name"
        return sort


def prepare(query: ServiceQuery) -> PreparedQuery:
    parsed = parse(query.text)
    changes: dict = {}
    if parsed.age is not None and query.age is None:
        changes["age"] = parsed.age
    postcode = query.postcode.strip() or ("" if query.point else parsed.postcode)
    if query.sort not in SORTS:
        changes["sort"] = "relevance"
    if query.open_now and query.now is None:
        changes["now"] = london_now()
    elif query.now is not None:
        changes["now"] = (
            timezone.localtime(query.now, LONDON) if timezone.is_aware(query.now) else query.now
        )
    prepared = PreparedQuery(query=query, terms=parsed.terms)
    if postcode:
        try:
            place = locate(postcode)
        except PostcodeError as error:
            prepared.error = str(error)
            return prepared
        changes["point"] = (place.latitude, place.longitude)
        prepared.outward_code = place.outward
        prepared.place_local_authority_code = place.local_authority_code
        prepared.notice = place.notice
        outside = outside_area_message(
            place.label, place.local_authority_code, query.local_authority_id
        )
        if outside:
            # The nearest services we have, however far: a radius would leave none.
            prepared.outside_area = True
            prepared.notice = " ".join(filter(None, [outside, place.notice]))
            changes.update(radius_miles=None, radius_metres=None)
    prepared.query = dataclasses.replace(query, **changes)
    prepared.slots = expand(parsed.terms, synonym_groups())
    return prepared


def with_terms(prepared: PreparedQuery, terms: list[str]) -> PreparedQuery:
    return dataclasses.replace(prepared, terms=terms, slots=expand(terms, synonym_groups()))
