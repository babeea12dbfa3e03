"""The mapping module's own 403 and 404 pages: GOV.UK wording, mapping navigation kept."""

from __future__ import annotations

from django.shortcuts import render


def refused(request, exc: Exception):
    """403: say what the account cannot do and who can give access."""
    reason = str(exc) if exc.args else ""
    return render(request, "mapping/403.html", {"reason": reason}, status=403)


def not_found(request):
    """404: the same answer for a missing object and another council's object."""
    return render(request, "mapping/404.html", status=404)
