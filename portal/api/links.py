"""Service-at-location links in a search's order, counted and paged by one SQL statement.

The search interface answers with every matching service in its order (``search_all``). A
listing of links puts them nearest first when a place is given (each link by its own
location; beyond the radius left out), then in the order of their services, then by place
name. The services' order travels to the database as ONE array parameter joined with its
positions (``unnest ... WITH ORDINALITY`` on PostgreSQL, ``json_each`` on SQLite), so one
statement filters, orders, counts (a window count) and cuts the page, however many
services matched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast

from search.geo import distance_expression


@dataclass(frozen=True)
class Place:
    """Where distances are measured from, and how far a link may be (None: any distance)."""

    latitude: float
    longitude: float
    metres: float | None = None


def _ranked_ids(service_ids: list[int]) -> tuple[str, list]:
    """A row source ``r(service_id, rank)``: each id with its position in the list."""
    if connection.vendor == "postgresql":
        return "unnest(%s::bigint[]) WITH ORDINALITY AS r(service_id, rank)", [service_ids]
    sql = "(SELECT value AS service_id, CAST(key AS INTEGER) AS rank FROM json_each(%s)) AS r"
    return sql, [json.dumps(service_ids)]


def _statement(links: QuerySet, service_ids: list[int], place: Place | None) -> tuple[str, list]:
    """SELECT of the matching links' ids in listing order, each with the number matching."""
    links = links.annotate(
        link_id=F("pk"), link_service_id=F("service_id"), place_name=F("location__name")
    )
    columns = ["link_id", "link_service_id", "place_name"]
    order = "r.rank, q.place_name, q.link_id"
    if place is not None:
        links = links.annotate(
            place_latitude=Cast("location__latitude", FloatField()),
            place_longitude=Cast("location__longitude", FloatField()),
        ).annotate(distance=distance_expression(place.latitude, place.longitude, "place_"))
        if place.metres is not None:
            links = links.filter(distance__lte=place.metres)
        columns.append("distance")
        order = f"q.distance IS NULL, q.distance, {order}"
    inner, inner_params = links.order_by().values(*columns).query.sql_with_params()
    ranked, ranked_params = _ranked_ids(service_ids)
    sql = (
        f"SELECT q.link_id, COUNT(*) OVER () FROM ({inner}) q "
        f"JOIN {ranked} ON r.service_id = q.link_service_id ORDER BY {order}"
    )
    return sql, [*inner_params, *ranked_params]


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked_page(
    links: QuerySet, service_ids: list[int], place: Place | None, offset: int, limit: int
) -> tuple[list[int], int]:
    """The ids of the links on one page, in listing order, and how many match in all.

    ``links`` is already narrowed to those that may be shown; ``service_ids`` are the
    matching services in the search's order."""
    if not service_ids:
        return [], 0
    sql, params = _statement(links, service_ids, place)
    rows = _rows(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
    if rows:
        return [row[0] for row in rows], rows[0][1]
    # Past the last page: nothing to show, but the total is still wanted.
    counted = _rows(f"SELECT COUNT(*) FROM ({sql}) page", params)
    return [], counted[0][0]


def ordered_page(ordered: QuerySet, offset: int, limit: int) -> tuple[list[int], int]:
    """The ids on one page of an ordered listing, and how many it has in all. Only the
    ordering columns are sorted (the page's records are loaded afterwards by id): sorting
    whole rows of every link, for fifty of them, spills to disk at 100,000 services."""
    total = ordered.count()
    if offset >= total:
        return [], total
    return list(ordered.values_list("pk", flat=True)[offset : offset + limit]), total


def ranked_ids(links: QuerySet, service_ids: list[int], place: Place | None) -> list[int]:
    """The ids of every matching link, in listing order (for the whole feed)."""
    if not service_ids:
        return []
    sql, params = _statement(links, service_ids, place)
    return [row[0] for row in _rows(sql, params)]
