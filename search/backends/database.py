"""Database search backend (the default): our own full text on SQLite FTS5 or PostgreSQL.

Why our own index rather than Wagtail's database search backend: a search here must combine
weighted full text with filters across related rows (categories, schedules, locations),
facet counts over the same result set, distance in SQL and synonym/typo handling, in a few
queries. Wagtail's backend only filters on ``FilterField``s of the model itself, cannot
weight per field on SQLite, and has no distance or facets over related rows. So the text
lives in ``SearchDocument`` (name > categories > summary > description), indexed by FTS5
(bm25 with column weights 10/5/2/1) or a weighted tsvector (ts_rank, weights A/B/C/D); see
``search/migrations/0002_full_text_index.py``. Every query starts from
``Service.objects.public()``, so a hidden service can never be returned.
"""

from __future__ import annotations

import difflib
import itertools
import json

from django.db import connection
from django.db.models import BooleanField, F, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from directory.models import (
    ChildcareAgeGroup,
    LocalAuthority,
    Schedule,
    Service,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.models.childcare import entitlements_for_age

from ..geo import bounding_box, distance_expression
from ..models import SearchPoint, SearchTerm
from ..prepare import PreparedQuery
from ..query import Hit, SearchResults, ServiceQuery
from ..ranking import blended
from .fulltext import match_scores, with_exact_words

NAME = "database"
FACET_FLAGS = {
    "free": "is_free",
    "send": "send_local_offer",
    "self_referral": "self_referral",
    "professional_referral": "professional_referral",
}
DELIVERY_MODES = tuple(Service.DELIVERY_MODES)
WEEKEND = (5, 6)  # Saturday, Sunday
SQL_ORDER = {"name": ("name", "id"), "updated": ("-updated_at", "name", "id")}
CategoryLink = Service.categories.through


# --- full text, per database vendor ---------------------------------------------------------


def text_scores(slots: list[list[str]], match_all: bool, candidates: QuerySet) -> dict[int, float]:
    """{service id: score} for every candidate whose document matches: the full-text query
    of a search (the id list it gives is reused for facets and ordering).

    Two steps: the index finds and scores the matching documents, then the candidates'
    filters are checked for just those ids by primary key, which is much cheaper than
    listing every candidate (a scan of the wide service table) for the index to probe.
    """
    scores = match_scores(slots, match_all)
    if not scores:
        return {}
    allowed = candidates.filter(has_id_in(scores)).order_by().values_list("id", flat=True)
    return with_exact_words({service_id: scores[service_id] for service_id in allowed}, slots)


def id_list(ids) -> RawSQL:
    """A subquery over a list of ids passed as ONE parameter (no limit on how many)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


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


# --- filters, facets, distance ----------------------------------------------------------


def filtered_services(query: ServiceQuery) -> QuerySet:
    """Public services matching every filter except the words and the place."""
    qs = Service.objects.public()
    if query.local_authority_id:
        qs = qs.filter(local_authority_id=query.local_authority_id)
    terms = Q()
    if query.categories:
        terms |= Q(taxonomyterm__slug__in=query.categories)
        terms |= Q(taxonomyterm__parent__slug__in=query.categories)
    if query.taxonomy_term_ids:
        terms |= Q(taxonomyterm__uuid__in=query.taxonomy_term_ids)
        terms |= Q(taxonomyterm__parent__uuid__in=query.taxonomy_term_ids)
    if query.taxonomy_ids:
        terms |= Q(taxonomyterm__taxonomy__uuid__in=query.taxonomy_ids)
    if terms:
        qs = qs.filter(id__in=CategoryLink.objects.filter(terms).values("service_id"))
    if query.age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age),
        )
    if query.minimum_age:  # 0 asks for nothing: every range starts at 0 or later
        qs = qs.filter(minimum_age__gte=query.minimum_age)
    if query.maximum_age is not None:
        qs = qs.filter(maximum_age__lte=query.maximum_age)
    if query.modified_after is not None:
        qs = qs.filter(updated_at__gte=query.modified_after)
    if query.free_only:
        qs = qs.filter(is_free=True)
    if query.send:
        qs = qs.filter(send_local_offer=True)
    qs = _childcare_filters(qs, query)
    if query.opening_filtered:
        qs = qs.exclude(status=ServiceStatus.TEMPORARILY_CLOSED)
        for schedules in _open_schedules(query):
            qs = qs.filter(id__in=schedules.values("service_id"))
    for mode in query.delivery_modes:
        if mode in DELIVERY_MODES:
            qs = qs.filter(**{mode: True})
    if query.self_referral:
        qs = qs.filter(self_referral=True)
    if query.professional_referral:
        qs = qs.filter(professional_referral=True)
    if query.level_of_need:
        qs = qs.filter(tier__in=query.level_of_need)
    return qs


def _childcare_filters(qs: QuerySet, query: ServiceQuery) -> QuerySet:
    """Funded places for the child's age, vacancies (for that age), Ofsted provision type."""
    if query.funded:
        funded = Q()
        for field in entitlements_for_age(query.age):
            funded |= Q(**{field: True})
        qs = qs.filter(funded) if funded else qs.none()
    if query.has_vacancies:
        groups = ChildcareAgeGroup.objects.filter(vacancies__gt=0)
        if query.age is not None:
            groups = groups.filter(age_from__lte=query.age, age_to__gte=query.age)
        qs = qs.filter(id__in=groups.values("service_id"))
    if query.provision_types:
        qs = qs.filter(ofsted_provision_type__in=query.provision_types)
    return qs


def _open_schedules(query: ServiceQuery) -> list[QuerySet]:
    """One schedule query per opening condition; a service must have a row for each."""
    found = []
    if query.day is not None or query.start_time or query.end_time:
        found.append(_open_in_window(query))
    if query.open_now and query.now is not None:
        moment = query.now.time().replace(tzinfo=None)
        found.append(
            Schedule.objects.filter(
                weekday=query.now.weekday(), opens_at__lte=moment, closes_at__gt=moment
            )
        )
    if query.open_weekends:
        found.append(Schedule.objects.filter(weekday__in=WEEKEND))
    if query.open_after:
        found.append(Schedule.objects.filter(closes_at__gt=query.open_after))
    return found


def _open_in_window(query: ServiceQuery) -> QuerySet:
    schedules = Schedule.objects.all()
    if query.day is not None:
        schedules = schedules.filter(weekday=query.day)
    if query.start_time and query.end_time:
        schedules = schedules.filter(opens_at__lt=query.end_time, closes_at__gt=query.start_time)
    elif query.start_time:
        schedules = schedules.filter(opens_at__lte=query.start_time, closes_at__gt=query.start_time)
    elif query.end_time:
        schedules = schedules.filter(opens_at__lt=query.end_time)
    return schedules


def _in_ids(column: str, ids) -> tuple[str, list]:
    """SQL that ``column`` is one of ``ids``, the list passed as ONE parameter: ``= ANY``
    on PostgreSQL (a hash or index probe; ``IN (SELECT unnest(...))`` nests a loop per id)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [list(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def has_id_in(ids) -> RawSQL:
    """A ``Service`` filter: the service is one of ``ids``."""
    sql, params = _in_ids(f'"{Service._meta.db_table}"."id"', ids)
    return RawSQL(sql, params, output_field=BooleanField())


def _grouped(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def facet_counts(ids: list[int]) -> dict[str, dict[str, int]]:
    """For each filter, how many services of the result set (``ids``) have each value.

    Three grouped queries, each reading the id list by primary key or by the
    ``service_id`` index: one over the service's own columns (flags, modes, tier, LA), one
    over categories (counted under their top-level term) and one over opening days, where
    each service counts once per value.
    """
    if not ids:
        return {}
    flags = list(FACET_FLAGS.items())
    facets: dict[str, dict[str, int]] = {
        "tier": {},
        "local_authority": {},
        **{flag: {"true": 0} for flag in FACET_FLAGS},
        "delivery_mode": {},
    }
    columns = ", ".join(f"s.{c}" for c in ["tier", *FACET_FLAGS.values(), *DELIVERY_MODES])
    where, params = _in_ids("s.id", ids)
    rows = _grouped(
        f"SELECT la.code, {columns}, COUNT(*) FROM {Service._meta.db_table} s "
        f"JOIN {LocalAuthority._meta.db_table} la ON la.id = s.local_authority_id "
        f"WHERE {where} GROUP BY la.code, {columns}",
        params,
    )
    for code, tier, *values, n in rows:
        facets["local_authority"][code] = facets["local_authority"].get(code, 0) + n
        if tier:
            facets["tier"][tier] = facets["tier"].get(tier, 0) + n
        for (flag, _column), on in zip(flags, values[: len(flags)], strict=True):
            facets[flag]["true"] += n if on else 0
        for mode, on in zip(DELIVERY_MODES, values[len(flags) :], strict=True):
            if on:
                facets["delivery_mode"][mode] = facets["delivery_mode"].get(mode, 0) + n
    where, params = _in_ids("c.service_id", ids)
    term_table = TaxonomyTerm._meta.db_table
    facets["category"] = dict(
        _grouped(
            _count_services_per_value(
                "COALESCE(p.slug, t.slug)",
                "c.service_id",
                f"{CategoryLink._meta.db_table} c "
                f"JOIN {term_table} t ON t.id = c.taxonomyterm_id "
                f"LEFT JOIN {term_table} p ON p.id = t.parent_id WHERE {where}",
            ),
            params,
        )
    )
    where, params = _in_ids("service_id", ids)
    facets["day"] = {
        str(weekday): n
        for weekday, n in _grouped(
            _count_services_per_value(
                "weekday", "service_id", f"{Schedule._meta.db_table} WHERE {where}"
            ),
            params,
        )
    }
    return facets


def _count_services_per_value(value: str, service: str, source: str) -> str:
    """SQL for (value, number of distinct services) over ``source`` (FROM ... WHERE ...).

    PostgreSQL: DISTINCT (value, service) pairs are hashed, then counted; its
    COUNT(DISTINCT ...) sorts, on disk past work_mem (~125,000 schedule rows at 100,000
    services). SQLite: COUNT(DISTINCT ...) is the faster of the two there.
    """
    if connection.vendor == "postgresql":
        return (
            f"SELECT v, COUNT(*) FROM (SELECT DISTINCT {value} AS v, {service} "
            f"FROM {source}) x GROUP BY v"
        )
    return f"SELECT {value}, COUNT(DISTINCT {service}) FROM {source} GROUP BY 1"


def within_radius(qs: QuerySet, point: tuple[float, float], metres: float) -> QuerySet:
    nearby = (
        SearchPoint.objects.filter(**bounding_box(*point, metres))
        .annotate(distance=distance_expression(*point))
        .filter(distance__lte=metres)
        .values("service_id")
    )
    return qs.filter(id__in=nearby)


def distances(service_ids: list[int], point: tuple[float, float]) -> dict[int, float]:
    """Metres from the point to each service's nearest location (none: not in the dict)."""
    if not service_ids:
        return {}
    sql, params = _in_ids(f'"{SearchPoint._meta.db_table}"."service_id"', service_ids)
    rows = (
        SearchPoint.objects.filter(RawSQL(sql, params, output_field=BooleanField()))
        .values("service_id")
        .annotate(distance=Min(distance_expression(*point)))
    )
    return {row["service_id"]: row["distance"] for row in rows}


# --- the search -------------------------------------------------------------------------


def _candidates(prepared: PreparedQuery, match_all: bool) -> tuple[QuerySet, dict[int, float]]:
    """The services passing every filter and matching the words, with their text scores
    (0 for every service when there are no words): the one query that finds the result set."""
    query = prepared.query
    qs = filtered_services(query)
    radius = query.radius_in_metres
    if query.point and radius is not None:
        qs = within_radius(qs, query.point, radius)
    if not prepared.slots:
        # The filters run once, already in page order when that is by name or date; facets
        # and the page then read this id list, not the filters.
        order = SQL_ORDER.get(prepared.sort, ())
        ids = list(qs.order_by(*order).values_list("id", flat=True))
        return Service.objects.filter(id__in=id_list(ids)), dict.fromkeys(ids, 0.0)
    scores = text_scores(prepared.slots, match_all, qs)
    return Service.objects.filter(id__in=id_list(scores)), scores


def _page(prepared: PreparedQuery, qs: QuerySet, scores: dict[int, float]) -> list[Hit]:
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
        lat, lon = query.point
        ordered = qs.annotate(
            distance=Min(distance_expression(lat, lon, prefix="search_points__"))
        ).order_by(F("distance").asc(nulls_last=True), "name", "id")
        page = ordered.values_list("id", "distance")[query.offset : end]
        hits = [Hit(service_id=i, distance_metres=d) for i, d in page]
    else:
        if prepared.slots:
            page = qs.order_by(*SQL_ORDER[sort]).values_list("id", flat=True)[query.offset : end]
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
    qs, scores = _candidates(prepared, match_all)
    total, facets = len(scores), facet_counts(list(scores))
    spelling = [correct_word(t) for t in prepared.terms] if match_all and not total else []
    return SearchResults(
        hits=_page(prepared, qs, scores) if total else [],
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
