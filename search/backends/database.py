"""Database search backend: ORM filters over published, public services.

A first implementation; ranking, facets, synonyms and distance are deepened by the
search work (issue 3).
"""

from __future__ import annotations

from django.db.models import Q

from directory.models import Service

from ..query import Hit, SearchResults, ServiceQuery


def filtered_services(query: ServiceQuery):
    qs = Service.objects.public()
    if query.local_authority_id:
        qs = qs.filter(local_authority_id=query.local_authority_id)
    if query.text:
        for word in query.text.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(categories__name__icontains=word)
            )
    if query.categories:
        qs = qs.filter(
            Q(categories__slug__in=query.categories)
            | Q(categories__parent__slug__in=query.categories)
        )
    if query.age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age),
        )
    if query.free_only:
        qs = qs.filter(is_free=True)
    if query.send:
        qs = qs.filter(send_local_offer=True)
    if query.day is not None:
        qs = qs.filter(schedules__weekday=query.day)
    for mode in query.delivery_modes:
        qs = qs.filter(**{mode: True})
    if query.self_referral:
        qs = qs.filter(self_referral=True)
    if query.tier:
        qs = qs.filter(tier=query.tier)
    return qs.distinct()


def search(query: ServiceQuery) -> SearchResults:
    qs = filtered_services(query)
    order = {"name": ["name"], "updated": ["-updated_at", "name"]}.get(query.sort, ["name"])
    total = qs.count()
    start = (query.page - 1) * query.page_size
    ids = list(qs.order_by(*order).values_list("id", flat=True)[start : start + query.page_size])
    return SearchResults(
        hits=[Hit(service_id=i) for i in ids],
        total=total,
        page=query.page,
        page_size=query.page_size,
    )
