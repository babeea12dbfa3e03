"""Open Referral UK 3.0 API: the nine read-only endpoints, open to anyone without a key.

Services are found through the search interface (``search.search_services``) and are always
drawn from ``Service.objects.public()``, narrowed to the site's local authority when the
site is tied to one.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
import math
import uuid
from pathlib import Path

from django.db.models import Max, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from directory.models import (
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from portal.models import PortalSettings
from portal.site import site_local_authority_id
from search import ServiceQuery, search_all, search_all_sql, search_services

from . import feed, links, serializers
from .http import NotFound, error, json_response, oruk_endpoint, with_last_modified
from .paging import envelope, page_of
from .params import (
    Output,
    Paging,
    ParamError,
    Proximity,
    ServiceFilters,
    parse_filters,
    parse_output,
    parse_paging,
    parse_proximity,
)

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI_FILE = Path(__file__).parent / "openapi.json"

FULL_SERVICE_RELATED = (
    "schedules",
    "cost_options",
    "childcare_extras",
    "contacts",
    "categories__taxonomy",
    "categories__parent",
    Prefetch(
        "service_locations",
        queryset=ServiceAtLocation.objects.select_related("location__local_authority").order_by(
            "sort_order", "pk"
        ),
    ),
)


# --- shared helpers ---------------------------------------------------------------------------


def _local_authority_id(request: HttpRequest) -> int | None:
    """The site's local authority; none (every public service) if no Wagtail site matches."""
    try:
        return site_local_authority_id(request)
    except PortalSettings.DoesNotExist:
        return None


def _public_services(request: HttpRequest) -> QuerySet[Service]:
    qs = Service.objects.public()
    la_id = _local_authority_id(request)
    if la_id:
        qs = qs.filter(local_authority_id=la_id)
    return qs


def _located_services(request: HttpRequest) -> QuerySet[Service]:
    """Public services whose places may be published (no Ofsted special consideration)."""
    return _public_services(request).filter(ofsted_special_consideration="")


def _directory_changed_at(request: HttpRequest) -> dt.datetime | None:
    """When anything that feeds the service listings last changed, in this site's scope."""
    la_id = _local_authority_id(request)
    stamps = []
    for model in (Service, Organisation, Location):
        qs = model.objects.all()
        if la_id:
            qs = qs.filter(local_authority_id=la_id)
        stamps.append(qs.aggregate(latest=Max("updated_at"))["latest"])
    return max((s for s in stamps if s is not None), default=None)


def _service_changed_at(service: Service) -> dt.datetime:
    stamps = [service.updated_at]
    if service.organisation is not None:
        stamps.append(service.organisation.updated_at)
    stamps += [link.location.updated_at for link in service.service_locations.all()]
    return max(stamps)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound from None


def _service_query(filters: ServiceFilters, request: HttpRequest, **extra) -> ServiceQuery:
    """The search interface's question for these ORUK filters. Ages are whole years on the
    records, so a service's minimum of at least 3.5 is one of at least 4, and a maximum of at
    most 12.5 one of at most 12."""
    return ServiceQuery(
        text=filters.search,
        taxonomy_term_ids=filters.taxonomy_term_ids,
        taxonomy_ids=filters.taxonomy_ids,
        minimum_age=None if filters.minimum_age is None else math.ceil(filters.minimum_age),
        maximum_age=None if filters.maximum_age is None else math.floor(filters.maximum_age),
        modified_after=filters.modified_after,
        day=filters.day,
        start_time=filters.start_time,
        end_time=filters.end_time,
        local_authority_id=_local_authority_id(request),
        sort="relevance" if filters.search else "name",
        **extra,
    )


def _page_response(
    contents: list, total: int, paging: Paging, changed_at: dt.datetime | None
) -> HttpResponse:
    return with_last_modified(json_response(envelope(contents, total, paging)), changed_at)


def _organisation_columns() -> QuerySet[Organisation]:
    return Organisation.objects.only(*serializers.ORGANISATION_FIELDS)


#: A listing item's own service columns (its organisation's are loaded separately).
_SERVICE_SUMMARY_FIELDS = [
    f for f in serializers.SUMMARY_FIELDS if not f.startswith("organisation__")
]


def _summary_columns(qs: QuerySet[Service]) -> QuerySet[Service]:
    """Only what a listing item reads; each chunk's organisations loaded once each (a feed
    names the same few organisations many times over)."""
    return qs.only(*_SERVICE_SUMMARY_FIELDS).prefetch_related(
        Prefetch("organisation", queryset=_organisation_columns())
    )


def _link_items() -> QuerySet[ServiceAtLocation]:
    """Links with only what a listing item reads (``service_at_location_summary``)."""
    return (
        ServiceAtLocation.objects.select_related("location", "service")
        .only(
            "uuid",
            *(f"location__{name}" for name in serializers.LOCATION_SUMMARY_FIELDS),
            *(f"service__{name}" for name in _SERVICE_SUMMARY_FIELDS),
        )
        .prefetch_related(Prefetch("service__organisation", queryset=_organisation_columns()))
    )


# --- GET / and the OpenAPI document -------------------------------------------------------------


@oruk_endpoint
def api_details(request: HttpRequest) -> HttpResponse:
    return json_response(
        {
            "version": VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@functools.cache
def _openapi_document() -> dict:
    return json.loads(OPENAPI_FILE.read_text())


@oruk_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    document = copy.deepcopy(_openapi_document())
    base = request.build_absolute_uri(reverse("oruk:api_details")).rstrip("/")
    document["servers"] = [{"url": base, "description": "This directory"}]
    return json_response(document)


@oruk_endpoint
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    return error(404, "not_found", "There is no such ORUK endpoint; see openapi.json.")


# --- services ----------------------------------------------------------------------------------


@oruk_endpoint
def services(request: HttpRequest) -> HttpResponse:
    output = parse_output(request.GET)
    if output.ndjson or output.minimal:
        return _services_feed(request, parse_filters(request.GET), output)
    paging = parse_paging(request.GET)
    filters = parse_filters(request.GET)
    query = _service_query(filters, request, page=paging.page, page_size=paging.per_page)
    # With words, the search's own page reads only its best matches: cheaper than every
    # match in order, which a listing of links needs.
    matches = None if filters.search else search_all_sql(query)
    if matches is None:
        results = search_services(query, log=False, facets=False)
        if results.error:
            raise ParamError("search", results.error)
        ids, total = [hit.service_id for hit in results.hits], results.total
    else:
        start = (paging.page - 1) * paging.per_page
        ids, total = links.service_page(links.by_search(matches), start, paging.per_page)
    by_id = _summary_columns(_public_services(request)).in_bulk(ids)
    contents = [serializers.service_summary(by_id[i]) for i in ids if i in by_id]
    return _page_response(contents, total, paging, _directory_changed_at(request))


@oruk_endpoint
def service_detail(request: HttpRequest, id: str) -> HttpResponse:
    service = (
        _public_services(request)
        .select_related("organisation", "local_authority")
        .prefetch_related(*FULL_SERVICE_RELATED)
        .filter(uuid=_uuid_or_404(id))
        .first()
    )
    if service is None:
        raise NotFound
    return with_last_modified(
        json_response(serializers.service_full(service)), _service_changed_at(service)
    )


# --- service_at_locations ----------------------------------------------------------------------


def _postcode_point(postcode: str) -> tuple[float, float]:
    from search.postcodes import PostcodeError, locate

    try:
        place = locate(postcode)
    except PostcodeError as fault:
        raise ParamError("postcode", str(fault)) from None
    return place.latitude, place.longitude


def _matching_services(
    request: HttpRequest, filters: ServiceFilters, near: Proximity, first: int | None = None
) -> links.Ranked:
    """Every service the search interface matches, in the search's order: its SQL to join
    where it has one (``search.search_all_sql``), else its ids (``search.search_all``).
    ``first``: only the first ``first`` links will be listed (``search_all_sql``)."""
    query = _service_query(filters, request, postcode=near.postcode, radius_metres=near.metres)
    parameter = "postcode" if near.postcode else "search"
    matches = search_all_sql(query, first)
    if matches is not None:
        if matches.error:
            raise ParamError(parameter, matches.error)
        return links.by_search(matches)
    results = search_all(query)
    if results.error:
        raise ParamError(parameter, results.error)
    return links.by_position(list(dict.fromkeys(hit.service_id for hit in results.hits)))


def _place(near: Proximity) -> links.Place | None:
    if not near.postcode:
        return None
    return links.Place(*_postcode_point(near.postcode), metres=near.metres)


@oruk_endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    if parse_output(request.GET).ndjson:
        return _links_feed(request, parse_filters(request.GET), parse_proximity(request.GET))
    paging = parse_paging(request.GET)
    filters = parse_filters(request.GET)
    near = parse_proximity(request.GET)
    shown = ServiceAtLocation.objects.filter(service__in=_located_services(request))
    start = (paging.page - 1) * paging.per_page
    # Without filters too, the search's entries by name count the links from their index
    # (``SearchEntry.places``) and page them along it: ordering every link by its service's
    # name sorted 97,000 rows at 100,000 services. Elasticsearch has no such SQL: then the
    # links are ordered by name here (its ``search_all`` would list every service).
    unfiltered = filters == ServiceFilters() and not near.postcode
    matches = search_all_sql(_service_query(filters, request)) if unfiltered else None
    if unfiltered and matches is None:
        ordered = shown.order_by("service__name", "service_id", "location__name", "pk")
        ids, total = links.ordered_page(ordered, start, paging.per_page)
    else:
        # A page near the start needs only the best matches holding its links.
        near_start = start + paging.per_page <= links.FIRST_LINKS
        first = links.FIRST_LINKS if near_start else None
        ranked = (
            links.by_search(matches)
            if matches is not None
            else _matching_services(request, filters, near, first)
        )
        ids, total = links.link_page(shown, ranked, _place(near), start, paging.per_page)
    by_id = _link_items().in_bulk(ids)
    page = [by_id[pk] for pk in ids if pk in by_id]
    contents = [serializers.service_at_location_summary(link) for link in page]
    return _page_response(contents, total, paging, _directory_changed_at(request))


@oruk_endpoint
def service_at_location_detail(request: HttpRequest, id: str) -> HttpResponse:
    link = (
        ServiceAtLocation.objects.filter(
            uuid=_uuid_or_404(id), service__in=_located_services(request)
        )
        .select_related("location__local_authority")
        .first()
    )
    if link is None:
        raise NotFound
    service = (
        Service.objects.select_related("organisation", "local_authority")
        .prefetch_related(*FULL_SERVICE_RELATED)
        .get(pk=link.service_id)
    )
    link.service = service
    return with_last_modified(
        json_response(serializers.service_at_location_full(link)), _service_changed_at(service)
    )


# --- organizations -------------------------------------------------------------------------------


def _published_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """Published organisations providing a public service whose details may be shown (an
    organisation is never tied to a record under an Ofsted special consideration here)."""
    return Organisation.objects.filter(
        live=True, pk__in=_located_services(request).values("organisation_id")
    )


@oruk_endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    paging = parse_paging(request.GET)
    qs = _published_organisations(request).order_by("name", "pk")
    total = qs.count()
    contents = [serializers.organization(org, nested=False) for org in page_of(qs, total, paging)]
    return _page_response(contents, total, paging, _directory_changed_at(request))


@oruk_endpoint
def organization_detail(request: HttpRequest, id: str) -> HttpResponse:
    org = _published_organisations(request).filter(uuid=_uuid_or_404(id)).first()
    if org is None:
        raise NotFound
    services = list(
        _located_services(request)
        .filter(organisation=org)
        .select_related("organisation")
        .order_by("name", "pk")
    )
    changed_at = max([org.updated_at, *(s.updated_at for s in services)])
    return with_last_modified(
        json_response(serializers.organization_full(org, services)), changed_at
    )


# --- the whole feed: format=ndjson and minimal --------------------------------------------------


def _sync_only(filters: ServiceFilters) -> bool:
    """No filter but ``modified_after``: the feed can be walked by key, search not needed."""
    return dataclasses.replace(filters, modified_after=None) == ServiceFilters()


def _services_feed(request: HttpRequest, filters: ServiceFilters, output: Output) -> HttpResponse:
    """Every matching service, streamed: ndjson lines of listing items, or the minimal page."""
    qs = _public_services(request)
    qs = qs.only("uuid", "updated_at") if output.minimal else _summary_columns(qs)
    if _sync_only(filters):
        if filters.modified_after is not None:
            qs = qs.filter(updated_at__gte=filters.modified_after)
        chunks, total = feed.by_key(qs), None
    else:
        ranked = _matching_services(request, filters, Proximity())
        ids = links.ranked_service_ids(ranked)
        chunks, total = feed.by_ids(qs, ids), len(ids)
    if output.ndjson:
        item = feed.minimal_item if output.minimal else serializers.service_summary
        return feed.ndjson(chunks, item)
    return feed.minimal_page(chunks, qs.count() if total is None else total)


def _links_feed(request: HttpRequest, filters: ServiceFilters, near: Proximity) -> HttpResponse:
    """Every matching service-at-location link as ndjson lines of listing items."""
    shown = ServiceAtLocation.objects.filter(service__in=_located_services(request))
    related = _link_items()
    if _sync_only(filters) and not near.postcode:
        if filters.modified_after is not None:
            shown = shown.filter(service__updated_at__gte=filters.modified_after)
        chunks = feed.by_key(related.filter(pk__in=shown.values("pk")))
    else:
        ranked = _matching_services(request, filters, near)
        chunks = feed.by_ids(related, links.ranked_ids(shown, ranked, _place(near)))
    return feed.ndjson(chunks, serializers.service_at_location_summary)


# --- taxonomies --------------------------------------------------------------------------------


@oruk_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    paging = parse_paging(request.GET)
    qs = Taxonomy.objects.order_by("name", "pk")
    total = qs.count()
    contents = [serializers.taxonomy(item) for item in page_of(qs, total, paging)]
    return _page_response(contents, total, paging, None)


@oruk_endpoint
def taxonomy_detail(request: HttpRequest, id: str) -> HttpResponse:
    item = Taxonomy.objects.filter(uuid=_uuid_or_404(id)).first()
    if item is None:
        raise NotFound
    terms = list(item.terms.select_related("taxonomy", "parent").order_by("name", "pk"))
    return json_response(serializers.taxonomy(item, terms))


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent")


@oruk_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    paging = parse_paging(request.GET)
    qs = _terms().order_by("taxonomy__name", "name", "pk")
    total = qs.count()
    contents = [serializers.taxonomy_term(term) for term in page_of(qs, total, paging)]
    return _page_response(contents, total, paging, None)


@oruk_endpoint
def taxonomy_term_detail(request: HttpRequest, id: str) -> HttpResponse:
    term = _terms().filter(uuid=_uuid_or_404(id)).first()
    if term is None:
        raise NotFound
    return json_response(serializers.taxonomy_term(term))
