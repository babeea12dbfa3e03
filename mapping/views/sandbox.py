"""The practice questionnaire: the real forms and validation, and nothing is ever saved."""

from __future__ import annotations

from django.shortcuts import render

from ..forms import InvestmentFormSet, ServiceDetailsForm, WorkforceFormSet
from ..models import MappingReturn
from ..permissions import MAPPING_ROLES, mapping_la_ids, require_mapping_role


@require_mapping_role()
def sandbox(request):
    """Validate a practice return. The objects are never saved: no ``save()`` is called here."""
    la_ids = mapping_la_ids(request.user, MAPPING_ROLES)
    la_id = min(la_ids) if la_ids else None
    practice = MappingReturn(local_authority_id=la_id)
    data = request.POST if request.method == "POST" else None
    form = ServiceDetailsForm(data, instance=practice, local_authority_id=la_id)
    investment = InvestmentFormSet(data, instance=practice, prefix="investment")
    workforce = WorkforceFormSet(data, instance=practice, prefix="workforce")
    checked = valid = False
    if data is not None:
        checked = True
        valid = all([form.is_valid(), investment.is_valid(), workforce.is_valid()])
        if valid and "submit" in data:
            valid = form.check_complete()
    return render(
        request,
        "mapping/sandbox.html",
        {
            "form": form,
            "investment": investment,
            "workforce": workforce,
            "checked": checked,
            "valid": valid,
            "sandbox": True,
        },
    )
