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


def _column(column: str) -> fields.Field:
    return fields.Field(column_name=column, readonly=True)


def _figure(value) -> str:
    """Two decimals, or blank for no value."""
    return "" if value is None else f"{value:.2f}"


def _whole(value) -> str:
    return "" if value is None else str(value)


def service_ref(service) -> str:
    """The council's reference, or the service's UUID when it has none (the import reads both),
    so every exported row can be imported back."""
    return service.la_reference or str(service.uuid)


class ReturnRowResource(resources.ModelResource):
    """What every mapping export shares: the columns each file starts with
    (``COMMON_COLUMNS``), read from the row's return (``return_of``)."""

    la_code = _column("la_code")
    la_name = _column("la_name")
    cycle = _column("cycle")
    service_ref = _column("service_ref")
    service_name = _column("service_name")
    tier = _column("tier")

    @staticmethod
    def return_of(row) -> MappingReturn:
        """The return a row belongs to: a line's ``mapping_return``."""
        return row.mapping_return

    def dehydrate_la_code(self, row) -> str:
        return self.return_of(row).local_authority.code

    def dehydrate_la_name(self, row) -> str:
        return self.return_of(row).local_authority.name

    def dehydrate_cycle(self, row) -> str:
        return self.return_of(row).cycle.label

    def dehydrate_service_ref(self, row) -> str:
        return service_ref(self.return_of(row).service)

    def dehydrate_service_name(self, row) -> str:
        return self.return_of(row).service.name

    def dehydrate_tier(self, row) -> str:
        return self.return_of(row).tier


class InvestmentLineResource(ReturnRowResource):
    class Meta:
        model = InvestmentLine
        fields = [*INVESTMENT_COLUMNS, *OPTIONAL_COLUMNS["investment"]]
        export_order = fields

    def dehydrate_amount(self, line: InvestmentLine) -> str:
        return _figure(line.amount)

    def dehydrate_property_count(self, line: InvestmentLine) -> str:
        return _whole(line.property_count)


class WorkforceLineResource(ReturnRowResource):
    workforce_group = fields.Field(attribute="group", column_name="workforce_group", readonly=True)

    class Meta:
        model = WorkforceLine
        fields = [*WORKFORCE_COLUMNS, *OPTIONAL_COLUMNS["workforce"]]
        export_order = fields

    def dehydrate_fte(self, line: WorkforceLine) -> str:
        return _figure(line.fte)

    def dehydrate_headcount(self, line: WorkforceLine) -> str:
        return _whole(line.headcount)

    def dehydrate_cost(self, line: WorkforceLine) -> str:
        return _figure(line.cost)


class PerformanceMeasureResource(ReturnRowResource):
    """The performance section, one row per measure; the outcome by name."""

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


class MappingReturnResource(ReturnRowResource):
    """One row per return: every service-details answer, tags by name (``return_columns``)."""

    @staticmethod
    def return_of(row: MappingReturn) -> MappingReturn:
        return row

    # The optional columns, declared from the one list the import reads too.
    locals().update({spec.column: _return_field(spec) for spec in RETURN_FIELD_COLUMNS})

    class Meta:
        model = MappingReturn
        fields = [*RETURNS_COLUMNS, *OPTIONAL_COLUMNS["returns"]]
        export_order = fields
