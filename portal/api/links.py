"""Services and service-at-location links in a search's order, counted and paged in SQL.

The search interface hands over every matching service in its order, as SQL to join
(``search_all_sql``) or, where it has none (Elasticsearch serving, words ranked with a
place, few matches), as a list of ids (``search_all``), which travels to the database as
ONE parameter joined with its positions (``search.id_order.positions``). Either way it is a
row source ``r`` with the service ``r.id`` and the terms that order it, so one statement
filters, orders, counts and cuts a page, however many services matched. A listing of links
puts them nearest first when a place is given (each link by its own location; beyond the
radius left out), then in the order of their services, then by place name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast

from search import MatchesSQL
from search.geo import distance_expression
from search.id_order import positions

# Links from either end beyond which a page is found by its services' running count of
# places (``_counted_page``), not by joining the links and skipping the ones before it. The
# join costs in proportion to the links skipped, the running count costs about the same
# everywhere: at 100,000 services they met about 2,000 links from an end with filters.
DEEP_PAGE = 2_000
# Pages of links with words that end within this many links of the start are listed from
# the best matches holding that many (``search_all_sql(first=)``), not from every match:
# one figure for all of them, so that they share one ranking kept between requests.
FIRST_LINKS = 2_000


@dataclass(frozen=True)
class Place:
    """Where distances are measured from, and how far a link may be (None: any distance)."""

    latitude: float
    longitude: float
    metres: float | None = None


@dataclass(frozen=True)
class Ranked:
    """The matching services as a row source ``r`` (``r.id`` the service), the ORDER BY
    terms over it that put them in the search's order, and the common table expressions
    the statement starts with (the search's own SQL). ``places``: each row also says how
    many of its service's places may be shown (``r.places``), so the links are counted
    as a sum over the matches, not by joining them to the links; ``places_total``: the
    search has counted them already. ``matches``: the search's own, whose counts (of the
    services, of their places) may be kept between requests."""

    source: str
    params: list
    order: tuple[str, ...]
    ctes: str = ""
    cte_params: tuple = ()
    places: bool = False
    places_total: int | None = None
    matches: MatchesSQL | None = None

    def counted(self, what: str, select: str) -> int:
        """The one figure ``select`` (reading ``r``) counts of the matches."""

        def count() -> int:
            return int(_rows(*self.statement(select, []))[0][0])  # a SUM is a numeric

        return self.matches.kept(what, count) if self.matches else count()

    def statement(self, select: str, params: list) -> tuple[str, list]:
        """``select`` (reading ``r``, with its ``params``) as a whole statement."""
        if not self.ctes:
            return select, [*params, *self.params]
        return f"WITH {self.ctes} {select}", [*self.cte_params, *params, *self.params]


def by_position(service_ids: list[int]) -> Ranked:
    """Services listed in order: each id with its position in the list."""
    source, params = positions(service_ids, "r")
    return Ranked(source, params, ("r.rank",))


def by_search(matches: MatchesSQL) -> Ranked:
    """Services as the search's own SQL selects and orders them."""
    return Ranked(
        "m r",
        [],
        matches.order,
        matches.ctes,
        tuple(matches.params),
        places=matches.places is None,
        places_total=matches.places,
        matches=matches,
    )


def _reversed(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.removesuffix(" DESC") if t.endswith(" DESC") else f"{t} DESC" for t in order)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def window(
    sql: str,
    params: list,
    order: tuple[str, ...],
    total: int,
    offset: int,
    limit: int,
    from_start: bool = False,
) -> list[int]:
    """The first column of ``sql``'s rows from ``offset`` (``limit`` of them) in ``order``.
    Past the middle, read from the other end: the database walks at most half the rows to
    reach any page, last pages included (the validator walks first, middle and last);
    ``from_start``: always from the start (``sql`` holds the first rows, not all)."""
    if offset >= total:
        return []
    if from_start or offset * 2 <= total:
        page = f"{sql} ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
        return [row[0] for row in _rows(page, [*params, limit, offset])]
    from_end = max(0, total - offset - limit)
    page = f"{sql} ORDER BY {', '.join(_reversed(order))} LIMIT %s OFFSET %s"
    rows = _rows(page, [*params, min(limit, total - offset), from_end])
    return [row[0] for row in reversed(rows)]


def service_page(ranked: Ranked, offset: int, limit: int) -> tuple[list[int], int]:
    """The ids of the services on one page, in order, and how many match in all."""
    total = ranked.counted("services", f"SELECT COUNT(*) FROM {ranked.source}")
    sql, params = ranked.statement(f"SELECT r.id FROM {ranked.source}", [])
    return window(sql, params, ranked.order, total, offset, limit), total


def ranked_service_ids(ranked: Ranked) -> list[int]:
    """The ids of every matching service, in order (for the whole feed)."""
    select = f"SELECT r.id FROM {ranked.source} ORDER BY {', '.join(ranked.order)}"
    return [row[0] for row in _rows(*ranked.statement(select, []))]


def _joined(
    links: QuerySet, ranked: Ranked, place: Place | None, ordered: bool = True
) -> tuple[str, list, tuple]:
    """FROM clause of the matching links (``q.link_id``) with its parameters, and the terms
    that put them in listing order (``ordered=False``: to count them, no place names)."""
    links = links.annotate(link_id=F("pk"), link_service_id=F("service_id"))
    columns = ["link_id", "link_service_id"]
    order = (*ranked.order, "q.place_name", "q.link_id")
    if ordered:
        links = links.annotate(place_name=F("location__name"))
        columns.append("place_name")
    if place is not None:
        links = links.annotate(
            place_latitude=Cast("location__latitude", FloatField()),
            place_longitude=Cast("location__longitude", FloatField()),
        ).annotate(distance=distance_expression(place.latitude, place.longitude, "place_"))
        if place.metres is not None:
            links = links.filter(distance__lte=place.metres)
        columns.append("distance")
        order = ("q.distance IS NULL", "q.distance", *order)
    inner, inner_params = links.order_by().values(*columns).query.sql_with_params()
    joined = f"FROM ({inner}) q JOIN {ranked.source} ON r.id = q.link_service_id"
    return joined, list(inner_params), order


def link_page(
    links: QuerySet, ranked: Ranked, place: Place | None, offset: int, limit: int
) -> tuple[list[int], int]:
    """The ids of the links on one page, in listing order, and how many match in all.

    ``links`` is already narrowed to those that may be shown: those of every public service
    without an Ofsted special consideration, which is what the search's ``r.places`` count
    (the search only finds public services)."""
    joined, params, order = _joined(links, ranked, place)
    if ranked.places_total is not None and place is None:
        total = ranked.places_total
    elif ranked.places and place is None:
        total = ranked.counted("places", f"SELECT COALESCE(SUM(r.places), 0) FROM {ranked.source}")
        if min(offset, total - offset - limit) >= DEEP_PAGE:
            return _counted_page(links, ranked, total, offset, limit), total
    elif place is None:
        counted, counted_params, _ = _joined(links, ranked, place, ordered=False)
        total = _rows(*ranked.statement(f"SELECT COUNT(*) {counted}", counted_params))[0][0]
    else:  # measuring joins the locations anyway: count the page's own rows
        total = _rows(*ranked.statement(f"SELECT COUNT(*) {joined}", params))[0][0]
    sql, params = ranked.statement(f"SELECT q.link_id {joined}", params)
    from_start = ranked.matches is not None and not ranked.matches.complete
    return window(sql, params, order, total, offset, limit, from_start), total


def _counted_page(
    links: QuerySet, ranked: Ranked, total: int, offset: int, limit: int
) -> list[int]:
    """The ids of the links on one page when each service says how many it has
    (``r.places``): the services holding the page are found by a running sum of their
    places along the search's order, walked from the nearer end and stopped at the page
    (the entries' name index alone, unfiltered: 50,000 services to the middle page in
    ~20 ms, where joining them to their links to skip 50,000 of those cost ~190), and
    only their links are read and cut (filtered, every match is summed and sorted first:
    that costs about the same on any page, so it serves pages deep in the listing)."""
    if offset >= total:
        return []
    forward = offset * 2 <= total
    order = ranked.order if forward else _reversed(ranked.order)
    columns = dict.fromkeys(["r.id", "r.places", *(term.split()[0] for term in order)])
    outer = ", ".join(f"s.{term.removeprefix('r.')}" for term in order)
    # ``passed``: the places of the services before each one, in the order walked.
    select = (
        f"SELECT s.id, s.passed, s.places FROM (SELECT {', '.join(columns)}, "
        f"SUM(r.places) OVER (ORDER BY {', '.join(order)} ROWS UNBOUNDED PRECEDING) "
        f"- r.places AS passed FROM {ranked.source}) s "
        f"WHERE s.places > 0 AND s.passed + s.places > %s ORDER BY {outer} LIMIT %s"
    )
    skip = offset if forward else max(0, total - offset - limit)
    holding = _rows(*ranked.statement(select, [skip, limit]))
    if not holding:
        return []
    # Where each service's first place stands in the whole listing.
    starts = {
        service: int(passed) if forward else total - int(passed) - places
        for service, passed, places in holding
    }
    services = sorted(starts, key=starts.get)
    page = by_position(services)
    joined, params, order = _joined(links, page, None)
    sql, params = page.statement(f"SELECT q.link_id {joined}", params)
    first = offset - starts[services[0]]
    rows = _rows(f"{sql} ORDER BY {', '.join(order)} LIMIT %s OFFSET %s", [*params, limit, first])
    return [row[0] for row in rows]


def ordered_page(ordered: QuerySet, offset: int, limit: int) -> tuple[list[int], int]:
    """The ids on one page of an ordered listing, and how many it has in all. Only the
    ordering columns are sorted (the page's records are loaded afterwards by id): sorting
    whole rows of every link, for fifty of them, spills to disk at 100,000 services."""
    total = ordered.count()
    if offset >= total:
        return [], total
    return list(ordered.values_list("pk", flat=True)[offset : offset + limit]), total


def ranked_ids(links: QuerySet, ranked: Ranked, place: Place | None) -> list[int]:
    """The ids of every matching link, in listing order (for the whole feed)."""
    joined, params, order = _joined(links, ranked, place)
    select = f"SELECT q.link_id {joined} ORDER BY {', '.join(order)}"
    return [row[0] for row in _rows(*ranked.statement(select, params))]
