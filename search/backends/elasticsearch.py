"""Elasticsearch backend, for a region or all of England (``ELASTICSEARCH_URL`` set).

Written with ``elasticsearch.dsl`` from the ``elasticsearch>=9,<10`` client (the DSL ships
inside the client since 8.18; the standalone ``elasticsearch-dsl`` package is a deprecated
shim). One document per public service: English analysis with a synonym graph filter reading
a synonyms set kept equal to the staff's synonym groups (search time), keyword fields for
filters and facets, a ``geo_point`` per location, and a ``search_as_you_type`` name for
suggestions. The index lives behind an alias so ``manage.py rebuild_search_index`` can build a
new one and swap; loading in bulk is ``elasticsearch_bulk``.

Every request has a timeout; the caller (``search.dispatch``) answers from the database if
anything in ``UNAVAILABLE`` is raised.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Nested,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from directory.models import Service, ServiceStatus
from directory.models.childcare import funded_ages

from ..prepare import PreparedQuery
from ..query import Hit, SearchResults
from ..ranking import HALF_DISTANCE_MILES, NO_LOCATION_FACTOR

logger = logging.getLogger(__name__)
NAME = "elasticsearch"
EVERY_LIMIT = 10_000  # the index's default result window: the most one request may list
UNAVAILABLE = (TransportError, ApiError)
DELIVERY_MODES = tuple(Service.DELIVERY_MODES)
TEXT_FIELDS = ["name^8", "categories^4", "summary^2", "description"]
# Unstemmed copies: the very word typed ("parenting", not just "parent") scores extra, as in
# the database backend (search/backends/fulltext.py).
EXACT_FIELDS = ["name.exact^2", "categories.exact^2", "summary.exact^2", "description.exact"]

EXACT = Text(analyzer="standard")
english_possessive = token_filter(
    "waymark_possessive", type="stemmer", language="possessive_english"
)
english_stop = token_filter("waymark_stop", type="stop", stopwords="_english_")
english_stemmer = token_filter("waymark_stemmer", type="stemmer", language="english")
ENGLISH = analyzer(
    "waymark_english",
    tokenizer="standard",
    filter=["lowercase", english_possessive, english_stop, english_stemmer],
)


def synonyms_set_name() -> str:
    """The synonyms set (Elasticsearch's synonyms API) the search analyzer reads: one per
    alias, so a test index or a second site never shares another's."""
    return f"{alias()}-synonyms"


def synonym_rules(groups: list[list[str]]) -> list[dict]:
    """The staff's synonym groups as synonyms-set rules (Solr format, "a, b, c")."""
    return [
        {"id": f"group-{n}", "synonyms": ", ".join(group)}
        for n, group in enumerate(groups, start=1)
        if len(group) > 1
    ]


def synonym_filter():
    """A synonym graph over the synonyms set. ``updateable``: when the set changes,
    Elasticsearch reloads the search analyzers of every index using it (no reindex, no
    closing the index); allowed because it is used at search time only."""
    return token_filter(
        "waymark_synonyms",
        type="synonym_graph",
        synonyms_set=synonyms_set_name(),
        updateable=True,
        lenient=True,
    )


def search_analyzer():
    """Synonyms are applied when searching, so editing a group changes no document."""
    return analyzer(
        "waymark_english_search",
        tokenizer="standard",
        filter=[
            "lowercase",
            synonym_filter(),
            english_possessive,
            english_stop,
            english_stemmer,
        ],
    )


class Opening(InnerDoc):
    weekday = Integer()
    opens = Keyword()  # "HH:MM", compares as text
    closes = Keyword()


class ServiceDocument(Document):
    name = Text(
        analyzer=ENGLISH,
        search_analyzer="waymark_english_search",
        fields={
            "keyword": Keyword(normalizer="lowercase"),
            "suggest": SearchAsYouType(),
            "exact": EXACT,
        },
    )
    categories = Text(
        analyzer=ENGLISH, search_analyzer="waymark_english_search", fields={"exact": EXACT}
    )
    summary = Text(
        analyzer=ENGLISH, search_analyzer="waymark_english_search", fields={"exact": EXACT}
    )
    description = Text(
        analyzer=ENGLISH, search_analyzer="waymark_english_search", fields={"exact": EXACT}
    )
    category_slugs = Keyword(multi=True)
    term_uuids = Keyword(multi=True)
    taxonomy_uuids = Keyword(multi=True)
    local_authority_id = Integer()
    local_authority_code = Keyword()
    minimum_age = Integer()
    maximum_age = Integer()
    is_free = Boolean()
    send_local_offer = Boolean()
    self_referral = Boolean()
    professional_referral = Boolean()
    delivery_modes = Keyword(multi=True)
    tier = Keyword()
    provision_type = Keyword()
    funded_ages = Integer(multi=True)
    vacancy_ages = Integer(multi=True)
    has_vacancies = Boolean()
    status = Keyword()
    hide_from_public_after = Date()
    updated_at = Date()
    openings = Nested(Opening)
    locations = GeoPoint(multi=True)

    class Index:
        name = "waymark-services"


def index_settings(loading: bool = False) -> dict:
    """``loading``: no refresh while a rebuild bulk-loads (set back to the default after)."""
    found = {"number_of_shards": 1, "number_of_replicas": 0}
    if loading:
        found["refresh_interval"] = "-1"
    return found


def build_index(name: str, loading: bool = False) -> Index:
    """The index definition: mapping from ServiceDocument, analysis reading the synonyms set
    (which must exist first: ``put_synonyms``)."""
    index = Index(name)
    index.settings(**index_settings(loading))
    index.analyzer(ENGLISH)
    index.analyzer(search_analyzer())
    index.document(ServiceDocument)
    return index


# --- the client --------------------------------------------------------------------------


def config() -> dict:
    return settings.WAYMARK_ELASTICSEARCH


@cache
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client() -> Elasticsearch:
    return _client(config()["URL"], float(config()["TIMEOUT"]))


def alias() -> str:
    return config()["INDEX"]


# --- documents ---------------------------------------------------------------------------


def public_services():
    """What the index holds: ``Service.objects.public()`` with what a document reads."""
    return (
        Service.objects.public()
        .prefetch_related(
            "categories__parent__taxonomy",
            "categories__taxonomy",
            "service_locations__location",
            "schedules",
            "age_groups",
        )
        .select_related("local_authority")
    )


def to_document(service: Service) -> ServiceDocument:
    """The public fields of a published service; staff-only data is never read here."""
    terms = list(service.categories.all())
    parents = [t.parent for t in terms if t.parent_id]
    vacancy_ages = sorted(
        {
            age
            for group in service.age_groups.all()
            if group.vacancies
            for age in range(group.age_from, group.age_to + 1)
        }
    )
    doc = ServiceDocument(
        meta={"id": service.pk},
        name=service.name,
        categories=" ".join(sorted({t.name for t in [*terms, *parents]})),
        summary=service.summary,
        description=strip_tags(service.description or ""),
        category_slugs=sorted({t.slug for t in [*terms, *parents]}),
        term_uuids=sorted({str(t.uuid) for t in [*terms, *parents]}),
        taxonomy_uuids=sorted({str(t.taxonomy.uuid) for t in terms}),
        local_authority_id=service.local_authority_id,
        local_authority_code=service.local_authority.code,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        is_free=service.is_free,
        send_local_offer=service.send_local_offer,
        self_referral=service.self_referral,
        professional_referral=service.professional_referral,
        delivery_modes=[m for m in DELIVERY_MODES if getattr(service, m)],
        tier=service.tier or None,
        status=service.status,
        hide_from_public_after=service.hide_from_public_after,
        updated_at=service.updated_at,
        openings=[
            Opening(
                weekday=s.weekday,
                opens=s.opens_at.strftime("%H:%M"),
                closes=s.closes_at.strftime("%H:%M"),
            )
            for s in service.schedules.all()
        ],
        locations=[
            {"lat": float(link.location.latitude), "lon": float(link.location.longitude)}
            for link in service.service_locations.all()
            if link.location.latitude is not None and link.location.longitude is not None
        ]
        if not service.withholds_details
        else [],
        provision_type=service.ofsted_provision_type or None,
        funded_ages=funded_ages(service),
        vacancy_ages=vacancy_ages,
        has_vacancies=bool(vacancy_ages),
    )
    return doc


def index_service(service_id: int) -> None:
    service = public_services().filter(pk=service_id).first()
    if service is None:
        delete_service(service_id)
        return
    if not client().indices.exists_alias(name=alias()):
        # Never write through a missing alias: Elasticsearch would create a concrete index
        # with a guessed mapping under the alias's name. rebuild_search_index creates it.
        logger.warning("No %s alias yet; run manage.py rebuild_search_index", alias())
        return
    to_document(service).save(using=client(), index=alias())


def delete_service(service_id: int) -> None:
    client().options(ignore_status=404).delete(index=alias(), id=str(service_id))


# --- queries -----------------------------------------------------------------------------


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def public_filters(today: dt.date | None = None) -> list[Q]:
    """``Service.objects.public()`` at query time: the index only holds public services, but a
    hide date may have passed since a document was written."""
    today = today or timezone.localdate()
    return [
        Q("terms", status=[status.value for status in Service.PUBLIC_STATUSES]),
        Q("bool", must_not=[Q("range", hide_from_public_after={"lt": today.isoformat()})]),
    ]


def filters(prepared: PreparedQuery, today: dt.date | None = None) -> list[Q]:
    """The bool filters: what the public may see, then each of the query's filters."""
    query = prepared.query
    result = public_filters(today)
    if query.local_authority_id:
        result.append(Q("term", local_authority_id=query.local_authority_id))
    terms = []
    if query.categories:
        terms.append(Q("terms", category_slugs=list(query.categories)))
    if query.taxonomy_term_ids:
        terms.append(Q("terms", term_uuids=[str(u) for u in query.taxonomy_term_ids]))
    if query.taxonomy_ids:
        terms.append(Q("terms", taxonomy_uuids=[str(u) for u in query.taxonomy_ids]))
    if terms:
        result.append(Q("bool", should=terms, minimum_should_match=1))

    def open_ended(field: str, op: str, value: int) -> Q:
        return Q(
            "bool",
            should=[Q("range", **{field: {op: value}}), ~Q("exists", field=field)],
            minimum_should_match=1,
        )

    if query.age is not None:
        result += [
            open_ended("minimum_age", "lte", query.age),
            open_ended("maximum_age", "gte", query.age),
        ]
    if query.minimum_age:  # as the database backend: the range lies inside the asked one
        result.append(Q("range", minimum_age={"gte": query.minimum_age}))
    if query.maximum_age is not None:
        result.append(Q("range", maximum_age={"lte": query.maximum_age}))
    if query.modified_after is not None:
        result.append(Q("range", updated_at={"gte": query.modified_after.isoformat()}))
    if query.free_only:
        result.append(Q("term", is_free=True))
    if query.send:
        result.append(Q("term", send_local_offer=True))
    if query.funded:
        if query.age is not None:
            result.append(Q("term", funded_ages=query.age))
        else:
            result.append(Q("exists", field="funded_ages"))
    if query.has_vacancies:
        if query.age is not None:
            result.append(Q("term", vacancy_ages=query.age))
        else:
            result.append(Q("term", has_vacancies=True))
    if query.provision_types:
        result.append(Q("terms", provision_type=list(query.provision_types)))
    if query.self_referral:
        result.append(Q("term", self_referral=True))
    if query.professional_referral:
        result.append(Q("term", professional_referral=True))
    if query.level_of_need:
        result.append(Q("terms", tier=list(query.level_of_need)))
    for mode in query.delivery_modes:
        result.append(Q("term", delivery_modes=mode))
    if query.opening_filtered:
        result.append(Q("term", status=ServiceStatus.ACTIVE.value))  # closed: never open
    if query.day is not None or query.start_time or query.end_time:
        opening = []
        if query.day is not None:
            opening.append(Q("term", openings__weekday=query.day))
        if query.start_time and query.end_time:
            opening += [
                Q("range", openings__opens={"lt": _hhmm(query.end_time)}),
                Q("range", openings__closes={"gt": _hhmm(query.start_time)}),
            ]
        elif query.start_time:
            opening += [
                Q("range", openings__opens={"lte": _hhmm(query.start_time)}),
                Q("range", openings__closes={"gt": _hhmm(query.start_time)}),
            ]
        elif query.end_time:
            opening.append(Q("range", openings__opens={"lt": _hhmm(query.end_time)}))
        result.append(Q("nested", path="openings", query=Q("bool", filter=opening)))
    result += opening_filters(query)
    radius = query.radius_in_metres
    if query.point and radius is not None:
        lat, lon = query.point
        result.append(
            Q("geo_distance", distance=f"{radius:.0f}m", locations={"lat": lat, "lon": lon})
        )
    return result


def _opening(*conditions: Q) -> Q:
    return Q("nested", path="openings", query=Q("bool", filter=list(conditions)))


def opening_filters(query) -> list[Q]:
    """Open now (at ``query.now``), at weekends, after a time: each a nested opening."""
    found = []
    if query.open_now and query.now is not None:
        moment = query.now.strftime("%H:%M")
        found.append(
            _opening(
                Q("term", openings__weekday=query.now.weekday()),
                Q("range", openings__opens={"lte": moment}),
                Q("range", openings__closes={"gt": moment}),
            )
        )
    if query.open_weekends:
        found.append(_opening(Q("terms", openings__weekday=[5, 6])))
    if query.open_after:
        found.append(_opening(Q("range", openings__closes={"gt": _hhmm(query.open_after)})))
    return found


def text_query(prepared: PreparedQuery, match_all: bool = True) -> Q:
    stemmed = Q(
        "multi_match",
        query=prepared.text,
        fields=TEXT_FIELDS,
        type="best_fields" if not match_all else "cross_fields",
        operator="and" if match_all else "or",
    )
    exact = Q("multi_match", query=prepared.text, fields=EXACT_FIELDS, type="best_fields")
    return Q("bool", must=[stemmed], should=[exact])


def distance_blend(scored: Q, point: tuple[float, float]) -> Q:
    """The text score times the distance factor of ``search/ranking.py``: halved every
    HALF_DISTANCE_MILES from the place (nearest location), and NO_LOCATION_FACTOR without one."""
    lat, lon = point
    return Q(
        "function_score",
        query=scored,
        functions=[
            {
                "filter": Q("exists", field="locations").to_dict(),
                "exp": {
                    "locations": {
                        "origin": {"lat": lat, "lon": lon},
                        "scale": f"{HALF_DISTANCE_MILES}mi",
                        "decay": 0.5,
                    },
                    "multi_value_mode": "min",
                },
            },
            {
                "filter": (~Q("exists", field="locations")).to_dict(),
                "weight": NO_LOCATION_FACTOR,
            },
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


def add_facets(search: Search) -> Search:
    search.aggs.bucket("category", A("terms", field="category_slugs", size=200))
    search.aggs.bucket("tier", A("terms", field="tier", size=10))
    search.aggs.bucket("delivery_mode", A("terms", field="delivery_modes", size=10))
    search.aggs.bucket("local_authority", A("terms", field="local_authority_code", size=200))
    for flag, field in (
        ("free", "is_free"),
        ("send", "send_local_offer"),
        ("self_referral", "self_referral"),
        ("professional_referral", "professional_referral"),
    ):
        search.aggs.bucket(flag, A("filter", term={field: True}))
    days = search.aggs.bucket("openings", A("nested", path="openings"))
    days.bucket("day", A("terms", field="openings.weekday", size=7)).bucket(
        "services", A("reverse_nested")
    )
    return search


def build_search(prepared: PreparedQuery, match_all: bool = True) -> Search:
    """The whole request body for one page of results with facets."""
    query = prepared.query
    search = Search(index=alias()).extra(track_total_hits=True)
    bool_query = Q("bool", filter=filters(prepared))
    if prepared.terms:
        bool_query = Q("bool", filter=filters(prepared), must=[text_query(prepared, match_all)])
        search = search.suggest(
            "spelling", prepared.text, term={"field": "name", "suggest_mode": "popular"}
        )
    if prepared.terms and query.point:
        bool_query = distance_blend(bool_query, query.point)
    search = search.query(bool_query)
    sort = prepared.sort
    if sort == "distance":
        lat, lon = query.point
        search = search.sort(
            {
                "_geo_distance": {
                    "locations": {"lat": lat, "lon": lon},
                    "order": "asc",
                    "unit": "m",
                    "mode": "min",
                }
            },
            "name.keyword",
        )
    elif sort == "name":
        search = search.sort("name.keyword", "_doc")
    elif sort == "updated":
        search = search.sort({"updated_at": {"order": "desc"}}, "name.keyword")
    else:
        search = search.sort("_score", "name.keyword")
    if prepared.every:  # every match (as far as the result window goes), no facets
        return search[:EVERY_LIMIT]
    if prepared.facets:
        search = add_facets(search)
    return search[query.offset : query.offset + query.limit]


def _facets(aggs) -> dict[str, dict[str, int]]:
    facets = {
        name: {str(b.key): b.doc_count for b in aggs[name].buckets}
        for name in ("category", "tier", "delivery_mode", "local_authority")
    }
    for flag in ("free", "send", "self_referral", "professional_referral"):
        facets[flag] = {"true": aggs[flag].doc_count}
    facets["day"] = {str(b.key): b.services.doc_count for b in aggs.openings.day.buckets}
    return facets


def run(prepared: PreparedQuery, match_all: bool = True) -> SearchResults:
    """One page of results (see ``search.backends.base.SearchBackend``)."""
    from .database import distances

    query = prepared.query
    response = build_search(prepared, match_all).using(client()).execute()
    spelling = []
    if match_all and not response.hits.total.value and prepared.terms:
        for entry in response.suggest.spelling:
            spelling.append(entry.options[0].text if entry.options else entry.text)
    hits = []
    for hit in response:
        distance = None
        if query.point and query.sort == "distance" and hit.meta.sort:
            distance = float(hit.meta.sort[0])
        hits.append(
            Hit(service_id=int(hit.meta.id), score=hit.meta.score or 0.0, distance_metres=distance)
        )
    if query.point and hits and any(h.distance_metres is None for h in hits):
        found = distances([h.service_id for h in hits], query.point)
        for h in hits:
            if h.distance_metres is None:
                h.distance_metres = found.get(h.service_id)
    return SearchResults(
        hits=hits,
        total=response.hits.total.value,
        page=query.page,
        page_size=query.limit,
        facets=_facets(response.aggregations) if prepared.facets else {},
        notice=prepared.notice,
        backend=NAME,
        spelling=spelling,
    )


def build_suggest(text: str, local_authority_id: int | None, limit: int) -> Search:
    prepared_filters = public_filters()
    if local_authority_id:
        prepared_filters.append(Q("term", local_authority_id=local_authority_id))
    query = Q(
        "bool",
        filter=prepared_filters,
        must=[
            Q(
                "multi_match",
                query=text,
                type="bool_prefix",
                fields=["name.suggest", "name.suggest._2gram", "name.suggest._3gram"],
            )
        ],
    )
    return Search(index=alias()).query(query).source(False)[:limit]


def suggest(text: str, local_authority_id: int | None, limit: int) -> list[Service]:
    response = build_suggest(text, local_authority_id, limit).using(client()).execute()
    ids = [int(hit.meta.id) for hit in response]
    by_id = Service.objects.public().in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
