"""Wagtail admin wiring for the portal's security pieces."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory.permissions import is_national_admin


@hooks.register("insert_global_admin_js")
def start_admin_widgets_without_inline_script():
    return format_html('<script src="{}"></script>', static("js/admin-start.js"))


@hooks.register("register_admin_urls")
def security_report_urls():
    from .security.reports import SecurityEventsReportView

    return [
        path(
            "reports/security/", SecurityEventsReportView.as_view(), name="waymark_security_events"
        ),
        path(
            "reports/security/results/",
            SecurityEventsReportView.as_view(results_only=True),
            name="waymark_security_events_results",
        ),
    ]


class NationalAdminMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_national_admin(request.user)


@hooks.register("register_reports_menu_item")
def security_events_menu_item():
    return NationalAdminMenuItem(
        "Security events", reverse("waymark_security_events"), icon_name="warning", order=950
    )
