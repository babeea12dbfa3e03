"""Public JSON endpoint for search-box suggestions (``/services/suggest?q=``)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from portal.site import site_local_authority_id
from search import suggest

MAX_SUGGESTIONS = 8


@require_GET
def suggestions(request) -> JsonResponse:
    """``{"query": q, "suggestions": [{"name", "url", "kind"}]}`` (kind: category, term or
    service); fewer than 2 letters gives none."""
    text = request.GET.get("q", "")[:100]
    found = suggest(text, site_local_authority_id(request), MAX_SUGGESTIONS)
    response = JsonResponse({"query": text, "suggestions": found})
    response["Cache-Control"] = "public, max-age=60"
    return response
