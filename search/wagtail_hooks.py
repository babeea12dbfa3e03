"""Admin: synonym groups (a snippet staff edit) and the search terms report."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.admin.views import ScopedChooserViewSet
from directory.permissions import local_authority_ids_for

from .models import SynonymGroup
from .reports import SearchTermsReportView


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    add_to_admin_menu = False
    list_display = ["name", "terms", "updated_at"]
    search_fields = ["name", "terms"]
    chooser_viewset_class = ScopedChooserViewSet


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        path("reports/search-terms/", SearchTermsReportView.as_view(), name="waymark_search_terms"),
        path(
            "reports/search-terms/results/",
            SearchTermsReportView.as_view(results_only=True),
            name="waymark_search_terms_results",
        ),
    ]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return local_authority_ids_for(request.user) != set()


@hooks.register("register_reports_menu_item")
def search_terms_menu_item():
    return SearchTermsMenuItem(
        "Search terms", reverse("waymark_search_terms"), icon_name="search", order=900
    )
