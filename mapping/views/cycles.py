"""Cycles (national administrators) and Children's Trust partnerships (mapping leads)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView, ListView, UpdateView

from ..forms import CycleForm, NewCycleForm, PartnerFormSet, PartnershipForm
from ..models import Cycle, Partnership
from ..permissions import (
    LA_WIDE_ROLES,
    LEAD,
    MappingRoleRequired,
    require,
    require_national_admin,
)
from ..services import MappingError
from ..services.publishing import publish_cycle
from ..services.timetable import record_cycle_edit
from .helpers import require_any_role_at


class CycleList(MappingRoleRequired, ListView):
    model = Cycle
    template_name = "mapping/cycle_list.html"
    context_object_name = "cycles"


class CycleCreate(MappingRoleRequired, FormView):
    national_admin_only = True
    form_class = NewCycleForm
    template_name = "mapping/form_page.html"
    extra_context = {"title": "New mapping cycle"}

    def form_valid(self, form):
        label = form.cleaned_data["label"]
        cycle = Cycle.objects.create(label=label, **Cycle.standard_timetable(label))
        messages.success(self.request, f"Cycle {cycle} created with the standard timetable.")
        return redirect("mapping:cycle_edit", cycle_id=cycle.pk)


class CycleEdit(MappingRoleRequired, UpdateView):
    national_admin_only = True
    model = Cycle
    form_class = CycleForm
    pk_url_kwarg = "cycle_id"
    template_name = "mapping/form_page.html"
    success_url = reverse_lazy("mapping:cycle_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, title=f"Timetable and state: {self.object}")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_cycle_edit(self.object, form, self.request.user)
        messages.success(self.request, f"Cycle {self.object} saved.")
        return response


cycle_list = CycleList.as_view()
cycle_create = CycleCreate.as_view()
cycle_edit = CycleEdit.as_view()


@require_national_admin
@require_http_methods(["GET", "POST"])
def cycle_publish(request, cycle_id: int):
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    if request.method == "POST":
        try:
            figures = publish_cycle(cycle, user=request.user)
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


class PartnershipList(MappingRoleRequired, ListView):
    roles = LA_WIDE_ROLES
    template_name = "mapping/partnership_list.html"
    context_object_name = "partnerships"

    def get_queryset(self):
        ids = self.access.la_ids()
        partnerships = Partnership.objects.select_related("local_authority").prefetch_related(
            "members"
        )
        if ids is not None:
            partnerships = partnerships.filter(local_authority_id__in=ids)
        partnerships = list(partnerships)
        for p in partnerships:
            p.editable = self.access.is_lead_for(p.local_authority_id)
        return partnerships


class PartnershipEdit(MappingRoleRequired, UpdateView):
    """Create (no pk) or edit a partnership with its member organisations, in one save."""

    roles = (LEAD,)
    model = Partnership
    form_class = PartnershipForm
    template_name = "mapping/partnership_form.html"
    context_object_name = "partnership"
    success_url = reverse_lazy("mapping:partnership_list")

    def authorize(self) -> None:
        if "pk" in self.kwargs:
            partnership = get_object_or_404(Partnership, pk=self.kwargs["pk"])
            require_any_role_at(self.request.user, partnership.local_authority_id, "partnership")
            require(self.access.is_lead_for(partnership.local_authority_id))

    def get_object(self, queryset=None):
        return super().get_object(queryset) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "local_authorities": self.access.la_ids([LEAD])}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formset"] = kwargs.get("formset") or PartnerFormSet(
            self.request.POST if self.request.method == "POST" else None,
            instance=self.object or Partnership(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        formset = PartnerFormSet(request.POST, instance=self.object or Partnership())
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        with transaction.atomic():
            saved = form.save()
            formset.instance = saved
            formset.save()
        messages.success(request, f"{saved} saved.")
        return redirect(self.success_url)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())


partnership_list = PartnershipList.as_view()
partnership_create = PartnershipEdit.as_view()
partnership_edit = PartnershipEdit.as_view()
