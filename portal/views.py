"""Operational endpoints."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static


def healthz(request) -> JsonResponse:
    """Liveness and dependency status for load balancers and monitoring."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unavailable
        checks["database"] = "unavailable"
    from search import backend_health

    checks["search"] = backend_health()
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=200 if checks["database"] == "ok" else 503
    )


def favicon(request) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return HttpResponsePermanentRedirect(static("images/favicon.ico"))
