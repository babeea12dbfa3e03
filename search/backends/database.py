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
``search/migrations/0002_full_text_index.py``; on PostgreSQL each entry carries a copy of
the vector (migration 0006), so words, filters and facet columns are one row. Every query
requires the entry's copy of ``Service.objects.public()`` (``listed`` and the hide date), so
a hidden service can never be returned.
"""

from __future__ import annotations

import difflib

from django.db import connection
from django.db.models import BooleanField, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils import timezone

from directory.models import Service

from .. import corpus
from ..geo import distance_expression
from ..models import SearchPoint, SearchTerm
from ..prepare import PreparedQuery
from ..query import Hit, SearchResults, ServiceQuery
from ..ranking import blended
from . import entries, resultset
from .entries import DELIVERY_MODES, FACET_FLAGS, in_ids
from .fulltext import EXACT_RESCORE, with_exact_words

NAME = "database"
__all__ = ["DELIVERY_MODES", "FACET_FLAGS", "distances", "run", "suggest"]
#: Each order as ORDER BY terms over the result set's columns (see ``sql_order``).
ORDER_TERMS = {
    "name": ("name", "id"),
    "updated": ("updated_at DESC", "name", "id"),
    "distance": ("distance IS NULL", "distance", "name", "id"),  # no location last
}


def sql_order(sort: str, alias: str = "m") -> tuple[str, ...]:
    """The ORDER BY terms of ``sort`` over the result set's rows aliased ``alias``."""
    return tuple(f"{alias}.{term}" for term in ORDER_TERMS[sort])


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


# The one statement's output: each part's rows padded to these columns (and types), after
# its kind; a part fills the ones it has.
COLUMNS = {
    "k": "bigint",
    "t1": "text",
    "t2": "text",
    "x1": "double precision",
    "x2": "double precision",
    **{f"n{i}": "bigint" for i in range(16)},
}


def _part(kind: str, source: str, values: dict[str, str]) -> str:
    columns = ", ".join(
        values.get(column, f"CAST(NULL AS {kind_of})") for column, kind_of in COLUMNS.items()
    )
    return f"SELECT '{kind}' AS kind, {columns} FROM {source}"


SCORED = "m.id, m.score, m.distance"


def _ranked(
    order: str, limit: int | None, offset: int = 0, columns: str = f"{SCORED}, m.name, m.updated_at"
) -> tuple[str, list]:
    """``columns`` of the rows of ``m`` in ``order`` from ``offset`` (``limit`` of them, or
    all)."""
    window, params = ("", []) if limit is None else (" LIMIT %s OFFSET %s", [limit, offset])
    return f"(SELECT {columns} FROM m ORDER BY {order}{window}) m", params


def _statement(
    found: resultset.ResultSet,
    ctes: list[str],
    parts: list[tuple[str, str, dict[str, str]]],
    params: list,
) -> dict[str, list[tuple]]:
    """Run the parts over the result set ``m`` (and ``ctes`` over it) in one statement:
    rows by kind."""
    union = " UNION ALL ".join(_part(kind, source, values) for kind, source, values in parts)
    sql = f"WITH {', '.join([*found.ctes, *ctes])} {union}"
    rows: dict[str, list[tuple]] = {kind: [] for kind, _, _ in parts}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*found.params, *params])
        for kind, *row in cursor.fetchall():
            rows[kind].append(tuple(row))
    return rows


def _page_part(sort: str, offset: int, limit: int | None) -> tuple[tuple[str, str, dict], list]:
    """The part listing the page's (or every) row in ``sort`` order, with its position."""
    order = ", ".join(sql_order(sort))
    source, params = _ranked(order, limit, offset)
    values = {
        "k": "m.id",
        "x1": "m.score",
        "x2": "m.distance",
        "n0": f"ROW_NUMBER() OVER (ORDER BY {order})",
    }
    return ("p", source, values), params


def _best_part(limit: int | None) -> tuple[tuple[str, str, dict], list]:
    """The part listing the best scored rows (``limit`` of them, or all)."""
    source, params = _ranked("m.score DESC, m.id", limit, columns=SCORED)
    return ("b", source, {"k": "m.id", "x1": "m.score", "x2": "m.distance"}), params


def _hits(
    prepared: PreparedQuery, rows: dict[str, list[tuple]], offset: int, end: int | None
) -> list[Hit]:
    """The hits from ``offset`` to ``end`` (or the last), in the search's order."""
    sort = prepared.sort
    page = sorted(rows.get("p", []), key=lambda row: row[5])  # orders other than best match
    if sort == "distance":
        return [Hit(service_id=row[0], distance_metres=row[4]) for row in page]
    best = [(row[0], row[3], row[4]) for row in rows.get("b", [])]
    best.sort(key=lambda row: (-row[1], row[0]))
    top = dict((i, score) for i, score, _ in best[:EXACT_RESCORE])
    rescored = with_exact_words(top, prepared.slots) if top else {}
    if sort == "relevance":
        near = {i: d for i, _, d in best}
        scores = {i: rescored.get(i, score) for i, score, _ in best}
        if prepared.query.point:
            # Words and a place: text score blended with distance (search/ranking.py).
            ranked = sorted(scores, key=lambda i: (-blended(scores[i], near[i]), near[i] or 0, i))
        else:
            ranked = sorted(scores, key=lambda i: (-scores[i], i))
        return [
            Hit(service_id=i, score=scores[i], distance_metres=near[i]) for i in ranked[offset:end]
        ]
    return [
        Hit(
            service_id=row[0],
            score=rescored.get(row[0], row[3]) if row[3] is not None else 0.0,
            distance_metres=row[4],
        )
        for row in page
    ]


def run(prepared: PreparedQuery, match_all: bool = True) -> SearchResults:
    """One page of results (see ``search.backends.base.SearchBackend``); with
    ``prepared.every``, every match in order (distances measured) and no facets. A page
    is kept until the index changes, where that is safe (``search.corpus.remembered``);
    every match is not (tens of thousands of hits, with distances from each place asked)."""
    key = "" if prepared.every else entries.results_key(prepared)
    return corpus.remembered(key and f"run {match_all} {key}", lambda: _run(prepared, match_all))


def _run(prepared: PreparedQuery, match_all: bool) -> SearchResults:
    """One statement reads the result set once and returns the facet counts (or the total),
    the page in its order and, with words, the best matches for the exact-word rescoring.
    Best match with words reads only the best ``EXACT_RESCORE + offset + limit`` rows by
    (score, id): the first ``EXACT_RESCORE`` are rescored (raised, never lowered) and every
    row below them keeps its score, so each of the next ``offset + limit`` outranks every
    row not read, and the page is exact. With a place too, every match is ranked (distance
    blends in), as with ``prepared.every``.
    """
    query = prepared.query
    sort = prepared.sort
    offset, limit = (0, None) if prepared.every else (query.offset, query.limit)
    end = None if limit is None else offset + limit
    blend = sort == "relevance" and query.point is not None
    found = resultset.result_set(
        prepared,
        match_all,
        timezone.localdate(),
        measure_all=bool(query.point) and (prepared.every or blend or sort == "distance"),
        by_score=sort == "relevance",
        facet_columns=prepared.facets,
    )
    ctes, parts, params = [], [], []
    if prepared.facets:
        ctes, facet_parts = entries.facet_parts()
        parts += [(kind, *part) for kind, part in facet_parts.items()]
    else:
        parts.append(("n", "(SELECT COUNT(*) AS n FROM m) c", {"n0": "c.n"}))
    if sort == "relevance":
        wanted = None if (blend or end is None) else end + EXACT_RESCORE
        part, extra = _best_part(wanted)
    else:
        page, extra = _page_part(sort, offset, limit)
        parts.append(page)
        params += extra
        # The best rows, rescored for the words as typed (distance order shows no score).
        words = prepared.slots and sort != "distance"
        part, extra = _best_part(EXACT_RESCORE) if words else (None, [])
    if part is not None:
        parts.append(part)
        params += extra
    rows = _statement(found, ctes, parts, params)
    if prepared.facets:
        facets, total = entries.read_facets(rows)
    else:
        facets, total = {}, rows["n"][0][5]
    hits = _hits(prepared, rows, offset, end) if total else []
    if hits and query.point and not found.measured and sort != "distance":
        near = distances([h.service_id for h in hits], query.point)
        for hit in hits:
            hit.distance_metres = near.get(hit.service_id)
    spelling = [correct_word(t) for t in prepared.terms] if match_all and not total else []
    return SearchResults(
        hits=hits,
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
    if connection.vendor == "postgresql":
        ids = _suggested_ids(words, local_authority_id, limit)
        services = Service.objects.only("name", "slug").in_bulk(ids)
        return [services[i] for i in ids if i in services]
    qs = Service.objects.public()
    if local_authority_id:
        qs = qs.filter(local_authority_id=local_authority_id)
    match = "name : (" + " AND ".join(f'"{w}"*' for w in words) + ")"
    sql = "SELECT rowid FROM waymark_search_fts WHERE waymark_search_fts MATCH %s"
    qs = qs.filter(id__in=RawSQL(sql, [match]))
    return list(qs.order_by(Length("name"), "name").only("name", "slug")[:limit])


def _suggested_ids(words: list[str], local_authority_id: int | None, limit: int) -> list[int]:
    """PostgreSQL: the names matching the word prefixes, shortest first.

    The words of the entry's name (the same words as the document vector's weight ``A``)
    are matched from their own GIN index (migration 0005), so a prefix match is checked on
    the narrow entry row instead of the document's weighted vector: "nur" (7,800 names at
    100,000 services) 60 -> 20 ms of backend CPU. Nothing sorts the public services by name
    length to probe each one (0.5 s for a prefix nothing has).
    """
    where = entries.conditions(
        ServiceQuery(local_authority_id=local_authority_id), timezone.localdate()
    )
    sql = (
        f"SELECT e.service_id FROM {entries.ENTRY_TABLE} e "
        "WHERE to_tsvector('english'::regconfig, e.name) @@ to_tsquery('english', %s) "
        f"AND {where.where} ORDER BY length(e.name), e.name LIMIT %s"
    )
    tsquery = " & ".join(f"{w}:*" for w in words)
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery, *where.params, limit])
        return [row[0] for row in cursor.fetchall()]
