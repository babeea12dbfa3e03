"""The database backend's filters and facet counts, in SQL over ``SearchEntry`` (alias ``e``).

Every filter of a ``ServiceQuery`` but the words becomes a condition on the entry's own
columns (opening days and funded entitlements as bit masks, categories as a term list with a
GIN index on PostgreSQL and JSON on SQLite); only the rarer opening-time and vacancy filters
read their tables, as a subquery. Facet counts are two grouped statements over the entries
of the result set, however many schedules or category links the services have.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from directory.models import (
    ChildcareAgeGroup,
    LocalAuthority,
    Schedule,
    Service,
    TaxonomyTerm,
)
from directory.models.childcare import ENTITLEMENTS, entitlements_for_age

from ..geo import bounding_box, distance_expression
from ..models import SearchEntry, SearchPoint
from ..query import ServiceQuery

ENTRY_TABLE = SearchEntry._meta.db_table
FACET_FLAGS = {
    "free": "is_free",
    "send": "send_local_offer",
    "self_referral": "self_referral",
    "professional_referral": "professional_referral",
}
DELIVERY_MODES = tuple(Service.DELIVERY_MODES)
WEEKEND_MASK = (1 << 5) | (1 << 6)  # Saturday, Sunday
CategoryLink = Service.categories.through


@dataclass
class Conditions:
    """SQL conditions joined with AND, and their parameters in order."""

    sql: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, sql: str, *params) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def add_subquery(self, column: str, qs: QuerySet) -> None:
        sql, params = qs.query.sql_with_params()
        self.add(f"{column} IN ({sql})", *params)

    @property
    def where(self) -> str:
        return " AND ".join(self.sql) or "1 = 1"


def postgresql() -> bool:
    return connection.vendor == "postgresql"


def in_ids(column: str, ids) -> tuple[str, list]:
    """SQL that ``column`` is one of ``ids``, the list passed as ONE parameter: ``= ANY``
    on PostgreSQL (a hash or index probe; ``IN (SELECT unnest(...))`` nests a loop per id)."""
    if postgresql():
        return f"{column} = ANY(%s::bigint[])", [list(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def _overlaps(column: str, ids: list[int]) -> tuple[str, list]:
    if postgresql():
        return f"{column} && %s::integer[]", [ids]
    return (
        f"EXISTS (SELECT 1 FROM json_each({column}) j "
        "WHERE j.value IN (SELECT value FROM json_each(%s)))",
        [json.dumps(ids)],
    )


def conditions(query: ServiceQuery, today: dt.date) -> Conditions:
    """Public services matching every filter except the words (``Service.objects.public()``:
    ``listed`` plus its hide date)."""
    where = Conditions()
    where.add("e.listed")
    where.add("(e.hide_after IS NULL OR e.hide_after >= %s)", today)
    if query.local_authority_id:
        where.add("e.local_authority_id = %s", query.local_authority_id)
    _category_conditions(where, query)
    if query.age is not None:
        where.add("(e.minimum_age IS NULL OR e.minimum_age <= %s)", query.age)
        where.add("(e.maximum_age IS NULL OR e.maximum_age >= %s)", query.age)
    if query.minimum_age:  # 0 asks for nothing: every range starts at 0 or later
        where.add("e.minimum_age >= %s", query.minimum_age)
    if query.maximum_age is not None:
        where.add("e.maximum_age <= %s", query.maximum_age)
    if query.modified_after is not None:  # read from the record itself: sync must be exact
        changed = Service.objects.filter(updated_at__gte=query.modified_after).values("pk")
        where.add_subquery("e.service_id", changed)
    if query.free_only:
        where.add("e.is_free")
    if query.send:
        where.add("e.send_local_offer")
    _childcare_conditions(where, query)
    if query.opening_filtered:
        where.add("NOT e.temporarily_closed")
        _opening_conditions(where, query)
    for mode in query.delivery_modes:
        if mode in DELIVERY_MODES:
            where.add(f"e.{mode}")
    if query.self_referral:
        where.add("e.self_referral")
    if query.professional_referral:
        where.add("e.professional_referral")
    if query.level_of_need:
        marks = ", ".join(["%s"] * len(query.level_of_need))
        where.add(f"e.tier IN ({marks})", *query.level_of_need)
    radius = query.radius_in_metres
    if query.point and radius is not None:
        nearby = (
            SearchPoint.objects.filter(**bounding_box(*query.point, radius))
            .annotate(distance=distance_expression(*query.point))
            .filter(distance__lte=radius)
            .values("service_id")
        )
        where.add_subquery("e.service_id", nearby)
    return where


def _category_conditions(where: Conditions, query: ServiceQuery) -> None:
    """A category slug or term id matches the term and its children (``terms`` holds each
    term with its parent); a taxonomy matches the terms linked from it."""
    if not (query.categories or query.taxonomy_term_ids or query.taxonomy_ids):
        return
    alternatives, params = [], []
    wanted = TaxonomyTerm.objects.none()
    if query.categories:
        wanted |= TaxonomyTerm.objects.filter(slug__in=query.categories)
    if query.taxonomy_term_ids:
        wanted |= TaxonomyTerm.objects.filter(uuid__in=query.taxonomy_term_ids)
    term_ids = sorted(wanted.values_list("pk", flat=True))
    if term_ids:
        sql, extra = _overlaps("e.terms", term_ids)
        alternatives.append(sql)
        params += extra
    if query.taxonomy_ids:
        links = CategoryLink.objects.filter(
            taxonomyterm__taxonomy__uuid__in=query.taxonomy_ids
        ).values("service_id")
        sql, extra = links.query.sql_with_params()
        alternatives.append(f"e.service_id IN ({sql})")
        params += list(extra)
    where.add("(" + " OR ".join(alternatives or ["1 = 0"]) + ")", *params)


def _childcare_conditions(where: Conditions, query: ServiceQuery) -> None:
    """Funded places for the child's age, vacancies (for that age), Ofsted provision type."""
    if query.funded:
        fields = set(entitlements_for_age(query.age))
        mask = sum(1 << i for i, name in enumerate(ENTITLEMENTS) if name in fields)
        where.add("(e.funded & %s) <> 0", mask)
    if query.has_vacancies:
        groups = ChildcareAgeGroup.objects.filter(vacancies__gt=0)
        if query.age is not None:
            groups = groups.filter(age_from__lte=query.age, age_to__gte=query.age)
        where.add_subquery("e.service_id", groups.values("service_id"))
    if query.provision_types:
        marks = ", ".join(["%s"] * len(query.provision_types))
        where.add(f"e.provision_type IN ({marks})", *query.provision_types)


def _opening_conditions(where: Conditions, query: ServiceQuery) -> None:
    """Open on a day (or at the weekend): the entry's day mask; opening times: schedules."""
    if query.day is not None and not (query.start_time or query.end_time):
        where.add("(e.weekdays & %s) <> 0", 1 << query.day)
    elif query.day is not None or query.start_time or query.end_time:
        where.add_subquery("e.service_id", _open_in_window(query).values("service_id"))
    if query.open_now and query.now is not None:
        moment = query.now.time().replace(tzinfo=None)
        now_open = Schedule.objects.filter(
            weekday=query.now.weekday(), opens_at__lte=moment, closes_at__gt=moment
        )
        where.add_subquery("e.service_id", now_open.values("service_id"))
    if query.open_weekends:
        where.add("(e.weekdays & %s) <> 0", WEEKEND_MASK)
    if query.open_after:
        late = Schedule.objects.filter(closes_at__gt=query.open_after)
        where.add_subquery("e.service_id", late.values("service_id"))


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


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _truth(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def facet_counts(where: Conditions) -> tuple[dict[str, dict[str, int]], int]:
    """For each filter, how many services of the result set (the entries ``where`` selects)
    have each value; and how many there are.

    Two grouped statements over the result set's entries: one over the entry's own columns
    (local authority and tier grouped, yes/no values and opening days summed) and one over
    its category terms, counted under their top-level term (each service once per value).
    """
    flags = list(FACET_FLAGS.items())
    sums = [
        *(_truth(f"e.{column}") for _flag, column in flags),
        *(_truth(f"e.{mode}") for mode in DELIVERY_MODES),
        *(_truth(f"(e.weekdays & {1 << day}) <> 0") for day in range(7)),
    ]
    rows = _rows(
        f"SELECT la.code, e.tier, COUNT(*), {', '.join(sums)} FROM {ENTRY_TABLE} e "
        f"JOIN {LocalAuthority._meta.db_table} la ON la.id = e.local_authority_id "
        f"WHERE {where.where} GROUP BY la.code, e.tier",
        where.params,
    )
    if not rows:
        return {}, 0
    facets: dict[str, dict[str, int]] = {
        "tier": {},
        "local_authority": {},
        **{flag: {"true": 0} for flag in FACET_FLAGS},
        "delivery_mode": {},
    }
    days, total = [0] * 7, 0
    for code, tier, n, *values in rows:
        values = [int(v or 0) for v in values]
        total += n
        facets["local_authority"][code] = facets["local_authority"].get(code, 0) + n
        if tier:
            facets["tier"][tier] = facets["tier"].get(tier, 0) + n
        for (flag, _column), count in zip(flags, values[: len(flags)], strict=True):
            facets[flag]["true"] += count
        modes = values[len(flags) : len(flags) + len(DELIVERY_MODES)]
        for mode, count in zip(DELIVERY_MODES, modes, strict=True):
            if count:
                facets["delivery_mode"][mode] = facets["delivery_mode"].get(mode, 0) + count
        for day, count in enumerate(values[len(flags) + len(DELIVERY_MODES) :]):
            days[day] += count
    facets["category"] = _category_counts(where)
    facets["day"] = {str(day): n for day, n in enumerate(days) if n}
    return facets, total


def _category_counts(where: Conditions) -> dict[str, int]:
    """Services per top-level term slug (distinct services: slugs are unique per taxonomy)."""
    params = where.params
    terms = TaxonomyTerm._meta.db_table
    if postgresql():
        pairs = (
            f"SELECT DISTINCT t.slug AS v, e.service_id FROM {ENTRY_TABLE} e "
            f"CROSS JOIN LATERAL unnest(e.facet_terms) f(id) JOIN {terms} t ON t.id = f.id "
            f"WHERE {where.where}"
        )
        return dict(_rows(f"SELECT v, COUNT(*) FROM ({pairs}) x GROUP BY v", params))
    return dict(
        _rows(
            f"SELECT t.slug, COUNT(DISTINCT e.service_id) FROM {ENTRY_TABLE} e "
            f"JOIN json_each(e.facet_terms) f JOIN {terms} t ON t.id = f.value "
            f"WHERE {where.where} GROUP BY t.slug",
            params,
        )
    )
