"""Public Local Offer pages: the comment form and the yearly "You said, we did" pages."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from directory.models import LocalAuthority, LocalOfferFeedback

from ..ratelimit import HourlyLimit
from ..site import site_local_authority_id
from .forms import LocalOfferFeedbackForm

FEEDBACK_LIMIT = HourlyLimit("local-offer-feedback", per_hour=5)


@require_http_methods(["GET", "POST"])
def feedback(request) -> HttpResponse:
    """Stores a comment for the site's LA (or the chosen one); five an hour from one address."""
    la_id = site_local_authority_id(request)
    context = {
        "per_hour": FEEDBACK_LIMIT.per_hour,
        "contact_days": settings.WAYMARK_CONTACT_RETENTION_DAYS,
    }
    data = request.POST if request.method == "POST" else None
    form = LocalOfferFeedbackForm(data, ask_local_authority=la_id is None)
    if request.method == "POST":
        if FEEDBACK_LIMIT.exceeded(request):
            context.update(form=form, rate_limited=True)
            return render(request, "portal/local_offer/feedback.html", context, status=429)
        if form.is_valid():
            comment = form.save(commit=False)
            comment.local_authority_id = la_id or form.cleaned_data["local_authority"].pk
            comment.save()
            FEEDBACK_LIMIT.count(request)
            return redirect("local_offer:feedback_thanks")
    context["form"] = form
    return render(request, "portal/local_offer/feedback.html", context)


def feedback_thanks(request) -> HttpResponse:
    return render(request, "portal/local_offer/feedback_thanks.html")


def _published(request):
    qs = LocalOfferFeedback.objects.published().annotate(year_received=ExtractYear("created_at"))
    la_id = site_local_authority_id(request)
    return qs.filter(local_authority_id=la_id) if la_id else qs


def you_said_we_did_index(request) -> HttpResponse:
    years = (
        _published(request)
        .order_by("-year_received")
        .values_list("year_received", flat=True)
        .distinct()
    )
    return render(request, "portal/local_offer/you_said_index.html", {"years": list(years)})


def you_said_we_did_year(request, year: int) -> HttpResponse:
    """The answered comments staff chose to publish for ``year``: their words only."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # no date falls in it
        raise Http404("Nothing published for that year")
    entries = list(
        _published(request)
        .filter(year_received=year)
        .only("local_authority_id", "about", "you_said", "we_did", "created_at")
        .order_by("local_authority__name", "about", "created_at")
    )
    if not entries:
        raise Http404("Nothing published for that year")
    names = dict(
        LocalAuthority.objects.filter(id__in={e.local_authority_id for e in entries}).values_list(
            "id", "name"
        )
    )
    councils = [
        (
            names[la_id],
            [
                (LocalOfferFeedback.About(about).label, list(items))
                for about, items in groupby(group, key=lambda e: e.about)
            ],
        )
        for la_id, group in groupby(entries, key=lambda e: e.local_authority_id)
    ]
    return render(
        request,
        "portal/local_offer/you_said_year.html",
        {"year": year, "councils": councils, "show_council": len(councils) > 1},
    )
