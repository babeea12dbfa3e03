"""When PostgreSQL or Redis goes away mid-run: "Sorry, the service is unavailable".

Django turns any exception into its 500 handler; ``server_error`` (``handler500``) tells an
outage of the database or the shared cache apart from a fault in the code and answers 503
with ``Retry-After`` and a page that needs neither. Nothing has to restart afterwards:
Django drops a database connection that failed at the end of the request and opens a new
one for the next, and the Redis client reconnects on its own.

Anything that relies on the shared cache (rate limits, password reset throttling) fails
closed: with Redis gone those requests get this page too, not an unthrottled pass. Login
throttling (django-axes) keeps its counts in the database, so without PostgreSQL no login
is possible at all.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

from portal.api.http import error

logger = logging.getLogger("waymark.outage")
RETRY_AFTER_SECONDS = 30


def _outage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, _outage_errors())


def unavailable(request) -> HttpResponse:
    if request.path_info.startswith(settings.WAYMARK_API_PREFIX):
        response = error(503, "unavailable", "The service is unavailable. Try again later.")
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs) -> HttpResponse:
    """``handler500``: a 503 for an outage of PostgreSQL or Redis, else the 500 page."""
    fault = sys.exc_info()[1]
    if is_outage(fault):
        logger.error("Dependency unavailable, answering 503: %s: %s", type(fault).__name__, fault)
        return unavailable(request)
    if request.path_info.startswith(settings.WAYMARK_API_PREFIX):
        return error(500, "server_error", "Something went wrong on our side.")
    return HttpResponseServerError(loader.get_template("500.html").render())
