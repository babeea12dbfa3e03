"""Security middleware: rate limits, response headers and the Content-Security-Policy."""

from __future__ import annotations

import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from . import ratelimit
from .second_factor import must_verify


def is_api(request) -> bool:
    return request.path_info.startswith(settings.WAYMARK_API_PREFIX)


class RateLimitMiddleware:
    """429 with ``Retry-After`` (JSON for the API, the GOV.UK page otherwise) past a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limits = ratelimit.limits_for(request)
        wait = ratelimit.retry_after(request, limits) if limits else None
        if wait is None:
            return self.get_response(request)
        if is_api(request):
            from portal.api.http import error

            response = error(
                429, "rate_limited", f"Too many requests. Wait {wait} seconds, then try again."
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


def is_staff_path(request) -> bool:
    return request.path_info.startswith(tuple(settings.WAYMARK_STAFF_PREFIXES))


class SecondFactorMiddleware:
    """Staff pages wait for the second factor: set it up first, or enter today's code.

    After django-otp's ``OTPMiddleware``, which tells whether this session has verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        exempt = request.path_info.startswith(tuple(settings.WAYMARK_OTP_EXEMPT_PREFIXES))
        if is_staff_path(request) and not exempt and must_verify(request):
            from django_otp import user_has_device

            target = settings.WAYMARK_OTP_VERIFY_URL
            if not user_has_device(request.user):
                target = settings.WAYMARK_OTP_SETUP_URL
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


STARTED = "waymark_session_started"
SEEN = "waymark_session_seen"


class StaffSessionTimeoutMiddleware:
    """Signed-in sessions end after ``WAYMARK_SESSION_IDLE_SECONDS`` without a request, and
    ``WAYMARK_SESSION_ABSOLUTE_SECONDS`` after they began, whatever happens in between."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(STARTED, now)
            seen = session.get(SEEN, now)
            idle = now - seen > settings.WAYMARK_SESSION_IDLE_SECONDS
            if idle or now - started > settings.WAYMARK_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _signed_out_message(idle))
            elif now - seen >= 60 or SEEN not in session:  # one session write a minute at most
                session[SEEN] = now
        return self.get_response(request)


def _signed_out_message(idle: bool) -> str:
    if idle:
        minutes = settings.WAYMARK_SESSION_IDLE_SECONDS // 60
        return f"You were signed out because you had not used the service for {minutes} minutes."
    hours = settings.WAYMARK_SESSION_ABSOLUTE_SECONDS // 3600
    return f"You were signed out because you had been signed in for {hours} hours."


class AuditMiddleware:
    """Log staff downloads and refused staff URLs as security events (``security.audit``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        from . import audit

        audit.record(request, response)
        return response
