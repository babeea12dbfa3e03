"""Thin guards in front of Wagtail admin views that answer 500 on malformed input (Wagtail 8.0).

Each guard checks only the input that Wagtail's view assumes is present, answers a clean 4xx (or
lets the form say what is missing) when it is not, and otherwise calls Wagtail's own view
unchanged. Registered in portal/urls.py ahead of Wagtail's admin URLs, on the same paths.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.defaults import bad_request
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ExternalLinkView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.contrib.redirects.views import process_import
from wagtail.models import Page

_external_link = ExternalLinkView.as_view()
_URL_FIELD = f"{ExternalLinkView.form_prefix}-{ExternalLinkView.link_url_field_name}"
#: The signed hidden fields Wagtail's redirects import confirmation reads without checking.
_IMPORT_FIELDS = ("import_file_name", "input_format")


def _refuse(request: HttpRequest, reason: str) -> HttpResponse:
    return bad_request(request, BadRequest(reason))


@require_admin_access
def choose_external_link(request: HttpRequest) -> HttpResponse:
    """A post without the url field gets the form's "required" error, not an AttributeError."""
    if request.method == "POST" and _URL_FIELD not in request.POST:
        request.POST = request.POST.copy()
        request.POST[_URL_FIELD] = ""
    return _external_link(request)


@require_admin_access
def process_redirects_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not all(request.POST.get(f) for f in _IMPORT_FIELDS):
        return _refuse(request, "The redirects import confirmation is missing its upload.")
    return process_import(request)


def _not_on_the_root_page(action: str, page_id_kwarg: str):
    """Wagtail's page ``action`` view, refusing the tree root (it has no parent to check)."""
    view = page_viewset_registry.as_view(action, page_id_kwarg=page_id_kwarg)

    @require_admin_access
    def guarded(request: HttpRequest, **kwargs) -> HttpResponse:
        if Page.objects.filter(pk=kwargs[page_id_kwarg], depth=1).exists():
            return _refuse(request, "The root of the page tree cannot be locked or moved.")
        return view(request, **kwargs)

    return guarded


urlpatterns = [
    path("admin/choose-external-link/", choose_external_link),
    path("admin/redirects/import/process/", process_redirects_import),
    path("admin/pages/<int:page_id>/lock/", _not_on_the_root_page("lock", "page_id")),
    path("admin/pages/<int:page_id>/unlock/", _not_on_the_root_page("unlock", "page_id")),
    path(
        "admin/pages/<int:page_to_move_id>/set_position/",
        _not_on_the_root_page("set_page_position", "page_to_move_id"),
    ),
]
