"""Admin report of security events, for national administrators only."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.core.exceptions import PermissionDenied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from directory.permissions import is_national_admin

from .models import SecurityEvent


class SecurityEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label="Between", widget=DateRangePickerWidget)
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices, empty_label="All")
    username = django_filters.CharFilter(label="Username", lookup_expr="iexact")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "at"]


class SecurityEventsReportView(ReportView):
    page_title = "Security events"
    header_icon = "warning"
    index_url_name = "waymark_security_events"
    index_results_url_name = "waymark_security_events_results"
    filterset_class = SecurityEventFilterSet
    columns = [
        DateColumn("at", label="When"),
        Column("kind", label="Event", accessor="get_kind_display"),
        Column("username", label="Who"),
        Column("path", label="Address"),
        Column("query", label="Query"),
        Column("filename", label="File"),
        Column("status_code", label="Status"),
        Column("client_ip", label="Client address"),
    ]
    list_export = [
        "at",
        "kind",
        "username",
        "path",
        "query",
        "filename",
        "status_code",
        "client_ip",
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_national_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return f"security-events-{dt.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return SecurityEvent.objects.all()
