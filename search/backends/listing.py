"""Every match of a search as SQL, for a caller to join, count and page.

The result set can go to the caller as common table expressions (``search.search_all_sql``)
rather than as a list of ids through Python: the ORUK API joins it to the links, counts it
and cuts one page, in the database. Each row carries its entry's ``places`` (with words,
their sum comes with the SQL), so the links are counted as a sum over the matches
("nursery", 23,500 of 100,000 services: a join of every public service to every link cost
~56 ms of backend CPU). ``m`` is not materialised here (the statement's own ``WITH``, so
the planner folds it in), so a page by name walks the entries' name index and a count reads
their rows alone, neither copying and sorting the whole set first.

Without words the search's order is SQL's own (name, last change, or distance). With words
(best match, no place) it is the text score, but the best ``EXACT_RESCORE`` matches are
rescored in Python for the words as typed (``fulltext.with_exact_words``), so the matches'
ids and scores are read once, best first, the best ones rescored and put in their new order,
and the whole order handed over as SQL over one list of ids (``m`` is each id with its
position; their ``places`` are summed here, as every row is read anyway). Rescoring only
raises a score, so the best stay ahead of every other match (``database.run`` reasons the
same way). Scoring the words again in each of the caller's statements would cost more than
the list: at 100,000 services "nursery" matches 23,000. A caller listing only the first
places (the ORUK API's first pages of links) gets only the best matches that hold them
(``first``): the database then keeps the best rows as it sorts and counts the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter

from django.db import connection
from django.utils import timezone

from .. import corpus
from ..id_order import positions
from ..prepare import PreparedQuery
from ..query import MatchesSQL
from . import entries, resultset
from .database import sql_order
from .fulltext import EXACT_RESCORE, with_exact_words


def matches_sql(
    prepared: PreparedQuery, at_least: int = 0, first: int | None = None
) -> MatchesSQL | None:
    """``prepared`` as SQL: every match, in the search's order. None with words when fewer
    than ``at_least`` services match all of them (the search's rules would widen it) or
    when a place blends into best match (ranked in Python): ``search_all`` answers those.
    ``first``: with words, the caller lists only the first ``first`` places of the matches'
    services (``SearchEntry.places``) from the start, so only the best matches that hold
    them need be read and handed over (``MatchesSQL.complete`` says when that is fewer
    than all)."""
    point = prepared.query.point
    today = timezone.localdate()
    # Every page of one search has the same matches: what is counted of them may be kept.
    key = entries.results_key(prepared, paged=False)
    if not prepared.terms:
        found = resultset.result_set(
            prepared, True, today, measure_all=bool(point), materialized=False, places=True
        )
        return MatchesSQL(
            ctes=", ".join(found.ctes),
            params=found.params,
            order=sql_order(prepared.sort, "r"),
            key=key,
        )
    if prepared.sort != "relevance" or point:
        return None
    ranking = None
    if first is not None:
        ranking = corpus.remembered(
            key and f"ranking {first} {key}", lambda: _ranked(prepared, today, first)
        )
        if not ranking.complete and ranking.covered < first:
            ranking = None  # the best matches hold too few places: every match, then
    if ranking is None:
        ranking = corpus.remembered(key and f"ranking {key}", lambda: _ranked(prepared, today))
    if ranking.matches < at_least:
        return None
    source, params = positions(ranking.ids, "p")
    return MatchesSQL(
        ctes=f"m AS (SELECT p.id, p.rank FROM {source})",
        params=params,
        order=("r.rank",),
        places=ranking.places,
        key=key,
        complete=ranking.complete,
    )


@dataclass(frozen=True)
class Ranking:
    """Matches' ids in best match order: every match's, or (``complete`` False) the best
    ones'. ``matches``: how many match in all; ``places``: their places in all;
    ``covered``: the places of the ids listed."""

    ids: list[int]
    matches: int
    places: int
    covered: int
    complete: bool


def _ranked(prepared: PreparedQuery, today: dt.date, first: int | None = None) -> Ranking:
    """The matches in best match order (the best rescored for the words as typed): every
    match, or the best ``EXACT_RESCORE + first``. Those are enough for the first ``first``
    places whenever they hold that many: each of them outranks every match not read, as
    rescoring only raises the best."""
    found = resultset.result_set(
        prepared, True, today, measure_all=False, materialized=False, places=True
    )
    if first is None:
        scored = _scored(found)
        matches, places = len(scored), None  # every match read: their places are covered
    else:
        scored, matches, places = _best(found, EXACT_RESCORE + first)
    top, rest = scored[:EXACT_RESCORE], scored[EXACT_RESCORE:]
    rescored = with_exact_words({i: score for i, score, _ in top}, prepared.slots)
    best = sorted(rescored, key=lambda i: (-rescored[i], i))
    ids = [*best, *map(itemgetter(0), rest)]  # the rest: ~23,000 for "nursery", unless cut
    covered = int(sum(map(itemgetter(2), scored)))
    places = covered if places is None else int(places)
    return Ranking(ids, matches, places, covered, len(ids) == matches)


def _scored(found: resultset.ResultSet) -> list[tuple[int, float, int]]:
    """Every match's id, text score and places, best first (ties by id)."""
    sql = (
        f"WITH {', '.join(found.ctes)} SELECT m.id, m.score, m.places FROM m "
        "ORDER BY m.score DESC, m.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, found.params)
        return cursor.fetchall()


def _best(found: resultset.ResultSet, limit: int) -> tuple[list[tuple[int, float, int]], int, int]:
    """The best ``limit`` matches (as ``_scored``), how many match and their places in all,
    in one statement: the database keeps only the best rows as it sorts ("nursery" at
    100,000 services: 116 -> 71 ms on the machine that measured it, as nothing copies,
    sorts and sends the other 23,000)."""
    sql = (
        f"WITH {', '.join(found.ctes)} SELECT m.id, m.score, m.places, COUNT(*) OVER (), "
        "SUM(m.places) OVER () FROM m ORDER BY m.score DESC, m.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*found.params, limit])
        rows = cursor.fetchall()
    if not rows:
        return [], 0, 0
    return [row[:3] for row in rows], rows[0][3], rows[0][4]
