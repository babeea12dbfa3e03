"""Scoring the words of a search in the database: which documents match, and how well.

Both vendors score by field (name 10, categories 5, summary 2, description 1) and by how
telling each word is (rarer words count more), so that a service *about* the words comes
before one that mentions them in passing, and, when not every word matches, a service with
the rare word ("swimming") comes before one with only the common one ("lessons").

- SQLite: FTS5's bm25 already weighs rarity, but it adds the column weights up before its
  term-frequency saturation, so a name match scores at most ~2.2 times a passing mention in
  a long description. So each column is matched and scored on its own (one statement, a
  UNION ALL of column-filtered MATCHes) and the weighted scores are summed.
- PostgreSQL: ``ts_rank`` weighs the fields (A/B/C/D) but knows nothing of rarity, so with
  several words each word's rank is multiplied by its inverse document frequency (counted
  with the GIN index in one statement first).

Stemming makes "parenting" match every "parents"; so the best ``EXACT_RESCORE`` matches are
then read back and a service using the very word typed gets up to twice its score: in full
when the word is in its name, categories or summary, half when only in its description (a
synonym of it, half of that). A parenting course then comes before a service for "parents of
children with ADHD", without losing the stemmed matches.

When any word may match (not every word did), each score is also multiplied by the square of
the share of the query's rarity it covers (the inverse document frequencies of the words it
matched over those of all the words): a swim school beats music lessons for "swimming
lessons", as "lessons" is common and "swimming" telling.
"""

from __future__ import annotations

import math
import re

from django.db import connection

EXACT_RESCORE = 100
EXACT_BONUS = {"about": 1.0, "description": 0.5}
FIELD_WEIGHTS = {"name": 10.0, "categories": 5.0, "summary": 2.0, "description": 1.0}
FTS_TABLE = "waymark_search_fts"
DOCUMENT_TABLE = "waymark_search_searchdocument"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def fts5_match(slots: list[list[str]], joiner: str, column: str = "") -> str:
    expression = f" {joiner} ".join(
        "(" + " OR ".join(_phrase(t) for t in slot) + ")" for slot in slots
    )
    return f"{{{column}}} : ({expression})" if column else expression


def _slot_tsquery(slot: list[str]) -> tuple[str, list[str]]:
    return "(" + " || ".join("phraseto_tsquery('english', %s)" for _ in slot) + ")", list(slot)


def _sqlite_scores(slots: list[list[str]], match_all: bool) -> tuple[str, list]:
    """SQL for (id, score) of every matching document."""
    per_column, params = [], []
    for column, weight in FIELD_WEIGHTS.items():
        per_column.append(
            f"SELECT rowid AS id, -bm25({FTS_TABLE}) * {weight} AS s "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        )
        params.append(fts5_match(slots, "OR", column))
    sql = f"SELECT id, SUM(s) AS score FROM ({' UNION ALL '.join(per_column)}) scored"
    if match_all and len(slots) > 1:
        sql += f" WHERE id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        params.append(fts5_match(slots, "AND"))
    return sql + " GROUP BY id", params


def _pg_idf(queries: list[tuple[str, list[str]]]) -> list[float]:
    """BM25's inverse document frequency of each word (slot), counted in one statement."""
    counts = ", ".join(
        f"(SELECT count(*) FROM {DOCUMENT_TABLE} WHERE search_vector @@ {q})" for q, _ in queries
    )
    params = [p for _, ps in queries for p in ps]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT count(*) FROM {DOCUMENT_TABLE}), {counts}", params)
        total, *found = cursor.fetchone()
    return [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in found]


def _pg_scores(slots: list[list[str]], match_all: bool) -> tuple[str, list]:
    queries = [_slot_tsquery(slot) for slot in slots]
    idf = _pg_idf(queries) if len(queries) > 1 else [1.0]
    names = [f"q{i}" for i in range(len(queries))]
    select = ", ".join(f"{q} AS {name}" for (q, _), name in zip(queries, names, strict=True))
    score = " + ".join(
        f"{weight!r} * ts_rank(d.search_vector, t.{name})"
        for weight, name in zip(idf, names, strict=True)
    )
    joined = f" {'&&' if match_all else '||'} ".join(f"t.{name}" for name in names)
    sql = (
        f"SELECT d.service_id AS id, {score} AS score FROM {DOCUMENT_TABLE} d "
        f"CROSS JOIN (SELECT {select}) t WHERE d.search_vector @@ ({joined})"
    )
    return sql, [p for _, ps in queries for p in ps]


def match_scores(
    slots: list[list[str]],
    match_all: bool,
    within: tuple[str, str, list] | None = None,
    order: str = "",
) -> dict[int, float]:
    """{service id: score} of every document matching all the words (or any, if not
    ``match_all``); each slot is one word or phrase with its synonyms.

    ``within`` is (table alias, condition, parameters): only documents whose row in that
    table (joined on ``service_id``) meets the condition, in the one statement; ``order``
    then sorts by its columns (the dict keeps that order).
    """
    if connection.vendor == "postgresql":
        sql, params = _pg_scores(slots, match_all)
    else:
        sql, params = _sqlite_scores(slots, match_all)
    if within is not None:
        table, condition, extra = within
        sql = (
            f"SELECT m.id, m.score FROM ({sql}) m "
            f"JOIN {table} ON {table.split()[-1]}.service_id = m.id WHERE {condition}"
        )
        params = [*params, *extra]
        if order:
            sql += f" ORDER BY {order}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scores = {row[0]: float(row[1]) for row in cursor.fetchall()}
    if match_all or len(slots) < 2 or not scores:
        return scores
    return _by_coverage(scores, slots)


def _slot_matches(slot: list[str]) -> set[int]:
    if connection.vendor == "postgresql":
        tsquery, params = _slot_tsquery(slot)
        sql = f"SELECT service_id FROM {DOCUMENT_TABLE} WHERE search_vector @@ {tsquery}"
    else:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params = [fts5_match([slot], "AND")]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _by_coverage(scores: dict[int, float], slots: list[list[str]]) -> dict[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DOCUMENT_TABLE}")
        total = cursor.fetchone()[0]
    matched = [_slot_matches(slot) for slot in slots]
    idf = [math.log(1 + (total - len(m) + 0.5) / (len(m) + 0.5)) for m in matched]
    whole = sum(idf) or 1.0
    return {
        i: score * (sum(w for w, m in zip(idf, matched, strict=True) if i in m) / whole) ** 2
        for i, score in scores.items()
    }


def _exact(phrases: list[str], text: str) -> bool:
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases)


def with_exact_words(scores: dict[int, float], slots: list[list[str]]) -> dict[int, float]:
    """``scores`` with the best ``EXACT_RESCORE`` raised for using the words as typed."""
    from ..models import SearchDocument

    if not slots:
        return scores
    best = sorted(scores, key=lambda i: -scores[i])[:EXACT_RESCORE]
    documents = SearchDocument.objects.filter(pk__in=best).values_list(
        "service_id", "name", "categories", "summary", "description"
    )
    rescored = dict(scores)
    for service_id, name, categories, summary, description in documents:
        about = f"{name} | {categories} | {summary}".lower()
        description = (description or "").lower()
        bonus = 0.0
        for typed, *synonyms in slots:
            for phrases, share in (([typed], 1.0), (synonyms, 0.5)):
                if _exact(phrases, about):
                    bonus += EXACT_BONUS["about"] * share
                elif _exact(phrases, description):
                    bonus += EXACT_BONUS["description"] * share
                else:
                    continue
                break
        rescored[service_id] = scores[service_id] * (1 + bonus / len(slots))
    return rescored
