"""One return: its summary, delegation, section forms, review and change history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from ..forms import (
    CHOOSE,
    AssignmentForm,
    InvestmentFormSet,
    PerformanceFormSet,
    ReviewForm,
    ServiceDetailsForm,
    WorkforceFormSet,
    delegates_for,
)
from ..models import Section, SectionStatus
from ..permissions import (
    LA_WIDE_ROLES,
    LEAD,
    can_edit_section,
    display_name,
    has_mapping_role,
    is_lead_for,
    require,
    require_mapping_role,
)
from ..services import MappingError
from ..services.locking import is_locked
from ..services.workflow import (
    DATA_ENTRY,
    assign,
    ensure_state,
    review,
    save_lines,
    save_service_details,
)
from .helpers import assignment_for, visible_return

LINE_FORMSETS = {
    Section.FINANCE: InvestmentFormSet,
    Section.WORKFORCE: WorkforceFormSet,
    Section.PERFORMANCE: PerformanceFormSet,
}
LINE_CAPTIONS = {
    Section.FINANCE: "Investment lines",
    Section.WORKFORCE: "Workforce lines",
    Section.PERFORMANCE: "Performance measures",
}


@require_mapping_role()
def return_detail(request, pk: int):
    mapping_return = visible_return(request.user, pk)
    la_id = mapping_return.local_authority_id
    la_wide = has_mapping_role(request.user, la_id, LA_WIDE_ROLES)
    assignments = mapping_return.assignments.select_related("delegate").order_by("pk")
    if not la_wide:
        assignments = assignments.filter(delegate=request.user)
    shown = {a.section for a in assignments}
    return render(
        request,
        "mapping/return_detail.html",
        {
            "return": mapping_return,
            "assignments": [(a, can_edit_section(request.user, a)) for a in assignments],
            "shown": shown,
            "is_lead": is_lead_for(request.user, la_id),
            "la_wide": la_wide,
            "locked": is_locked(la_id, mapping_return.cycle_id),
            "investment_lines": mapping_return.investment_lines.all()
            if Section.FINANCE in shown
            else None,
            "workforce_lines": mapping_return.workforce_lines.all()
            if Section.WORKFORCE in shown
            else None,
            "performance_measures": mapping_return.performance_measures.select_related("outcome")
            if Section.PERFORMANCE in shown
            else None,
        },
    )


@require_mapping_role(LEAD)
def assign_view(request, pk: int):
    mapping_return = visible_return(request.user, pk)
    require(is_lead_for(request.user, mapping_return.local_authority_id))
    la = mapping_return.local_authority
    assignments = {a.section: a for a in mapping_return.assignments.all()}
    choices = [("", CHOOSE)] + [(u.pk, display_name(u)) for u in delegates_for(la)]
    forms = [
        (
            value,
            label,
            AssignmentForm(
                request.POST if request.method == "POST" else None,
                prefix=value,
                local_authority=la,
                delegate_choices=choices,
                initial={
                    "delegate": assignments[value].delegate_id,
                    "due_date": assignments[value].due_date,
                },
            ),
        )
        for value, label in Section.choices
        if value in assignments
    ]
    if request.method == "POST" and all(form.is_valid() for _, _, form in forms):
        try:
            for value, _, form in forms:
                assign(
                    mapping_return,
                    value,
                    form.cleaned_data["delegate"],
                    form.cleaned_data["due_date"],
                    request.user,
                )
        except MappingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Delegates and due dates saved.")
            return redirect("mapping:return_detail", pk=pk)
    return render(request, "mapping/assign.html", {"return": mapping_return, "forms": forms})


@require_mapping_role()
def section_edit(request, pk: int, section: str):
    mapping_return = visible_return(request.user, pk)
    assignment = assignment_for(mapping_return, section)
    require(can_edit_section(request.user, assignment), "This section is not assigned to you.")
    lead = is_lead_for(request.user, mapping_return.local_authority_id)
    if assignment.status == SectionStatus.APPROVED and not lead:
        require(request.method == "GET", "This section is approved; ask the mapping lead.")
    data = request.POST if request.method == "POST" else None
    if section == Section.SERVICE_DETAILS:
        form = ServiceDetailsForm(data, instance=mapping_return)
        formset = None
    else:
        form = None
        formset = LINE_FORMSETS[section](data, instance=mapping_return, prefix="lines")
    if request.method == "POST":
        submit = "submit" in request.POST
        if form is not None:
            valid = form.is_valid() and (not submit or form.check_complete())
        else:
            valid = formset.is_valid() and (not submit or _has_lines(formset))
        if valid:
            try:
                if form is not None:
                    save_service_details(form, assignment, request.user, submit)
                else:
                    save_lines(formset, assignment, request.user, submit)
            except MappingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    "Section submitted to the mapping lead."
                    if submit
                    else "Your answers are saved. You can come back later.",
                )
                return redirect("mapping:return_detail", pk=pk)
    return render(
        request,
        "mapping/section_form.html",
        {
            "return": mapping_return,
            "assignment": assignment,
            "form": form,
            "formset": formset,
            "sandbox": False,
            "lines_caption": LINE_CAPTIONS.get(section, ""),
            "locked": is_locked(mapping_return.local_authority_id, mapping_return.cycle_id),
            "entry_closed": _entry_closed(mapping_return),
        },
    )


def _entry_closed(mapping_return) -> str:
    """Why data entry is shut for this return's LA today ("" while it is open)."""
    try:
        ensure_state(mapping_return.cycle, DATA_ENTRY, mapping_return.local_authority_id)
    except MappingError as error:
        return str(error)
    return ""


def _has_lines(formset) -> bool:
    kept = [
        f
        for f in formset.forms
        if f.has_changed() or f.instance.pk
        if not f.cleaned_data.get("DELETE")
    ]
    if not kept:
        formset._non_form_errors = formset.error_class(
            ["Add at least one line before you submit, or save and come back later."]
        )
        return False
    return True


@require_mapping_role(LEAD)
def section_review(request, pk: int, section: str):
    mapping_return = visible_return(request.user, pk)
    require(is_lead_for(request.user, mapping_return.local_authority_id))
    assignment = assignment_for(mapping_return, section)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("mapping:return_detail", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        review(assignment, request.user, approve, form.cleaned_data["comment"])
    except MappingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{assignment.get_section_display()} {'approved' if approve else 'returned'}."
        )
    return redirect("mapping:return_detail", pk=pk)


@require_mapping_role(*LA_WIDE_ROLES)
def return_history(request, pk: int):
    mapping_return = visible_return(request.user, pk)
    require(has_mapping_role(request.user, mapping_return.local_authority_id, LA_WIDE_ROLES))
    changes = mapping_return.changes.select_related("user")
    return render(
        request, "mapping/return_history.html", {"return": mapping_return, "changes": changes}
    )
