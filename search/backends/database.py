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

from django.db import connection
from django.db.models import BooleanField, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils import timezone

from directory.models import Service

from ..geo import distance_expression
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


def _candidates(prepared: PreparedQuery, match_all: bool) -> dict[int, float]:
    """{id: text score} of the services passing every filter and matching the words (0 for
    every service without words), in page order when that is by name or date: the one
    statement that finds the result set."""
    where = entries.conditions(prepared.query, timezone.localdate())
    order = SQL_ORDER.get(prepared.sort, "")
    if not prepared.slots:
        sql = f"SELECT e.service_id FROM {entries.ENTRY_TABLE} e WHERE {where.where}"
        with connection.cursor() as cursor:
            cursor.execute(sql + (f" ORDER BY {order}" if order else ""), where.params)
            return dict.fromkeys((row[0] for row in cursor.fetchall()), 0.0)
    scores = match_scores(
        prepared.slots, match_all, (f"{entries.ENTRY_TABLE} e", where.where, where.params), order
    )
    return with_exact_words(scores, prepared.slots) if scores else {}


def _by_distance(ids: list[int], point: tuple[float, float], offset: int, limit: int):
    """(id, metres) of one page of ``ids``, nearest first (no location last), then by name."""
    nearest_sql, nearest_params = _nearest(ids, point).query.sql_with_params()
    where, params = in_ids("e.service_id", ids)
    sql = (
        f"SELECT e.service_id, d.distance FROM {entries.ENTRY_TABLE} e "
        f"LEFT JOIN ({nearest_sql}) d ON d.service_id = e.service_id WHERE {where} "
        "ORDER BY d.distance IS NULL, d.distance, e.name, e.service_id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*nearest_params, *params, limit, offset])
        return cursor.fetchall()


def _page(prepared: PreparedQuery, scores: dict[int, float]) -> list[Hit]:
    query = prepared.query
    sort = prepared.sort
    end = query.offset + query.limit
    if sort == "relevance" and query.point:
        # Words and a place: text score blended with distance (search/ranking.py).
        found = distances(list(scores), query.point)
        ranked = sorted(
            scores, key=lambda i: (-blended(scores[i], found.get(i)), found.get(i) or 0, i)
        )
        return [
            Hit(service_id=i, score=scores[i], distance_metres=found.get(i))
            for i in ranked[query.offset : end]
        ]
    if sort == "relevance":
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[query.offset : end]
        hits = [Hit(service_id=i, score=score) for i, score in best]
    elif sort == "distance":
        page = _by_distance(list(scores), query.point, query.offset, query.limit)
        hits = [Hit(service_id=i, distance_metres=d) for i, d in page]
    else:  # the candidates came in this order
        page = itertools.islice(scores, query.offset, end)
        hits = [Hit(service_id=i, score=scores.get(i, 0.0)) for i in page]
    if query.point and sort != "distance" and hits:
        found = distances([h.service_id for h in hits], query.point)
        for hit in hits:
            hit.distance_metres = found.get(hit.service_id)
    return hits


def run(prepared: PreparedQuery, match_all: bool = True) -> SearchResults:
    """One page of results (see ``search.backends.base.SearchBackend``)."""
    scores = _candidates(prepared, match_all)
    total, facets = len(scores), entries.facet_counts(list(scores))
    spelling = [correct_word(t) for t in prepared.terms] if match_all and not total else []
    return SearchResults(
        hits=_page(prepared, scores) if total else [],
        total=total,
        page=prepared.query.page,
        page_size=prepared.query.limit,
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
