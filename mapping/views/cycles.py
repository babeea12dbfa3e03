"""Cycles (national administrators) and Children's Trust partnerships (mapping leads)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..forms import CycleForm, NewCycleForm, PartnerFormSet, PartnershipForm
from ..models import Cycle, Partnership
from ..permissions import (
    LA_WIDE_ROLES,
    LEAD,
    has_mapping_role,
    mapping_la_ids,
    require,
    require_mapping_role,
    require_national_admin,
)
from ..services import MappingError
from ..services.publishing import publish_cycle
from .helpers import require_any_role_at


@require_mapping_role()
def cycle_list(request):
    return render(request, "mapping/cycle_list.html", {"cycles": Cycle.objects.all()})


@require_national_admin
def cycle_create(request):
    form = NewCycleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["label"]
        cycle = Cycle.objects.create(label=label, **Cycle.standard_timetable(label))
        messages.success(request, f"Cycle {cycle} created with the standard timetable.")
        return redirect("mapping:cycle_edit", cycle_id=cycle.pk)
    return render(request, "mapping/form_page.html", {"form": form, "title": "New mapping cycle"})


@require_national_admin
def cycle_edit(request, cycle_id: int):
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = CycleForm(request.POST if request.method == "POST" else None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Cycle {cycle} saved.")
        return redirect("mapping:cycle_list")
    return render(
        request, "mapping/form_page.html", {"form": form, "title": f"Timetable and state: {cycle}"}
    )


@require_national_admin
@require_http_methods(["GET", "POST"])
def cycle_publish(request, cycle_id: int):
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    if request.method == "POST":
        try:
            figures = publish_cycle(cycle)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Cycle {cycle} published: {figures['confirmed']} services confirmed, "
                f"{figures['unconfirmed']} flagged as not confirmed.",
            )
        return redirect("mapping:cycle_list")
    return render(
        request,
        "mapping/confirm.html",
        {
            "title": f"Publish the {cycle} cycle",
            "body": "Confirmed services get a new review date. Services not confirmed are flagged "
            "for staff and leave the public directory after the grace period.",
            "button": "Publish cycle",
        },
    )


@require_mapping_role(*LA_WIDE_ROLES)
def partnership_list(request):
    ids = mapping_la_ids(request.user)
    partnerships = Partnership.objects.select_related("local_authority").prefetch_related("members")
    if ids is not None:
        partnerships = partnerships.filter(local_authority_id__in=ids)
    return render(request, "mapping/partnership_list.html", {"partnerships": partnerships})


def _save_partnership(request, partnership: Partnership | None):
    lead_las = mapping_la_ids(request.user, [LEAD])
    form = PartnershipForm(
        request.POST if request.method == "POST" else None,
        instance=partnership,
        local_authorities=lead_las,
    )
    formset = PartnerFormSet(
        request.POST if request.method == "POST" else None, instance=partnership or Partnership()
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            saved = form.save()
            formset.instance = saved
            formset.save()
        messages.success(request, f"{saved} saved.")
        return redirect("mapping:partnership_list")
    return render(
        request,
        "mapping/partnership_form.html",
        {"form": form, "formset": formset, "partnership": partnership},
    )


@require_mapping_role(LEAD)
def partnership_create(request):
    return _save_partnership(request, None)


@require_mapping_role(LEAD)
def partnership_edit(request, pk: int):
    partnership = get_object_or_404(Partnership, pk=pk)
    require_any_role_at(request.user, partnership.local_authority_id, "partnership")
    require(has_mapping_role(request.user, partnership.local_authority_id, [LEAD]))
    return _save_partnership(request, partnership)
