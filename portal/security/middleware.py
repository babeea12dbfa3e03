"""Security middleware: rate limits, response headers and the Content-Security-Policy."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse

from . import ratelimit


def is_api(request) -> bool:
    return request.path_info.startswith(settings.WAYMARK_API_PREFIX)


class RateLimitMiddleware:
    """429 with ``Retry-After`` (JSON for the API, the GOV.UK page otherwise) past a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = ratelimit.limit_for(request.path_info)
        wait = ratelimit.retry_after(request, limit) if limit else None
        if wait is None:
            return self.get_response(request)
        if is_api(request):
            response = JsonResponse(
                {
                    "error": "Too many requests. Wait before trying again.",
                    "status": 429,
                    "retry_after": wait,
                },
                status=429,
            )
        else:
            response = TemplateResponse(request, "429.html", {"retry_after": wait}, status=429)
            response.render()
        response["Retry-After"] = str(wait)
        return response


class ResponseHeadersMiddleware:
    """A Permissions-Policy on every response; ``no-store`` on staff-only pages and exports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.WAYMARK_PERMISSIONS_POLICY)
        attachment = response.get("Content-Disposition", "").startswith("attachment")
        if attachment or request.path_info.startswith(tuple(settings.WAYMARK_NO_STORE_PREFIXES)):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy everywhere, with inline styles allowed inside the Wagtail admin.

    No page may run inline script. The Wagtail admin writes ``style`` attributes in its own
    templates, so within ``/admin/`` (only) styles may be inline; scripts still may not
    (``templates/wagtailadmin/`` replaces Wagtail's few inline-script templates).
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.WAYMARK_ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **settings.WAYMARK_ADMIN_CSP_UPDATE}
        return parts
