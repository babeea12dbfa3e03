"""An LA's own Children and Young People's Plan priorities (alongside the five ECM outcomes)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from directory.models import LocalAuthority

from ..forms import GovukMixin
from ..models import Outcome
from ..permissions import LA_WIDE_ROLES, LEAD, has_mapping_role, require, require_mapping_role
from ..services import MappingError
from ..services.outcomes import add_priority, remove_priority
from .helpers import require_any_role_at


class PriorityForm(GovukMixin, forms.Form):
    name = forms.CharField(max_length=200, label="New CYPP priority")


@require_mapping_role(*LA_WIDE_ROLES)
def priorities(request, la_slug: str):
    la = get_object_or_404(LocalAuthority, slug=la_slug)
    require_any_role_at(request.user, la.pk, "local authority")
    require(has_mapping_role(request.user, la.pk, LA_WIDE_ROLES))
    is_lead = has_mapping_role(request.user, la.pk, [LEAD])
    form = PriorityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(is_lead, "Only the mapping lead can change priorities.")
        remove = request.POST.get("remove")
        try:
            if remove:
                if not remove.isdigit():
                    raise Http404("No such priority.")
                outcome = get_object_or_404(Outcome, pk=remove, local_authority=la)
                remove_priority(outcome)
                messages.success(request, f"'{outcome}' removed.")
                return redirect("mapping:priorities", la_slug=la.slug)
            if form.is_valid():
                add_priority(la, form.cleaned_data["name"])
                messages.success(request, "Priority added.")
                return redirect("mapping:priorities", la_slug=la.slug)
        except MappingError as error:
            messages.error(request, str(error))
    return render(
        request,
        "mapping/priorities.html",
        {
            "local_authority": la,
            "form": form,
            "is_lead": is_lead,
            "ecm": Outcome.objects.filter(kind=Outcome.Kind.ECM, local_authority__isnull=True),
            "cypp": Outcome.objects.filter(kind=Outcome.Kind.CYPP, local_authority=la),
        },
    )
