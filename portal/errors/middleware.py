"""Malformed requests answer 400 (or 404 for a page number past the end), never 500.

Some views, Wagtail's among them, pass request values straight into a query, a paginator or
``json.loads``; junk then surfaces as an exception whose type says unambiguously that the input
was malformed. This middleware turns exactly those exceptions into the GOV.UK "bad request" page
(or the API's JSON error), logs them as warnings, and lets every other exception through as
the real server error it is.
"""

from __future__ import annotations

import json
import logging
import re

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.utils.datastructures import MultiValueDictKeyError
from django.views.defaults import bad_request, page_not_found

logger = logging.getLogger(__name__)

#: Django's message when a non-number reaches an integer field's lookup (a plain ValueError).
NOT_A_NUMBER = re.compile(r"^Field '\w+' expected a number but got ")
MALFORMED = (json.JSONDecodeError, ValidationError, MultiValueDictKeyError, OverflowError)


#: SQLite's messages for a full-text query it cannot parse (an unpaired quote, a stray
#: operator): Wagtail's own search hands it the words as typed.
FULL_TEXT_SYNTAX = re.compile(r"^(unterminated string|fts5: syntax error)")


def database_refused_the_input(request, exception: BaseException) -> bool:
    """A request value that a view put straight into a query (Wagtail's admin API search,
    say) and the database refused as text: a NUL character (PostgreSQL refuses it, SQLite's
    full-text search reads it as the end of the string) or, on SQLite, words that are not a
    full-text query. Neither is the database failing."""
    if not isinstance(exception, DatabaseError):
        return False
    if FULL_TEXT_SYNTAX.match(str(exception)):
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


def is_malformed_input(exception: BaseException) -> bool:
    if isinstance(exception, MALFORMED):
        return True
    return isinstance(exception, (ValueError, TypeError)) and bool(
        NOT_A_NUMBER.match(str(exception))
    )


class MalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidPage):
            return page_not_found(request, Http404(str(exception)))
        if not (is_malformed_input(exception) or database_refused_the_input(request, exception)):
            return None
        logger.warning(
            "Malformed request %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "The request could not be understood."}, status=400)
        return bad_request(request, exception)
