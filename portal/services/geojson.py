"""``/services/map.geojson``: the current search's services as GeoJSON points, for the map.

Takes exactly the search page's parameters, returns the services in the list's order (every
page of it, not just the one shown), one feature per location with coordinates, at most
``MAX_FEATURES``. Searches made for the map are not logged: the list already was.
"""

from __future__ import annotations

import dataclasses

from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from directory.models import Service, ServiceAtLocation
from portal.maps import MAX_FEATURES, feature
from portal.site import site_local_authority_id
from search import search_services
from search.choices import category_groups

from .forms import ServiceSearchForm

PAGE_SIZE = 100


def _ordered_hits(query) -> tuple[list, int]:
    """The search's hits in list order, enough of them to fill the map, and the total."""
    hits, page, total = [], 1, 0
    while len(hits) < MAX_FEATURES:
        results = search_services(
            dataclasses.replace(query, page=page, page_size=PAGE_SIZE), log=False
        )
        total = results.total
        hits.extend(results.hits)
        if not results.hits or page >= results.page_count:
            break
        page += 1
    return hits, total


def _services(ids: list[int]) -> dict[int, dict]:
    rows = Service.objects.filter(pk__in=ids).values(
        "pk",
        "name",
        "slug",
        organisation_name=F("organisation__name"),
        organisation_live=F("organisation__live"),
    )
    return {
        row["pk"]: {
            "name": row["name"],
            "slug": row["slug"],
            # As Service.public_organisation: none while the organisation is unpublished.
            "organisation": row["organisation_name"] if row["organisation_live"] else "",
            "url": Service(slug=row["slug"]).get_absolute_url(),
        }
        for row in rows
    }


def _locations(ids: list[int]) -> dict[int, list[dict]]:
    rows = (
        ServiceAtLocation.objects.publicly_placed()
        .filter(
            service_id__in=ids,
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .order_by("service_id", "sort_order", "id")
        .values(
            "service_id",
            name=F("location__name"),
            address_1=F("location__address_1"),
            address_2=F("location__address_2"),
            city=F("location__city"),
            postcode=F("location__postcode"),
            latitude=F("location__latitude"),
            longitude=F("location__longitude"),
        )
    )
    by_service: dict[int, list[dict]] = {}
    for row in rows:
        by_service.setdefault(row["service_id"], []).append(row)
    return by_service


@require_GET
def search_geojson(request: HttpRequest) -> JsonResponse:
    choices, _, _ = category_groups()
    form = ServiceSearchForm(request.GET, category_choices=choices)
    if not form.is_valid():
        return JsonResponse(
            {"error": "The search is not valid.", "fields": form.errors.get_json_data()},
            status=400,
        )
    query = form.to_query(local_authority_id=site_local_authority_id(request))
    hits, total = _ordered_hits(query)
    ids = [hit.service_id for hit in hits]
    services, locations = _services(ids), _locations(ids)
    features, truncated = [], False
    for hit in hits:
        service = services.get(hit.service_id)
        for location in locations.get(hit.service_id, []) if service else []:
            if len(features) >= MAX_FEATURES:
                truncated = True
                break
            features.append(feature(service, location, hit.distance_miles))
    response = JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "total_services": total,
            "truncated": truncated or total > len(hits),
        },
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
