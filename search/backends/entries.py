"""The database backend's filters and facet counts, in SQL over ``SearchEntry`` (alias ``e``).

Every filter of a ``ServiceQuery`` but the words becomes a condition on the entry's own
columns (opening days and funded entitlements as bit masks, categories as a term list with a
GIN index on PostgreSQL and JSON on SQLite); only the rarer opening-time and vacancy filters
read their tables, as a subquery. Facet counts are two grouped passes over the result set's
rows (``facet_parts``) inside the search's one statement, however many schedules or category
links the services have.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from directory.models import (
    ChildcareAgeGroup,
    LocalAuthority,
    Schedule,
    Service,
    TaxonomyTerm,
)
from directory.models.childcare import ENTITLEMENTS, entitlements_for_age

from ..models import SearchEntry
from ..models.entry import json_list_holds
from ..prepare import PreparedQuery
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
    public: int = 0  # how many of the first conditions only say "public"; the rest filter

    def add(self, sql: str, *params) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def add_subquery(self, column: str, qs: QuerySet) -> None:
        sql, params = qs.order_by().query.sql_with_params()  # no model ordering to sort by
        self.add(f"{column} IN ({sql})", *params)

    @property
    def where(self) -> str:
        return " AND ".join(self.sql) or "1 = 1"

    @property
    def filters(self) -> bool:
        """Whether any condition narrows the public services down."""
        return len(self.sql) > self.public


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
    return json_list_holds(column, ids)


def conditions(query: ServiceQuery, today: dt.date) -> Conditions:
    """Public services matching every filter except the words and the radius
    (``Service.objects.public()``: ``listed`` plus its hide date; the radius is
    ``resultset.within``)."""
    where = Conditions()
    where.add("e.listed")
    where.add("(e.hide_after IS NULL OR e.hide_after >= %s)", today)
    where.public = len(where.sql)
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
    return where


def results_key(prepared: PreparedQuery, *, paged: bool = True) -> str:
    """Text naming the search's results for keeping them (``search.corpus.remembered``),
    with today's date (hide dates); empty when they may change while the search rows do
    not. Kept: conditions on the entries, or on schedules and category links, whose changes
    rewrite them. Never: "open now" (the clock), vacancies (their own rows) nor
    ``modified_after`` (the service row itself, which a draft may change)."""
    query = prepared.query
    if query.open_now or query.has_vacancies or query.modified_after:
        return ""
    return f"{timezone.localdate()} {prepared.key(paged=paged)}"


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


def _term_ids(column: str) -> tuple[str, str]:
    """FROM clause of one row ``u`` per term id in the row's list ``column``, and the id."""
    if postgresql():
        return f"LATERAL unnest({column}) AS u(id)", "u.id"
    return f"json_each({column}) u", "u.value"


def facet_parts() -> tuple[list[str], dict[str, tuple[str, dict[str, str]]]]:
    """What counts the facets of the rows ``m``: the common table expressions, and the
    statement parts (kind -> (FROM clause, output column -> SQL)).

    "g": per local authority and tier, how many rows and how many have each yes/no value
    (flags, delivery modes, opening days). "c": how many rows have each list of facet terms
    (services share few combinations: one pass, however many terms each has); "s": the slug
    of each term in them. A service counts once under each slug its list has (slugs are
    unique per taxonomy only, so two terms may share one).
    """
    conditions = [
        *(f"m.{column}" for column in FACET_FLAGS.values()),
        *(f"m.{mode}" for mode in DELIVERY_MODES),
        *(f"(m.weekdays & {1 << day}) <> 0" for day in range(7)),
    ]
    sums = ", ".join(
        f"COUNT(*) FILTER (WHERE {condition}) AS c{i}" for i, condition in enumerate(conditions)
    )
    grouped = (
        f"(SELECT m.local_authority_id, m.tier, COUNT(*) AS n, {sums} FROM m "
        "GROUP BY m.local_authority_id, m.tier) g "
        f"JOIN {LocalAuthority._meta.db_table} la ON la.id = g.local_authority_id"
    )
    combinations = (
        "c AS (SELECT m.facet_terms AS terms, COUNT(*) AS n FROM m GROUP BY m.facet_terms)"
    )
    each, term_id = _term_ids("c.terms")
    slugs = (
        f"{TaxonomyTerm._meta.db_table} t WHERE t.id IN (SELECT {term_id} FROM c CROSS JOIN {each})"
    )
    return [combinations], {
        "g": (
            grouped,
            {
                "t1": "g.tier",
                "t2": "la.code",
                "n0": "g.n",
                **{f"n{i + 1}": f"g.c{i}" for i in range(len(conditions))},
            },
        ),
        "c": ("c", {"t1": "CAST(c.terms AS text)", "n0": "c.n"}),
        "s": (slugs, {"k": "t.id", "t1": "t.slug"}),
    }


def _ids(text: str) -> list[int]:
    """The ids of a term list as text: ``{1,2}`` (PostgreSQL) or ``[1, 2]`` (JSON)."""
    inner = text.strip("{}[] ")
    return [int(i) for i in inner.split(",")] if inner else []


def read_facets(rows: dict[str, list[tuple]]) -> tuple[dict[str, dict[str, int]], int]:
    """The facets and the total from the rows of ``facet_parts``, by kind; each row is
    (k, t1, t2, x1, x2, n0, n1, ...)."""
    if not rows.get("g"):
        return {}, 0
    flags = list(FACET_FLAGS)
    facets: dict[str, dict[str, int]] = {
        "tier": {},
        "local_authority": {},
        **{flag: {"true": 0} for flag in FACET_FLAGS},
        "delivery_mode": {},
    }
    days, total = [0] * 7, 0
    for _k, tier, code, _x1, _x2, n, *values in rows["g"]:
        total += n
        facets["local_authority"][code] = facets["local_authority"].get(code, 0) + n
        if tier:
            facets["tier"][tier] = facets["tier"].get(tier, 0) + n
        for flag, count in zip(flags, values[: len(flags)], strict=True):
            facets[flag]["true"] += count
        modes = values[len(flags) : len(flags) + len(DELIVERY_MODES)]
        for mode, count in zip(DELIVERY_MODES, modes, strict=True):
            if count:
                facets["delivery_mode"][mode] = facets["delivery_mode"].get(mode, 0) + count
        for day, count in enumerate(values[len(flags) + len(DELIVERY_MODES) :][:7]):
            days[day] += count
    slug_of = {term_id: slug for term_id, slug, *_ in rows.get("s", [])}
    categories: dict[str, int] = {}
    for _k, terms, _t2, _x1, _x2, n, *_ in rows.get("c", []):
        for slug in {slug_of[i] for i in _ids(terms) if i in slug_of}:
            categories[slug] = categories.get(slug, 0) + n
    facets["category"] = categories
    facets["day"] = {str(day): n for day, n in enumerate(days) if n}
    return facets, total
