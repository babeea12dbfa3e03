"""Database search backend (the default): our own full text on SQLite FTS5 or PostgreSQL.

Why our own index rather than Wagtail's database search backend: a search here must combine
weighted full text with filters across related rows (categories, schedules, locations),
facet counts over the same result set, distance in SQL and synonym/typo handling, in a few
queries. The filters and facets read ``SearchEntry``, one narrow denormalised row per
service (see ``search.backends.entries``), so their cost does not grow with schedule or
category rows. Wagtail's backend only filters on ``FilterField``s of the model itself, cannot
weight per field on SQLite, and has no distance or facets over related rows. So the text
lives in ``SearchDocument`` (name > categories > summary > description), indexed by FTS5
(bm25 with column weights 10/5/2/1) or a weighted tsvector (ts_rank, weights A/B/C/D); see
``search/migrations/0002_full_text_index.py``. Every query requires the entry's copy of
``Service.objects.public()`` (``listed`` and the hide date), so a hidden service can never
be returned.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils import timezone

from directory.models import Service

from ..geo import distance_expression, distance_sql
from ..models import SearchPoint, SearchTerm
from ..prepare import PreparedQuery
from ..query import Hit, SearchResults
from ..ranking import blended
from . import entries
from .entries import DELIVERY_MODES, FACET_FLAGS, in_ids
from .fulltext import match_scores, with_exact_words

NAME = "database"
__all__ = ["DELIVERY_MODES", "FACET_FLAGS", "distances", "run", "suggest"]
SQL_ORDER = {
    "name": "e.name, e.service_id",
    "updated": "e.updated_at DESC, e.name, e.service_id",
}


# --- full text, per database vendor ---------------------------------------------------------


def correct_word(word: str) -> str:
    """The closest vocabulary word to a misspelt one, or the word itself."""
    if SearchTerm.objects.filter(word=word).exists() or len(word) < 4 or word.isdigit():
        return word
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM waymark_search_searchterm WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT 10",
                [word, word],
            )
            candidates = [row[0] for row in cursor.fetchall()]
    else:
        candidates = list(
            SearchTerm.objects.annotate(n=Length("word"))
            .filter(word__startswith=word[0], n__gte=len(word) - 2, n__lte=len(word) + 2)
            .values_list("word", flat=True)
        )
    best = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return best[0] if best else word


# --- the search -------------------------------------------------------------------------


def distances(service_ids: list[int], point: tuple[float, float]) -> dict[int, float]:
    """Metres from the point to each service's nearest location (none: not in the dict)."""
    if not service_ids:
        return {}
    return dict(_nearest(service_ids, point).values_list("service_id", "distance"))


def _nearest(service_ids, point: tuple[float, float]) -> QuerySet:
    sql, params = in_ids(f'"{SearchPoint._meta.db_table}"."service_id"', service_ids)
    return (
        SearchPoint.objects.filter(RawSQL(sql, params, output_field=BooleanField()))
        .values("service_id")
        .annotate(distance=Min(distance_expression(*point)))
        .order_by()
    )


@dataclass
class _Found:
    """The result set: the SQL that restricts the entries ``e`` to it and, with words, every
    match's text score (in page order when that is by name or date)."""

    where: entries.Conditions
    scores: dict[int, float] | None = None


def _found(prepared: PreparedQuery, match_all: bool) -> _Found:
    """The services passing every filter and matching the words: without words, their SQL
    conditions (counted, grouped and paged in SQL, never listed here); with words, the one
    statement that ranks the matching documents within those conditions."""
    where = entries.conditions(prepared.query, timezone.localdate())
    if not prepared.slots:
        return _Found(where)
    table = f"{entries.ENTRY_TABLE} e"
    order = SQL_ORDER.get(prepared.sort, "")
    scores = match_scores(prepared.slots, match_all, (table, where.where, where.params), order)
    scores = with_exact_words(scores, prepared.slots) if scores else {}
    sql, params = in_ids("e.service_id", scores)
    return _Found(entries.Conditions([sql], params), scores)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _window(offset: int, limit: int | None) -> tuple[str, list]:
    if limit is None:
        return "", []
    return " LIMIT %s OFFSET %s", [limit, offset]


def _by_distance(found: _Found, point: tuple[float, float], offset: int, limit: int | None):
    """(id, metres) of the result set from ``offset``: nearest first (no location last),
    then by name."""
    metres, params = distance_sql(point, "p.latitude", "p.longitude")
    window, window_params = _window(offset, limit)
    sql = (
        "SELECT x.service_id, x.distance FROM ("
        f"SELECT e.service_id, e.name, (SELECT MIN({metres}) FROM {SearchPoint._meta.db_table} p "
        f"WHERE p.service_id = e.service_id) AS distance FROM {entries.ENTRY_TABLE} e "
        f"WHERE {found.where.where}) x "
        "ORDER BY x.distance IS NULL, x.distance, x.name, x.service_id" + window
    )
    return _rows(sql, [*params, *found.where.params, *window_params])


def _in_order(found: _Found, order: str, offset: int, limit: int | None) -> list[int]:
    window, window_params = _window(offset, limit)
    sql = f"SELECT e.service_id FROM {entries.ENTRY_TABLE} e WHERE {found.where.where}"
    rows = _rows(f"{sql} ORDER BY {order}{window}", [*found.where.params, *window_params])
    return [row[0] for row in rows]


def _hits(prepared: PreparedQuery, found: _Found, offset: int, limit: int | None) -> list[Hit]:
    """The hits from ``offset`` (``limit`` of them, or all with None), in the search's order."""
    query = prepared.query
    sort = prepared.sort
    scores = found.scores
    end = None if limit is None else offset + limit
    if sort == "relevance" and query.point:
        # Words and a place: text score blended with distance (search/ranking.py).
        near = distances(list(scores), query.point)
        ranked = sorted(
            scores, key=lambda i: (-blended(scores[i], near.get(i)), near.get(i) or 0, i)
        )
        return [
            Hit(service_id=i, score=scores[i], distance_metres=near.get(i))
            for i in ranked[offset:end]
        ]
    if sort == "relevance":
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[offset:end]
        hits = [Hit(service_id=i, score=score) for i, score in best]
    elif sort == "distance":
        page = _by_distance(found, query.point, offset, limit)
        hits = [Hit(service_id=i, distance_metres=d) for i, d in page]
    elif scores is not None:  # the matches came in this order
        hits = [Hit(service_id=i, score=scores[i]) for i in itertools.islice(scores, offset, end)]
    else:
        hits = [Hit(service_id=i) for i in _in_order(found, SQL_ORDER[sort], offset, limit)]
    if query.point and sort != "distance" and hits:
        near = distances([h.service_id for h in hits], query.point)
        for hit in hits:
            hit.distance_metres = near.get(hit.service_id)
    return hits


def _count(found: _Found) -> int:
    if found.scores is not None:
        return len(found.scores)
    sql = f"SELECT COUNT(*) FROM {entries.ENTRY_TABLE} e WHERE {found.where.where}"
    return _rows(sql, found.where.params)[0][0]


def run(prepared: PreparedQuery, match_all: bool = True) -> SearchResults:
    """One page of results (see ``search.backends.base.SearchBackend``); with
    ``prepared.every``, every match in order (distances measured) and no facets."""
    query = prepared.query
    found = _found(prepared, match_all)
    if prepared.facets:
        facets, total = entries.facet_counts(found.where)
    else:
        facets, total = {}, _count(found)
    spelling = [correct_word(t) for t in prepared.terms] if match_all and not total else []
    offset, limit = (0, None) if prepared.every else (query.offset, query.limit)
    return SearchResults(
        hits=_hits(prepared, found, offset, limit) if total else [],
        total=total,
        page=1 if prepared.every else query.page,
        page_size=max(1, total) if prepared.every else query.limit,
        facets=facets,
        notice=prepared.notice,
        backend=NAME,
        spelling=spelling,
    )


def suggest(text: str, local_authority_id: int | None = None, limit: int = 8) -> list[Service]:
    """Published services whose name starts with, or has a word starting with, the text."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split()]
    if not words:
        return []
    qs = Service.objects.public()
    if local_authority_id:
        qs = qs.filter(local_authority_id=local_authority_id)
    if connection.vendor == "postgresql":
        tsq = " & ".join(f"{w}:*A" for w in words)
        sql = (
            "SELECT service_id FROM waymark_search_searchdocument "
            "WHERE search_vector @@ to_tsquery('english', %s)"
        )
        qs = qs.filter(id__in=RawSQL(sql, [tsq]))
    else:
        match = "name : (" + " AND ".join(f'"{w}"*' for w in words) + ")"
        sql = "SELECT rowid FROM waymark_search_fts WHERE waymark_search_fts MATCH %s"
        qs = qs.filter(id__in=RawSQL(sql, [match]))
    return list(qs.order_by(Length("name"), "name").only("name", "slug")[:limit])
