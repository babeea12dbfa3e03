"""Operational endpoints."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse


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
