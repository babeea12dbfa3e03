"""django-import-export resources: an LA's lines exported in exactly the import's columns.

A council can download a cycle's returns, edit them in a spreadsheet and import them back
(``mapping.services.importer``), so the two column lists are shared, not repeated.
"""

from __future__ import annotations

from import_export import fields, resources

from .models import InvestmentLine, WorkforceLine
from .services.importer import INVESTMENT_COLUMNS, OPTIONAL_COLUMNS, WORKFORCE_COLUMNS

COMMON = {
    "la_code": "mapping_return__local_authority__code",
    "la_name": "mapping_return__local_authority__name",
    "cycle": "mapping_return__cycle__label",
    "service_ref": "mapping_return__service__la_reference",
    "service_name": "mapping_return__service__name",
    "tier": "mapping_return__tier",
}


def _field(column: str, attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, readonly=True)


class InvestmentLineResource(resources.ModelResource):
    la_code = _field("la_code", COMMON["la_code"])
    la_name = _field("la_name", COMMON["la_name"])
    cycle = _field("cycle", COMMON["cycle"])
    service_ref = _field("service_ref", COMMON["service_ref"])
    service_name = _field("service_name", COMMON["service_name"])
    tier = _field("tier", COMMON["tier"])

    class Meta:
        model = InvestmentLine
        fields = INVESTMENT_COLUMNS
        export_order = INVESTMENT_COLUMNS

    def dehydrate_amount(self, line: InvestmentLine) -> str:
        return f"{line.amount:.2f}"


class WorkforceLineResource(resources.ModelResource):
    la_code = _field("la_code", COMMON["la_code"])
    la_name = _field("la_name", COMMON["la_name"])
    cycle = _field("cycle", COMMON["cycle"])
    service_ref = _field("service_ref", COMMON["service_ref"])
    service_name = _field("service_name", COMMON["service_name"])
    tier = _field("tier", COMMON["tier"])
    workforce_group = _field("workforce_group", "group")

    class Meta:
        model = WorkforceLine
        fields = [*WORKFORCE_COLUMNS, *OPTIONAL_COLUMNS["workforce"]]
        export_order = fields

    def dehydrate_fte(self, line: WorkforceLine) -> str:
        return f"{line.fte:.2f}"

    def dehydrate_headcount(self, line: WorkforceLine) -> str:
        return "" if line.headcount is None else str(line.headcount)

    def dehydrate_cost(self, line: WorkforceLine) -> str:
        return "" if line.cost is None else f"{line.cost:.2f}"
