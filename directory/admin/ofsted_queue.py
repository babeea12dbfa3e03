"""The "Ofsted changes" queue in the Wagtail admin: staff accept or dismiss, one by one or in
bulk, what the Ofsted extract brought for their own local authorities. Another LA's item
is a 404 whichever URL is typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from ..importers.ofsted import decisions
from ..importers.ofsted.extract import Registration
from ..importers.ofsted.offer import differences, latest_inspection, periods, registers
from ..importers.saving import latest_version
from ..models import LocalAuthority, OfstedChange
from ..permissions import local_authority_ids_for

PER_PAGE = 50


def _require_editor(request) -> None:
    if not request.user.has_perm("directory.change_service"):
        raise PermissionDenied


def _changes(request):
    _require_editor(request)
    return OfstedChange.objects.for_user(request.user).select_related(
        "registration__service", "service", "local_authority", "decided_by"
    )


def _own_local_authorities(user):
    ids = local_authority_ids_for(user)
    qs = LocalAuthority.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def change_list(request):
    changes = _changes(request)
    status = request.GET.get("status", OfstedChange.Status.PENDING)
    if status in OfstedChange.Status.values:
        changes = changes.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in OfstedChange.Kind.values:
        changes = changes.filter(kind=kind)
    la = request.GET.get("la", "")
    if la.isdigit():
        changes = changes.filter(local_authority_id=int(la))
    page = Paginator(changes.order_by("registration__name", "pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "directory/admin/ofsted_changes.html",
        {
            "page_obj": page,
            "status": status,
            "kind": kind,
            "la": la,
            "statuses": OfstedChange.Status.choices,
            "kinds": OfstedChange.Kind.choices,
            "local_authorities": _own_local_authorities(request.user),
        },
    )


def change_detail(request, pk: int):
    change = get_object_or_404(_changes(request), pk=pk)
    row = change.registration
    registration = Registration(urn=row.urn, line=0, data=row.data)
    diff = []
    if change.kind == OfstedChange.Kind.CHANGED and change.service is not None:
        diff = differences(latest_version(change.service), registration)
    judgement, inspected = latest_inspection(registration)
    return TemplateResponse(
        request,
        "directory/admin/ofsted_change.html",
        {
            "change": change,
            "row": row,
            "diff": diff,
            "registers": registers(registration),
            "periods": periods(registration),
            "judgement": judgement,
            "inspected": inspected,
            "history": registration.items("RegistrationStatusHistoryList"),
            "inspections": registration.items("InspectionList"),
            "ages": registration.items("ChildcareAgeList"),
        },
    )


def _decide(request, change: OfstedChange, action: str) -> bool:
    try:
        if action == "accept":
            decisions.accept(change, request.user)
        else:
            decisions.dismiss(change, request.user)
    except decisions.DecisionError as error:
        messages.error(request, f"{change.registration}: {error}")
        return False
    return True


@require_POST
def change_decide(request, pk: int, action: str):
    if action not in ("accept", "dismiss"):
        raise Http404
    change = get_object_or_404(_changes(request), pk=pk)
    if _decide(request, change, action):
        verb = "Accepted" if action == "accept" else "Dismissed"
        messages.success(request, f"{verb}: {change}.")
    return redirect("directory_ofsted_changes:list")


@require_POST
def change_bulk(request):
    action = request.POST.get("action")
    if action not in ("accept", "dismiss"):
        messages.error(request, "Choose whether to accept or dismiss the selected changes.")
        return redirect("directory_ofsted_changes:list")
    ids = [int(i) for i in request.POST.getlist("change") if i.isdigit()]
    found = list(_changes(request).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404  # an id that is not this user's to decide
    if not found:
        messages.error(request, "Select at least one change.")
        return redirect("directory_ofsted_changes:list")
    done = sum(_decide(request, change, action) for change in found)
    verb = "accepted" if action == "accept" else "dismissed"
    messages.success(request, f"{done} of {len(found)} changes {verb}.")
    return redirect("directory_ofsted_changes:list")


urlpatterns = [
    path("", change_list, name="list"),
    path("bulk/", change_bulk, name="bulk"),
    path("<int:pk>/", change_detail, name="detail"),
    path("<int:pk>/<str:action>/", change_decide, name="decide"),
]
