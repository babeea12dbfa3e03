"""The mapping lead's and DCS's actions on one LA's cycle."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from ..forms import (
    CommentaryForm,
    ConfirmCompletionForm,
    NewServiceForm,
    PickServicesForm,
    SignOffForm,
    UnlockForm,
)
from ..models import AnnualReportCommentary
from ..permissions import DCS, LEAD, require_mapping_role, require_national_admin
from ..progress import completeness
from ..reports.data_quality import RULES, data_quality_report
from ..reports.scope import ReportScope
from ..services import MappingError
from ..services.locking import (
    active_confirmation,
    active_sign_off,
    confirm_completion,
    sign_off,
    unlock,
)
from ..services.prefill import prefill_from_previous
from ..services.workflow import add_new_service, add_services, chase
from .helpers import la_and_cycle


def _back(la, cycle):
    return redirect("mapping:progress", la_slug=la.slug, cycle_id=cycle.pk)


@require_mapping_role(LEAD)
def pick_services(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    form = PickServicesForm(
        request.POST if request.method == "POST" else None, local_authority=la, cycle=cycle
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = add_services(cycle, la, form.cleaned_data["services"], request.user)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{len(created)} service(s) added to {cycle}.")
        return _back(la, cycle)
    return render(
        request, "mapping/pick_services.html", {"form": form, "local_authority": la, "cycle": cycle}
    )


@require_mapping_role(LEAD)
def new_service(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    form = NewServiceForm(request.POST if request.method == "POST" else None, local_authority=la)
    if request.method == "POST" and form.is_valid():
        try:
            service = add_new_service(cycle, la, request.user, **form.cleaned_data).service
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{service} added (not shown in the public directory).")
        return _back(la, cycle)
    return render(
        request,
        "mapping/form_page.html",
        {"form": form, "title": f"Add a service that is not in the directory ({la}, {cycle})"},
    )


@require_mapping_role(LEAD)
def prefill(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        created = prefill_from_previous(cycle, la, request.user)
    except MappingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{len(created)} return(s) pre-filled from the previous cycle.")
    return _back(la, cycle)


@require_mapping_role(LEAD)
def chase_delegates(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sent = chase(cycle, la, overdue_only=request.POST.get("overdue_only") == "1")
    messages.success(request, f"{sent} reminder email(s) sent.")
    return _back(la, cycle)


def _summary_context(la, cycle) -> dict:
    """What the lead reads before confirming completion and the DCS before signing off."""
    quality = data_quality_report(ReportScope(cycle=cycle, local_authority=la))
    return {
        "local_authority": la,
        "cycle": cycle,
        "summary": completeness(la, cycle, timezone.localdate()),
        "warnings": [
            (label, len(quality.for_rule(rule)), quality.for_rule(rule)[:10])
            for rule, label in RULES.items()
        ],
        "warning_count": len(quality.findings),
        "report_query": urlencode({"la": la.code, "cycle": cycle.label}),
        "signed": active_sign_off(la.pk, cycle.pk),
        "confirmation": active_confirmation(la.pk, cycle.pk),
    }


@require_mapping_role(LEAD)
def confirm_completion_view(request, la_slug: str, cycle_id: int):
    """The lead's "confirm completion", after the completeness summary (before DCS sign-off)."""
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    form = ConfirmCompletionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_completion(la, cycle, request.user)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Completion of {la}'s {cycle} returns confirmed. "
                "The Director of Children's Services can now sign off.",
            )
            return _back(la, cycle)
    return render(
        request, "mapping/confirm_completion.html", {"form": form, **_summary_context(la, cycle)}
    )


@require_mapping_role(DCS)
def sign_off_view(request, la_slug: str, cycle_id: int):
    """Sign-off, after a summary of how complete the returns are and what the checks found."""
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [DCS])
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_off(la, cycle, request.user)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{la}'s returns for {cycle} are signed off and locked.")
            return _back(la, cycle)
    return render(request, "mapping/sign_off.html", {"form": form, **_summary_context(la, cycle)})


@require_mapping_role(LEAD)
def commentary_view(request, la_slug: str, cycle_id: int):
    """The lead's own commentary for the LA's annual report (plain text, shown escaped)."""
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    commentary = AnnualReportCommentary.objects.filter(local_authority=la, cycle=cycle).first()
    form = CommentaryForm(
        request.POST if request.method == "POST" else None,
        initial={"text": commentary.text if commentary else ""},
    )
    if request.method == "POST" and form.is_valid():
        AnnualReportCommentary.objects.update_or_create(
            local_authority=la,
            cycle=cycle,
            defaults={"text": form.cleaned_data["text"], "updated_by": request.user},
        )
        messages.success(request, "Commentary saved. It appears in the annual report.")
        return redirect(
            reverse("mapping:reports:report", kwargs={"slug": "annual-report"})
            + "?"
            + urlencode({"la": la.code, "cycle": cycle.label})
        )
    return render(
        request,
        "mapping/form_page.html",
        {
            "form": form,
            "title": f"Your commentary for {la}'s {cycle} annual report",
            "button": "Save commentary",
        },
    )


@require_national_admin
def unlock_view(request, la_slug: str, cycle_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD, DCS])
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            unlock(la, cycle, request.user, form.cleaned_data["reason"])
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{la}'s returns for {cycle} are unlocked.")
            return _back(la, cycle)
    return render(
        request,
        "mapping/form_page.html",
        {
            "form": form,
            "title": f"Unlock {la}'s returns for {cycle}",
            "button": "Unlock",
            "sign_off": active_sign_off(la.pk, cycle.pk),
        },
    )
