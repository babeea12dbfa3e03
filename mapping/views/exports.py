"""Download an LA's lines for a cycle as CSV, in the columns the import reads back (written,
formula-neutralised, by the directory's one CSV writer)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from directory.exchange.tables import CONTENT_TYPES, write_csv

from ..models import InvestmentLine, MappingReturn, PerformanceMeasure, WorkforceLine
from ..permissions import LA_WIDE_ROLES, require_mapping_role
from ..resources import (
    InvestmentLineResource,
    MappingReturnResource,
    PerformanceMeasureResource,
    WorkforceLineResource,
)
from .helpers import la_and_cycle

EXPORTS = {
    "investment": (InvestmentLine, InvestmentLineResource),
    "workforce": (WorkforceLine, WorkforceLineResource),
    "returns": (MappingReturn, MappingReturnResource),
    "performance": (PerformanceMeasure, PerformanceMeasureResource),
}
#: What each export reads besides the rows themselves.
RELATED = {
    "investment": {"prefix": "mapping_return__", "many": []},
    "workforce": {"prefix": "mapping_return__", "many": []},
    "performance": {"prefix": "mapping_return__", "many": ["outcome"]},
    "returns": {
        "prefix": "",
        "many": [
            "groups_served",
            "outcomes",
            "priority_actions__priority",
            "delivering_organisation",
            "locality",
        ],
    },
}


@require_mapping_role(*LA_WIDE_ROLES)
def export_lines(request, la_slug: str, cycle_id: int, kind: str):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, LA_WIDE_ROLES)
    if kind not in EXPORTS:
        raise Http404("No such export.")
    model, resource = EXPORTS[kind]
    prefix = RELATED[kind]["prefix"]
    lines = (
        model.objects.filter(**{f"{prefix}local_authority": la, f"{prefix}cycle": cycle})
        .select_related(f"{prefix}service", f"{prefix}local_authority", f"{prefix}cycle")
        .prefetch_related(*RELATED[kind]["many"])
        .order_by(f"{prefix}service__name", "pk")
    )
    dataset = resource().export(lines)
    body = "".join(write_csv(dataset.headers, dataset))
    response = HttpResponse(body, content_type=CONTENT_TYPES["csv"])
    filename = f"{la.slug}-{cycle.label.replace('/', '-')}-{kind}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
