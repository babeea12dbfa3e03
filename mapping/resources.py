"""django-import-export resources: an LA's returns and lines exported in the import's columns.

A council can download a cycle's returns, edit them in a spreadsheet and import them back
(``mapping.services.importer``), so the two column lists are shared, not repeated.
"""

from __future__ import annotations

from import_export import fields, resources

from .models import InvestmentLine, MappingReturn, PerformanceMeasure, WorkforceLine
from .services.importer import (
    INVESTMENT_COLUMNS,
    OPTIONAL_COLUMNS,
    PERFORMANCE_COLUMNS,
    RETURNS_COLUMNS,
    WORKFORCE_COLUMNS,
)
from .services.return_columns import RETURN_FIELD_COLUMNS

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


def service_ref(service) -> str:
    """The council's reference, or the service's UUID when it has none (the import reads both),
    so every exported row can be imported back."""
    return service.la_reference or str(service.uuid)


class InvestmentLineResource(resources.ModelResource):
    la_code = _field("la_code", COMMON["la_code"])
    la_name = _field("la_name", COMMON["la_name"])
    cycle = _field("cycle", COMMON["cycle"])
    service_ref = _field("service_ref", COMMON["service_ref"])
    service_name = _field("service_name", COMMON["service_name"])
    tier = _field("tier", COMMON["tier"])

    def dehydrate_service_ref(self, line) -> str:
        return service_ref(line.mapping_return.service)

    class Meta:
        model = InvestmentLine
        fields = [*INVESTMENT_COLUMNS, *OPTIONAL_COLUMNS["investment"]]
        export_order = fields

    def dehydrate_amount(self, line: InvestmentLine) -> str:
        return f"{line.amount:.2f}"

    def dehydrate_property_count(self, line: InvestmentLine) -> str:
        return "" if line.property_count is None else str(line.property_count)


class WorkforceLineResource(resources.ModelResource):
    la_code = _field("la_code", COMMON["la_code"])
    la_name = _field("la_name", COMMON["la_name"])
    cycle = _field("cycle", COMMON["cycle"])
    service_ref = _field("service_ref", COMMON["service_ref"])
    service_name = _field("service_name", COMMON["service_name"])
    tier = _field("tier", COMMON["tier"])
    workforce_group = _field("workforce_group", "group")

    def dehydrate_service_ref(self, line) -> str:
        return service_ref(line.mapping_return.service)

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


def _figure(value) -> str:
    return "" if value is None else f"{value:.2f}"


class PerformanceMeasureResource(resources.ModelResource):
    """The performance section, one row per measure; the outcome by name."""

    la_code = _field("la_code", COMMON["la_code"])
    la_name = _field("la_name", COMMON["la_name"])
    cycle = _field("cycle", COMMON["cycle"])
    service_ref = _field("service_ref", COMMON["service_ref"])
    service_name = _field("service_name", COMMON["service_name"])
    tier = _field("tier", COMMON["tier"])

    def dehydrate_service_ref(self, line) -> str:
        return service_ref(line.mapping_return.service)

    class Meta:
        model = PerformanceMeasure
        fields = [*PERFORMANCE_COLUMNS, *OPTIONAL_COLUMNS["performance"]]
        export_order = fields

    def dehydrate_outcome(self, line: PerformanceMeasure) -> str:
        return line.outcome.name if line.outcome is not None else ""

    def dehydrate_baseline(self, line: PerformanceMeasure) -> str:
        return _figure(line.baseline)

    def dehydrate_target(self, line: PerformanceMeasure) -> str:
        return _figure(line.target)

    def dehydrate_achieved(self, line: PerformanceMeasure) -> str:
        return _figure(line.achieved)


def _return_field(spec) -> fields.Field:
    def dehydrate(mapping_return: MappingReturn) -> str:
        value = getattr(mapping_return, spec.field)
        return spec.format(value.all() if spec.many else value)

    return fields.Field(column_name=spec.column, dehydrate_method=dehydrate, readonly=True)


class MappingReturnResource(resources.ModelResource):
    """One row per return: every service-details answer, tags by name (``return_columns``)."""

    la_code = _field("la_code", "local_authority__code")
    la_name = _field("la_name", "local_authority__name")
    cycle = _field("cycle", "cycle__label")
    service_ref = _field("service_ref", "service__la_reference")
    service_name = _field("service_name", "service__name")
    tier = _field("tier", "tier")

    def dehydrate_service_ref(self, mapping_return) -> str:
        return service_ref(mapping_return.service)

    # The optional columns, declared from the one list the import reads too.
    locals().update({spec.column: _return_field(spec) for spec in RETURN_FIELD_COLUMNS})

    class Meta:
        model = MappingReturn
        fields = [*RETURNS_COLUMNS, *OPTIONAL_COLUMNS["returns"]]
        export_order = fields
