"""Staff report: what people searched for, and what found nothing, per local authority.

Staff see only their own local authorities' searches (national administrators see all).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from directory.models import LocalAuthority
from directory.permissions import local_authority_ids_for

from .models import SearchLog


def _own(queryset: QuerySet, user, field: str = "local_authority_id") -> QuerySet:
    ids = local_authority_ids_for(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def _local_authorities(request) -> QuerySet:
    return _own(LocalAuthority.objects.all(), request.user, "id")


class SearchTermsFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Searched between", widget=DateRangePickerWidget
    )
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_local_authorities, empty_label="All of yours"
    )
    zero_results = django_filters.BooleanFilter(label="Found nothing", method="filter_zero_results")

    class Meta:
        model = SearchLog
        fields = ["local_authority", "created_at", "zero_results"]

    def filter_zero_results(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(result_count=0) if value else queryset.filter(result_count__gt=0)


class SearchTermsReportView(ReportView):
    page_title = "Search terms"
    header_icon = "search"
    index_url_name = "waymark_search_terms"
    index_results_url_name = "waymark_search_terms_results"
    filterset_class = SearchTermsFilterSet
    columns = [
        Column("query", label="Words searched"),
        Column("local_authority__name", label="Local authority"),
        Column("searches", label="Searches"),
        Column("zero_result_searches", label="Found nothing"),
        Column("average_results", label="Average results"),
    ]
    list_export = [
        "query",
        "local_authority__name",
        "searches",
        "zero_result_searches",
        "average_results",
    ]
    export_headings = {
        "query": "Words searched",
        "local_authority__name": "Local authority",
        "searches": "Searches",
        "zero_result_searches": "Found nothing",
        "average_results": "Average results",
    }

    def dispatch(self, request, *args, **kwargs):
        if local_authority_ids_for(request.user) == set():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return f"search-terms-{dt.date.today():%Y-%m-%d}"

    def get_queryset(self) -> QuerySet:
        return _own(SearchLog.objects.all(), self.request.user)

    def get_filtered_queryset(self) -> QuerySet:
        return (
            self.filter_queryset(self.get_queryset())
            .exclude(query="")
            .values("query", "local_authority__name")
            .annotate(
                searches=Count("id"),
                zero_result_searches=Count("id", filter=Q(result_count=0)),
                average_results=Avg("result_count"),
            )
            .order_by("-searches", "query")
        )

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            row["average_results"] = round(row["average_results"] or 0, 1)
            row["local_authority__name"] = row["local_authority__name"] or "Not known"
        return object_list
