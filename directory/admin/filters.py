"""Listing filters for the directory's admin screens."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet

from ..models import (
    LocalAuthority,
    Location,
    Organisation,
    ProblemReport,
    Service,
    ServiceStatus,
    TaxonomyTerm,
)
from ..permissions import local_authority_ids_for

REVIEW_SOON_DAYS = 30


def _own_local_authorities(request):
    if request is None:
        return LocalAuthority.objects.none()
    ids = local_authority_ids_for(request.user)
    qs = LocalAuthority.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


class ServiceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices)
    categories = django_filters.ModelChoiceFilter(
        label="Category", queryset=TaxonomyTerm.objects.select_related("taxonomy")
    )
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_own_local_authorities
    )
    review = django_filters.ChoiceFilter(
        label="Review",
        method="filter_review",
        choices=[
            ("overdue", "Review overdue"),
            ("soon", f"Review due in the next {REVIEW_SOON_DAYS} days"),
            ("none", "No review date"),
        ],
    )
    live = django_filters.BooleanFilter(label="Published")
    is_public = django_filters.BooleanFilter(label="Shown in the public directory")

    class Meta:
        model = Service
        fields = ["status", "categories", "local_authority", "review", "live", "is_public"]

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(review_due__lt=today)
        if value == "soon":
            return queryset.filter(
                review_due__gte=today, review_due__lte=today + dt.timedelta(REVIEW_SOON_DAYS)
            )
        if value == "none":
            return queryset.filter(review_due__isnull=True)
        return queryset


class OrganisationFilterSet(WagtailFilterSet):
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_own_local_authorities
    )
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = Organisation
        fields = ["local_authority", "live"]


class LocationFilterSet(WagtailFilterSet):
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_own_local_authorities
    )

    class Meta:
        model = Location
        fields = ["local_authority"]


class ProblemReportFilterSet(WagtailFilterSet):
    resolved = django_filters.BooleanFilter(label="Resolved")
    kind = django_filters.ChoiceFilter(label="What is wrong", choices=ProblemReport.Kind.choices)
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_own_local_authorities
    )

    class Meta:
        model = ProblemReport
        fields = ["resolved", "kind", "local_authority"]
