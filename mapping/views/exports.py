"""Download an LA's lines for a cycle as CSV, in the columns the import reads back (written,
formula-neutralised, by the directory's one CSV writer)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from directory.exchange.tables import CONTENT_TYPES, write_csv

from ..models import InvestmentLine, WorkforceLine
from ..permissions import LA_WIDE_ROLES, require_mapping_role
from ..resources import InvestmentLineResource, WorkforceLineResource
from .helpers import la_and_cycle

EXPORTS = {
    "investment": (InvestmentLine, InvestmentLineResource),
    "workforce": (WorkforceLine, WorkforceLineResource),
}


@require_mapping_role(*LA_WIDE_ROLES)
def export_lines(request, la_slug: str, cycle_id: int, kind: str):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, LA_WIDE_ROLES)
    if kind not in EXPORTS:
        raise Http404("No such export.")
    model, resource = EXPORTS[kind]
    lines = (
        model.objects.filter(mapping_return__local_authority=la, mapping_return__cycle=cycle)
        .select_related("mapping_return__service", "mapping_return__local_authority")
        .order_by("mapping_return__service__name", "pk")
    )
    dataset = resource().export(lines)
    body = "".join(write_csv(dataset.headers, dataset))
    response = HttpResponse(body, content_type=CONTENT_TYPES["csv"])
    filename = f"{la.slug}-{cycle.label.replace('/', '-')}-{kind}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
