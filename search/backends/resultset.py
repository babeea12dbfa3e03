"""The result set of one database search as SQL: every service passing the filters and
matching the words, one row each, read once by the statement that counts, groups and pages it.

Each row (alias ``m``) holds the service id, its text score (with words), its distance to the
place (when the search measures every match) and the entry's own columns that facets count
(when it counts facets).
A radius is answered from the locations inside a box round the circle (the point index),
never by measuring every location.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..geo import EARTH_RADIUS_METRES, bounding_box, distance_sql
from ..models import SearchPoint
from ..prepare import PreparedQuery
from . import entries
from .fulltext import matching_sql, pg_score, scores_sql

POINT_TABLE = SearchPoint._meta.db_table
ORDER_COLUMNS = ("name", "updated_at")  # only orders other than best match read these
COLUMNS = (
    *ORDER_COLUMNS,
    "local_authority_id",
    "tier",
    *entries.FACET_FLAGS.values(),
    *entries.DELIVERY_MODES,
    "weekdays",
    "facet_terms",
)


@dataclass
class ResultSet:
    """The common table expressions that end with ``m``, the rows (id, score, distance and
    ``COLUMNS``) of the result set, and their parameters in order. ``measured``: every row
    has its distance (else NULL, measured for the page later)."""

    ctes: list[str]
    params: list
    measured: bool


def result_set(
    prepared: PreparedQuery,
    match_all: bool,
    today: dt.date,
    measure_all: bool,
    materialized: bool = True,
    by_score: bool = False,
    places: bool = False,
    facet_columns: bool = True,
) -> ResultSet:
    """The rows of the services the search finds; ``measure_all`` measures each one's
    distance even without a radius (a distance order, or every match asked for).
    ``materialized=False`` lets the database fold ``m`` into the statements reading it
    (a page by name from the entries' name index, a count from their rows alone).
    ``by_score``: only the best match order reads the rows, so they leave out
    ``ORDER_COLUMNS`` (narrower rows to copy: "nursery" 85 -> 74 ms of backend CPU).
    ``places``: the rows also carry the entry's ``places`` (for ``search_all_sql``).
    ``facet_columns=False``: the rows leave out the columns only facets count (a search
    without facets copies narrower rows: "nursery" at 100,000 services, 55 -> 47 ms)."""
    query = prepared.query
    where = entries.conditions(query, today)
    # SQLite's word matches and the places within the radius come first, each on its own
    # (narrow rows: the text is scored once and never carried into a join).
    ctes, cte_params = [], []
    select_params: list = []
    joins = []
    nothing = "CAST(NULL AS double precision)"
    score, distance = nothing, nothing
    score_params: list = []
    join_params: list = []
    matches: tuple[str, ...] = ("",)
    if prepared.slots:
        if entries.postgresql():
            # The entry's own copy of the vector (migration 0006): the matches are found,
            # scored and filtered in one scan of the entry rows, with no join.
            found = pg_score(prepared.slots, match_all)
            score, score_params = found.score, found.score_params
            joins.append(f"CROSS JOIN {found.source}")
            join_params += found.source_params
            matches = found.matches
        else:
            among = ""
            if where.filters:
                # SQLite scores only the filtered services' matches (bm25 costs per row):
                # the matches (unscored), then the filters on those rows alone.
                sql, params = matching_sql(prepared.slots, match_all)
                ctes.append(
                    f"f AS MATERIALIZED (SELECT e.service_id FROM {entries.ENTRY_TABLE} e "
                    f"WHERE e.service_id IN ({sql}) AND {where.where})"
                )
                cte_params += [*params, *where.params]
                among = "SELECT service_id FROM f"
            sql, params = scores_sql(prepared.slots, match_all, among)
            ctes.append(f"s AS MATERIALIZED ({sql})")
            cte_params += params
            joins.append("JOIN s ON s.id = e.service_id")
            score = "s.score"
    radius = query.radius_in_metres
    if query.point and radius is not None:
        sql, params = within(query.point, radius)
        ctes.append(f"n AS MATERIALIZED ({sql})")
        cte_params += params
        joins.append("JOIN n ON n.service_id = e.service_id")
        distance = "n.distance"
    elif query.point and measure_all:
        metres, select_params = distance_sql(query.point, "p.latitude", "p.longitude")
        distance = f"(SELECT MIN({metres}) FROM {POINT_TABLE} p WHERE p.service_id = e.service_id)"
    kept = [
        column
        for column in (COLUMNS if facet_columns else ORDER_COLUMNS)
        if not (by_score and column in ORDER_COLUMNS)
    ]
    if places:
        kept.append("places")
    columns = ", ".join(
        ["e.service_id AS id", f"{score} AS score", f"{distance} AS distance"]
        + [f"e.{column}" for column in kept]
    )
    select = f"SELECT {columns} FROM {entries.ENTRY_TABLE} e {' '.join(joins)} WHERE {where.where}"
    # One SELECT per match condition (disjoint), so each is its own index scan.
    sql = " UNION ALL ".join(select + (f" AND {match}" if match else "") for match in matches)
    ctes.append(f"m AS {'MATERIALIZED ' if materialized else ''}({sql})")
    each = [*score_params, *select_params, *join_params, *where.params]
    params = [*cte_params, *(each * len(matches))]
    return ResultSet(ctes, params, distance != nothing)


def _box(box: dict[str, float]) -> tuple[str, list]:
    sql = "p.latitude >= %s AND p.latitude <= %s AND p.longitude >= %s AND p.longitude <= %s"
    keys = ("latitude__gte", "latitude__lte", "longitude__gte", "longitude__lte")
    return sql, [box[key] for key in keys]


def circle_box(latitude: float, longitude: float, metres: float) -> dict[str, float] | None:
    """A box holding every point within ``metres`` of the point by the haversine distance
    (with a margin for rounding); None when the circle reaches a pole."""
    angle = metres / EARTH_RADIUS_METRES
    cos_lat = math.cos(math.radians(latitude))
    if angle >= math.pi / 2 or math.sin(angle) >= cos_lat:
        return None
    dlat = math.degrees(angle) * 1.001
    dlon = math.degrees(math.asin(math.sin(angle) / cos_lat)) * 1.001
    return {
        "latitude__gte": latitude - dlat,
        "latitude__lte": latitude + dlat,
        "longitude__gte": longitude - dlon,
        "longitude__lte": longitude + dlon,
    }


def within(point: tuple[float, float], radius: float) -> tuple[str, list]:
    """SQL for ``(service_id, distance)`` of the services with a location inside the radius,
    as the search has always decided it: inside ``bounding_box`` and at most ``radius`` metres
    away; ``distance`` is the nearest of all its locations (all lie in ``circle_box``)."""
    metres, metre_params = distance_sql(point, "p.latitude", "p.longitude")
    inside, inside_params = _box(bounding_box(*point, radius))
    wide = circle_box(*point, radius)
    if wide is None:
        scan, scan_params = "1 = 1", []
    else:
        scan, scan_params = _box(wide)
    sql = (
        "SELECT x.service_id, MIN(x.metres) AS distance FROM ("
        f"SELECT p.service_id, {metres} AS metres, CASE WHEN {inside} THEN 1 ELSE 0 END AS inside "
        f"FROM {POINT_TABLE} p WHERE {scan}) x GROUP BY x.service_id "
        "HAVING MAX(CASE WHEN x.inside = 1 AND x.metres <= %s THEN 1 ELSE 0 END) = 1"
    )
    return sql, [*metre_params, *inside_params, *scan_params, radius]
