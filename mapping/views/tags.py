"""The lists an LA keeps for tagging returns: CYPP key actions and enablers under each
priority, its own client groups beside the national list, and its localities (area teams).

Everyone with an LA-wide role sees the lists; only the mapping lead changes them.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from directory.models import LocalAuthority

from ..forms import GovukMixin
from ..models import ClientGroup, Locality, Outcome, PriorityAction
from ..permissions import LA_WIDE_ROLES, LEAD, has_mapping_role, require, require_mapping_role
from ..services import MappingError
from ..services.client_groups import add_client_group, client_groups_for, remove_client_group
from ..services.tags import (
    add_locality,
    add_priority_action,
    remove_locality,
    remove_priority_action,
)
from .helpers import require_any_role_at


class PriorityActionForm(GovukMixin, forms.Form):
    priority = forms.ModelChoiceField(queryset=Outcome.objects.none(), label="CYPP priority")
    kind = forms.ChoiceField(
        choices=PriorityAction.Kind.choices, widget=forms.RadioSelect, label="Key action or enabler"
    )
    name = forms.CharField(max_length=200, label="Name")

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.fields["priority"].queryset = Outcome.objects.filter(
            kind=Outcome.Kind.CYPP, local_authority=local_authority
        )


class NameForm(GovukMixin, forms.Form):
    name = forms.CharField(max_length=120)

    def __init__(self, *args, prefix: str, label: str, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["name"].label = label


#: What each "remove" button names: the model and the LA the object must belong to.
REMOVABLE = {
    "action": (PriorityAction, "priority__local_authority", remove_priority_action),
    "group": (ClientGroup, "local_authority", remove_client_group),
    "locality": (Locality, "local_authority", remove_locality),
}


@require_mapping_role(*LA_WIDE_ROLES)
def tags(request, la_slug: str):
    la = get_object_or_404(LocalAuthority, slug=la_slug)
    require_any_role_at(request.user, la.pk, "local authority")
    require(has_mapping_role(request.user, la.pk, LA_WIDE_ROLES))
    is_lead = has_mapping_role(request.user, la.pk, [LEAD])
    posted = request.POST if request.method == "POST" else None
    step = request.POST.get("step", "") if posted else ""
    action_form = PriorityActionForm(posted if step == "action" else None, local_authority=la)
    group_form = NameForm(
        posted if step == "group" else None, prefix="group", label="New client group"
    )
    locality_form = NameForm(
        posted if step == "locality" else None, prefix="locality", label="New locality or area team"
    )
    if posted is not None:
        require(is_lead, "Only the mapping lead can change these lists.")
        try:
            done = _apply(request, la, step, action_form, group_form, locality_form)
        except MappingError as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, done)
                return redirect("mapping:tags", la_slug=la.slug)
    priorities = Outcome.objects.filter(
        kind=Outcome.Kind.CYPP, local_authority=la
    ).prefetch_related("actions")
    return render(
        request,
        "mapping/tags.html",
        {
            "local_authority": la,
            "is_lead": is_lead,
            "priorities": priorities,
            "client_groups": client_groups_for(la.pk),
            "localities": Locality.objects.filter(local_authority=la),
            "action_form": action_form,
            "group_form": group_form,
            "locality_form": locality_form,
        },
    )


def _apply(request, la, step, action_form, group_form, locality_form) -> str | None:
    """Carry out one posted change; the message to show, or None when a form has errors."""
    remove = request.POST.get("remove", "")
    if step in REMOVABLE and remove:
        model, owner, remover = REMOVABLE[step]
        if not remove.isdigit():
            raise Http404("No such item.")
        item = get_object_or_404(model, pk=remove, **{owner: la})
        remover(item)
        return f"'{getattr(item, 'name', item)}' removed."
    if step == "action" and action_form.is_valid():
        data = action_form.cleaned_data
        add_priority_action(data["priority"], data["kind"], data["name"])
        return "Key action or enabler added."
    if step == "group" and group_form.is_valid():
        add_client_group(la, group_form.cleaned_data["name"])
        return "Client group added."
    if step == "locality" and locality_form.is_valid():
        add_locality(la, locality_form.cleaned_data["name"])
        return "Locality added."
    if step not in ("action", "group", "locality"):
        raise Http404("No such list.")
    return None
