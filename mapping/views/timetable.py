"""A cycle's timetable and history; data-entry extensions asked for and decided."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from directory.models import LocalAuthority

from ..models import Cycle, CycleState, DataEntryExtension
from ..permissions import (
    LA_WIDE_ROLES,
    LEAD,
    MappingAccess,
    require_mapping_role,
    require_national_admin,
)
from ..services import MappingError
from ..services.scheduler import release_results_now
from ..services.timetable import (
    closes_for,
    decide_extension,
    effective_state,
    events_visible,
    long_date,
    request_extension,
)
from ..timetable_forms import ExtensionDecisionForm, ExtensionRequestForm
from .helpers import la_and_cycle

#: Events shown on the page (newest first); older ones stay in the database.
EVENTS_SHOWN = 200


def _decision_form(extension: DataEntryExtension, data=None) -> ExtensionDecisionForm:
    return ExtensionDecisionForm(data, prefix=f"ext{extension.pk}")


def _page(request, cycle: Cycle, bound: ExtensionDecisionForm | None = None, status: int = 200):
    access = MappingAccess.for_request(request)
    la_ids = access.la_ids()
    today = timezone.localdate()
    extensions = cycle.extensions.select_related(
        "local_authority", "requested_by", "decided_by"
    ).order_by("status", "-requested_at")
    if la_ids is not None:
        extensions = extensions.filter(local_authority_id__in=la_ids)
    pending = []
    if access.national_admin:
        for extension in extensions:
            if extension.status == DataEntryExtension.Status.REQUESTED:
                form = bound if bound is not None and bound.prefix == f"ext{extension.pk}" else None
                pending.append((extension, form or _decision_form(extension)))
    areas = []
    if la_ids is not None:
        for la in LocalAuthority.objects.filter(pk__in=la_ids).order_by("name"):
            state = effective_state(cycle, la.pk, today)
            areas.append(
                {
                    "la": la,
                    "state": CycleState(state).label,
                    "closes": closes_for(cycle, la.pk),
                    "may_ask": access.is_lead_for(la.pk) and cycle.state != CycleState.PUBLISHED,
                }
            )
    return render(
        request,
        "mapping/cycle_detail.html",
        {
            "cycle": cycle,
            "areas": areas,
            "extensions": extensions,
            "pending": pending,
            "events": events_visible(cycle, la_ids)[:EVENTS_SHOWN],
            "form": bound,
            "may_release": cycle.state in (CycleState.CLOSED, CycleState.PUBLISHED),
        },
        status=status,
    )


@require_mapping_role(*LA_WIDE_ROLES)
def cycle_detail(request, cycle_id: int):
    """The timetable, where each of the user's LAs stands, extensions, and every change."""
    return _page(request, get_object_or_404(Cycle, pk=cycle_id))


@require_mapping_role(LEAD)
def extension_request(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    form = ExtensionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            request_extension(
                cycle, la, request.user, form.cleaned_data["until"], form.cleaned_data["reason"]
            )
        except MappingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Extension requested. A national administrator will decide on it."
            )
            return redirect("mapping:cycle_detail", cycle_id=cycle.pk)
    return render(
        request,
        "mapping/form_page.html",
        {
            "form": form,
            "title": f"Ask for more time for {la} ({cycle})",
            "intro": f"Data entry closes at the end of {long_date(closes_for(cycle, la.pk))}. "
            "If a national administrator grants an extension, your local authority's returns "
            "stay open to the end of the date granted; every other authority closes as planned.",
            "button": "Ask for an extension",
        },
    )


@require_national_admin
def extension_decide(request, cycle_id: int):
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    raw = request.POST.get("extension", "")
    if not raw.isdigit():
        raise Http404("No such extension request.")
    extension = get_object_or_404(DataEntryExtension, pk=int(raw), cycle=cycle)
    form = _decision_form(extension, request.POST)
    if form.is_valid():
        grant = form.cleaned_data["decision"] == "grant"
        try:
            decide_extension(
                extension,
                request.user,
                grant,
                form.cleaned_data["until"],
                form.cleaned_data["note"],
            )
        except MappingError as error:
            form.add_error(None, str(error))
        else:
            verb = "granted" if grant else "refused"
            messages.success(request, f"Extension for {extension.local_authority} {verb}.")
            return redirect("mapping:cycle_detail", cycle_id=cycle.pk)
    return _page(request, cycle, bound=form)


@require_national_admin
@require_http_methods(["GET", "POST"])
def results_release(request, cycle_id: int):
    """Release the results before the results date (the scheduler would on the day)."""
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    if request.method == "POST":
        try:
            release_results_now(cycle.pk, request.user)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The results of {cycle} are released: partnership viewers can see the "
                "reports marked for them.",
            )
        return redirect("mapping:cycle_detail", cycle_id=cycle.pk)
    return render(
        request,
        "mapping/confirm.html",
        {
            "title": f"Release the results of {cycle} now?",
            "body": f"The results are due to be released on {long_date(cycle.results_due)}. "
            "Releasing them now lets every partnership's read-only viewers see the reports "
            "marked for them. This cannot be undone.",
            "button": "Release results now",
        },
    )
