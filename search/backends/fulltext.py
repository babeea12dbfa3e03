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
  in one pass over the documents first). The words are matched and ranked on the entry's
  copy of the document's vector (migration 0006), so no join is needed.

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
from dataclasses import dataclass

from django.db import connection

from ..corpus import document_counts

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


def matching_sql(slots: list[list[str]], match_all: bool) -> tuple[str, list]:
    """SQLite: SQL for the ids of the documents ``scores_sql`` scores (unscored, and so
    several times cheaper): any column may hold a word, as any of the column scores counts."""
    return (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [fts5_match(slots, "AND" if match_all else "OR")],
    )


def _sqlite_scores(slots: list[list[str]], match_all: bool, among: str) -> tuple[str, list]:
    """SQL for (id, score) of every matching document (of those ``among`` selects, if any:
    bm25 is computed row by row, after the WHERE clause, and is most of the statement's time;
    its word rarities are counted over every document all the same, so scores do not
    change). Each column matches any word (its score counts every word it holds); with
    every word required, only the documents holding them all are scored ("autism support":
    the 540 documents with both words, not the 6,000 descriptions saying "support")."""
    per_column, params = [], []
    # "+rowid": a plain rowid IN would run the MATCH again for each id, one at a time.
    only, only_params = (f" AND +rowid IN ({among})", []) if among else ("", [])
    if match_all and len(slots) > 1 and not among:
        only = f" AND +rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        only_params = [fts5_match(slots, "AND")]
    for column, weight in FIELD_WEIGHTS.items():
        per_column.append(
            f"SELECT rowid AS id, -bm25({FTS_TABLE}) * {weight} AS s "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{only}"
        )
        params += [fts5_match(slots, "OR", column), *only_params]
    sql = f"SELECT id, SUM(s) AS score FROM ({' UNION ALL '.join(per_column)}) scored"
    return sql + " GROUP BY id", params


def _pg_idf(queries: list[tuple[str, list[str]]]) -> list[float]:
    """BM25's inverse document frequency of each word (slot), counted in one pass over the
    documents: a common word's count reads most of the table anyway, and one scan testing
    every slot costs less than a scan (or bitmap) per slot and one more for the total
    ("autism support", 100,000 services: 70 -> 29 ms of backend CPU); kept between searches
    until the index changes (``search/corpus.py``)."""

    def count(positions: list[int]) -> tuple[int, list[int]]:
        wanted = [queries[i] for i in positions]
        counts = "".join(f", COUNT(*) FILTER (WHERE search_vector @@ {q})" for q, _ in wanted)
        return _counted(
            f"SELECT COUNT(*){counts} FROM {DOCUMENT_TABLE}", [p for _, ps in wanted for p in ps]
        )

    return _idf_of([repr(ps) for _, ps in queries], count)


def _sqlite_idf(slots: list[list[str]]) -> list[float]:
    """The same inverse document frequencies on SQLite (FTS5 counts the matches)."""
    matches = [fts5_match([slot], "AND") for slot in slots]

    def count(positions: list[int]) -> tuple[int, list[int]]:
        counts = "".join(
            f", (SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)" for _ in positions
        )
        return _counted(
            f"SELECT (SELECT count(*) FROM {DOCUMENT_TABLE}){counts}",
            [matches[i] for i in positions],
        )

    return _idf_of(matches, count)


def _counted(sql: str, params: list) -> tuple[int, list[int]]:
    """The one row of a statement counting the documents and then each slot's matches."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, *found = cursor.fetchone()
    return total, found


def _idf_of(slots: list[str], count) -> list[float]:
    total, found = document_counts(slots, count)
    return [_idf(total, n) for n in found]


def _idf(total: int, n: int) -> float:
    return math.log(1 + (total - n + 0.5) / (n + 0.5))


def _coverage(matched: list[tuple[str, list]], idf: list[float]) -> tuple[str, list]:
    """SQL for the share of the query's rarity a document covers, squared: the idf of the
    slots it matches (``matched``: each slot's SQL condition and parameters) over them all."""
    terms, params = [], []
    for (condition, extra), weight in zip(matched, idf, strict=True):
        terms.append(f"(CASE WHEN {condition} THEN %s ELSE 0 END)")
        params += [*extra, weight]
    return f"POWER(({' + '.join(terms)}) / %s, 2)", [*params, sum(idf) or 1.0]


@dataclass
class PgScore:
    """PostgreSQL: the words' score of an entry row (alias ``e``, its copy of the document's
    vector): ``score`` (a SELECT expression), ``source`` (a FROM item ``t`` holding the
    queries) and ``matches`` (WHERE conditions, each read by a scan of its own: every match
    passes exactly one), each with its parameters."""

    score: str
    score_params: list
    source: str
    source_params: list
    matches: tuple[str, ...]


def _ored(function: str, terms: list[str]) -> tuple[str, list[str]]:
    return "(" + " || ".join(f"{function}('english', %s)" for _ in terms) + ")", list(terms)


def _one_word(term: str) -> bool:
    """Whether ``phraseto_tsquery`` makes the term a lexeme (or nothing), never a phrase."""
    return term.isalnum()


def _covered(phrase: str, words: list[str]) -> tuple[str, list[str]]:
    """SQL: whether every document with the phrase has one of the words, so the phrase adds
    no match: the phrase holds a word that is one lexeme ("parent support", "parenting")."""
    if not words:
        return "FALSE", []
    tests = " OR ".join(
        "(numnode(phraseto_tsquery('english', %s)) = 1 AND "
        "plainto_tsquery('english', %s) @> phraseto_tsquery('english', %s))"
        for _ in words
    )
    return f"({tests})", [p for word in words for p in (word, phrase, word)]


def pg_score(slots: list[list[str]], match_all: bool) -> PgScore:
    """The score of each entry matching all the words (or any, if not ``match_all``)."""
    queries = [_slot_tsquery(slot) for slot in slots]
    idf = _pg_idf(queries) if len(queries) > 1 else [1.0]
    names = [f"q{i}" for i in range(len(queries))]
    score = " + ".join(
        f"{weight!r} * ts_rank(e.search_vector, t.{name})"
        for weight, name in zip(idf, names, strict=True)
    )
    score_params: list = []
    if not match_all and len(slots) > 1:
        factor, score_params = _coverage([(f"e.search_vector @@ t.{n}", []) for n in names], idf)
        score = f"CAST({score} AS double precision) * {factor}"
    joined = f" {'&&' if match_all else '||'} ".join(f"t.{name}" for name in names)
    if all(_one_word(term) for slot in slots for term in slot):
        select = ", ".join(f"{q} AS {name}" for (q, _), name in zip(queries, names, strict=True))
        source, source_params = f"(SELECT {select}) t", [p for _, ps in queries for p in ps]
        matches: tuple[str, ...] = (f"e.search_vector @@ ({joined})",)
    else:
        source, source_params, matches = _phrase_free(slots, queries, joined, match_all)
    return PgScore(score, score_params, source, source_params, matches)


def _phrase_free(
    slots: list[list[str]], queries: list[tuple[str, list[str]]], joined: str, match_all: bool
) -> tuple[str, list, tuple[str, ...]]:
    """The source ``t`` and the match conditions of words with phrases among their synonyms.

    A phrase ("day care") needs the positions of its words, which the GIN index does not
    keep: every match sharing a table page with a phrase candidate was tested again on its
    vector, which for "nursery" (23,500 matches, most of them so tested) was ~10 of the
    match's 25 ms of backend CPU. So the matches are read in two disjoint scans the index
    answers exactly: ``t.sf``, the words with their one-word synonyms only (``NULL``, none,
    when all words must match and one has only phrases; the guard keeps a slot whose
    one-word synonyms are all stop words from dropping out of the AND), and the rows a
    phrase may add (``t.adds``: unless each phrase holds a one-word synonym): the phrases'
    words in any order (``plainto_tsquery``, a superset), with every word's alternatives
    so relaxed, and not ``t.sf``; only these few rows are tested against the query as
    typed (``ts_match_vq``, written as a function so it is not an index condition).
    """
    columns, params, firsts, relaxed_slots, phrases, guards = [], [], [], [], [], []
    adding, adding_params = [], []
    for i, (slot, (query, query_params)) in enumerate(zip(slots, queries, strict=True)):
        columns.append(f"{query} AS q{i}")
        params += query_params
        words = [term for term in slot if _one_word(term)]
        others = [term for term in slot if not _one_word(term)]
        parts = []
        if words:
            sql, extra = _ored("phraseto_tsquery", words)
            columns.append(f"{sql} AS s{i}")
            params += extra
            guards.append(f"(numnode(u.s{i}) = 0 AND numnode(u.q{i}) > 0)")
            firsts.append(f"u.s{i}")
            parts.append(f"u.s{i}")
        if others:
            sql, extra = _ored("plainto_tsquery", others)
            columns.append(f"{sql} AS r{i}")
            params += extra
            phrases.append(f"u.r{i}")
            parts.append(f"u.r{i}")
            for phrase in others:
                sql, extra = _covered(phrase, words)
                adding.append(f"NOT {sql}")
                adding_params += extra
        relaxed_slots.append("(" + " || ".join(parts) + ")")
    if match_all:
        first = " && ".join(firsts) if len(firsts) == len(slots) else "NULL"
        if first != "NULL":
            first = f"CASE WHEN {' OR '.join(guards)} THEN NULL ELSE {first} END"
        relaxed = f"({' && '.join(relaxed_slots)}) && ({' || '.join(phrases)})"
    else:
        first = " || ".join(firsts) or "NULL"
        relaxed = " || ".join(phrases)
    outer = ", ".join(f"u.q{i}" for i in range(len(slots)))
    source = (
        f"(SELECT {outer}, CAST({first} AS tsquery) AS sf, ({relaxed}) AS rf, "
        f"({' OR '.join(adding)}) AS adds FROM (SELECT {', '.join(columns)}) u) t"
    )
    matches = (
        "e.search_vector @@ t.sf",
        "t.adds AND e.search_vector @@ (CASE WHEN t.sf IS NULL THEN t.rf ELSE t.rf && !! t.sf END) "
        f"AND ts_match_vq(e.search_vector, {joined})",
    )
    return source, [*adding_params, *params], matches  # in the order the SQL reads them


def scores_sql(slots: list[list[str]], match_all: bool, among: str = "") -> tuple[str, list]:
    """SQLite: SQL for ``(id, score)`` of every document matching all the words (or any, if
    not ``match_all``); each slot is one word or phrase with its synonyms. With any word, the
    score is already weighed by the share of the query's rarity it covers. ``among``: SQL
    without parameters selecting the only ids the caller keeps, the only ones scored.
    (PostgreSQL: ``pg_score``.)"""
    sql, params = _sqlite_scores(slots, match_all, among)
    if match_all or len(slots) < 2:
        return sql, params
    in_slot = f"s.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    matched = [(in_slot, [fts5_match([slot], "AND")]) for slot in slots]
    factor, extra = _coverage(matched, _sqlite_idf(slots))
    return f"SELECT s.id AS id, s.score * {factor} AS score FROM ({sql}) s", [*extra, *params]


def _whole_words(phrases: list[str]) -> re.Pattern | None:
    """One pattern finding any of the phrases as whole words (None: no phrases)."""
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _exact(pattern: re.Pattern | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def with_exact_words(best: dict[int, float], slots: list[list[str]]) -> dict[int, float]:
    """The scores of ``best`` (the best ``EXACT_RESCORE`` matches), each raised for using the
    words as typed."""
    from ..models import SearchDocument

    documents = SearchDocument.objects.filter(pk__in=list(best)).values_list(
        "service_id", "name", "categories", "summary", "description"
    )
    rescored = dict(best)
    # Compiled once per search, not once per document (nursery's six synonyms on a hundred
    # documents were ~1,200 pattern look-ups: 9 ms).
    patterns = [(_whole_words([typed]), _whole_words(synonyms)) for typed, *synonyms in slots]
    for service_id, name, categories, summary, description in documents:
        about = f"{name} | {categories} | {summary}".lower()
        description = (description or "").lower()
        bonus = 0.0
        for typed, synonyms in patterns:
            for pattern, share in ((typed, 1.0), (synonyms, 0.5)):
                if _exact(pattern, about):
                    bonus += EXACT_BONUS["about"] * share
                elif _exact(pattern, description):
                    bonus += EXACT_BONUS["description"] * share
                else:
                    continue
                break
        rescored[service_id] = best[service_id] * (1 + bonus / len(slots))
    return rescored
