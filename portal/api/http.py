"""What every ORUK endpoint answers with: JSON, open CORS, errors as JSON, conditional GET."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from .params import ParamError

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MAX_AGE_SECONDS = 60


class NotFound(Exception):
    """No published record answers to this id."""


def json_response(body: object, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error(status: int, code: str, message: str, parameter: str = "") -> JsonResponse:
    body = {"error": code, "message": message}
    if parameter:
        body["parameter"] = parameter
    return json_response(body, status=status)


def with_last_modified(response: HttpResponse, when: dt.datetime | None) -> HttpResponse:
    if when is not None:
        response["Last-Modified"] = http_date(when.timestamp())
    return response


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def oruk_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view: read-only methods, 400/404/405 as JSON, CORS, ETag and 304 answers.

    CSRF-exempt because nothing here writes: a POST from any origin gets the API's own JSON
    405 rather than Django's HTML CSRF page.
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = error(405, "method_not_allowed", "This API is read-only: use GET.")
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except ParamError as fault:
            return _cors(error(400, "invalid_parameter", fault.message, fault.parameter))
        except NotFound:
            return _cors(error(404, "not_found", "No published record has this id."))
        if response.status_code == 200 and response.streaming:
            # A whole feed is written as it is read: no ETag (that would need all of it first).
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            set_response_etag(response)
            last_modified = response.get("Last-Modified")
            response = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(last_modified) if last_modified else None,
                response=response,
            )
        return _cors(response)

    return wrapped
