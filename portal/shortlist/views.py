"""Save, remove, list, print and share services, without an account.

Every change is a POST with a CSRF token and works without JavaScript (it redirects back);
a request that asks for JSON (the page's script) gets the new state instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.mail import send_mail
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from directory.models import Service
from directory.summaries import summaries
from portal.site import site_local_authority_id

from ..ratelimit import HourlyLimit
from .forms import EmailShortlistForm, ServiceChoiceForm
from .sharing import LinkExpired, expires_on, make_token, read_token, share_days
from .store import Shortlist, in_saved_order

EMAIL_LIMIT = HourlyLimit("shortlist-email", per_hour=5)


def visible_services(request):
    """Public services this site shows, with what the shortlist displays."""
    qs = (
        Service.objects.public()
        .select_related("organisation")
        .prefetch_related("service_locations__location")
    )
    la_id = site_local_authority_id(request)
    return qs.filter(local_authority_id=la_id) if la_id else qs


def _entries(request, ids: list[int]) -> list[dict]:
    services = in_saved_order(visible_services(request), ids)
    facts = summaries(services)
    return [
        {
            "service": s,
            "url": request.build_absolute_uri(s.get_absolute_url()),
            "summary": facts[s.pk],
            "locations": []
            if s.withholds_details
            else [link.location for link in s.service_locations.all()],
        }
        for s in services
    ]


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, fallback: str, fragment: str = "") -> str:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return f"{target}#{fragment}" if fragment and "#" not in target else target


def _state(shortlist: Shortlist, service_id: int, status: int = 200, **extra) -> JsonResponse:
    return JsonResponse(
        {"saved": service_id in shortlist, "count": len(shortlist), **extra}, status=status
    )


@require_GET
def shortlist_page(request) -> HttpResponse:
    shortlist = Shortlist(request.session)
    entries = _entries(request, shortlist.ids)
    if len(entries) != len(shortlist):
        shortlist.keep_only(e["service"].pk for e in entries)
    ids = [e["service"].pk for e in entries]
    share_url = (
        request.build_absolute_uri(reverse("shortlist:shared", args=[make_token(ids)]))
        if ids
        else ""
    )
    return render(
        request,
        "portal/shortlist/shortlist.html",
        {
            "entries": entries,
            "share_url": share_url,
            "share_days": share_days(),
            "email_form": EmailShortlistForm(),
        },
    )


@require_POST
def add(request) -> HttpResponse:
    form = ServiceChoiceForm(request.POST)
    if not form.is_valid():
        return _bad_choice(request)
    service_id = form.cleaned_data["service"]
    if not visible_services(request).filter(pk=service_id).exists():
        raise Http404("No such service")
    shortlist = Shortlist(request.session)
    if not shortlist.add(service_id):
        message = "Your shortlist is full. Remove a service before saving another."
        if _wants_json(request):
            return _state(shortlist, service_id, status=409, message=message)
        messages.error(request, message)
    if _wants_json(request):
        return _state(shortlist, service_id)
    return redirect(_back(request, reverse("shortlist:page"), f"service-{service_id}"))


@require_POST
def remove(request) -> HttpResponse:
    form = ServiceChoiceForm(request.POST)
    if not form.is_valid():
        return _bad_choice(request)
    service_id = form.cleaned_data["service"]
    shortlist = Shortlist(request.session)
    shortlist.remove(service_id)
    if _wants_json(request):
        return _state(shortlist, service_id)
    return redirect(_back(request, reverse("shortlist:page"), f"service-{service_id}"))


@require_POST
def clear(request) -> HttpResponse:
    Shortlist(request.session).clear()
    return redirect("shortlist:page")


def _bad_choice(request) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": "Choose a service to save or remove."}, status=400)
    return HttpResponse("Choose a service to save or remove.", status=400)


@require_POST
def email(request) -> HttpResponse:
    """Send the shortlist's link to an address; the address is used once and not stored."""
    shortlist = Shortlist(request.session)
    entries = _entries(request, shortlist.ids)
    form = EmailShortlistForm(request.POST)
    context = {"entries": entries, "share_days": share_days(), "email_form": form}
    if not entries:
        return redirect("shortlist:page")
    ids = [e["service"].pk for e in entries]
    share_url = request.build_absolute_uri(reverse("shortlist:shared", args=[make_token(ids)]))
    context["share_url"] = share_url
    if EMAIL_LIMIT.exceeded(request):
        form.add_error(
            "email",
            f"You can send your shortlist {EMAIL_LIMIT.per_hour} times an hour. "
            "Copy the link instead, or try again later.",
        )
        return render(request, "portal/shortlist/shortlist.html", context, status=429)
    if not form.is_valid():
        return render(request, "portal/shortlist/shortlist.html", context, status=400)
    text = render_to_string(
        "portal/shortlist/email.txt",
        {"entries": entries, "share_url": share_url, "share_days": share_days()},
        request=request,
    )
    send_mail(
        "Your shortlist of services",
        text,
        settings.DEFAULT_FROM_EMAIL,
        [form.cleaned_data["email"]],
    )
    EMAIL_LIMIT.count(request)
    messages.success(request, "We have emailed your shortlist.")
    return redirect("shortlist:page")


@require_GET
def shared(request, token: str) -> HttpResponse:
    """A read-only shortlist from a link: only the services in it that are public now."""
    try:
        ids = read_token(token)
    except LinkExpired:
        return render(
            request,
            "portal/shortlist/shared_expired.html",
            {"share_days": share_days()},
            status=410,
        )
    except signing.BadSignature as error:
        raise Http404("Not a shortlist link") from error
    response = render(
        request,
        "portal/shortlist/shared.html",
        {"entries": _entries(request, ids), "expires_on": expires_on(token)},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
