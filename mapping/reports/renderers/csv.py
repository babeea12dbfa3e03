"""CSV for scripts: plain numbers (two decimals, no thousands separators), ``\\n`` line ends,
text formula-neutralised (a service name may start with ``=``).

A report of one table is one CSV file; a report of several tables is a zip holding one CSV
per table, numbered in the report's order (``docs/mapping-reports.md``)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from django.utils.text import slugify

from directory.exchange.cells import neutralise

from ..investment import TIERS, InvestmentMatrix
from ..tables import Table, short_names
from ..workforce import WorkforceReport

MATRIX_HEADER = ["expenditure_type", "universal", "targeted", "specialist", "support", "total"]
WORKFORCE_HEADER = [
    "workforce_group",
    "universal_fte",
    "targeted_fte",
    "specialist_fte",
    "support_fte",
    "total_fte",
    "total_cost",
]


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent <= -2 else str(value)
    return str(value)


def _write(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_plain(neutralise(v)) for v in row])
    return out.getvalue()


def investment_matrix_csv(matrix: InvestmentMatrix) -> str:
    return _write([MATRIX_HEADER, *[[r.label, *r.values()] for r in matrix.all_rows]])


def workforce_csv(report: WorkforceReport) -> str:
    return _write(
        [
            WORKFORCE_HEADER,
            *[[r.key, *[r.fte[t] for t in TIERS], r.total_fte, r.cost] for r in report.all_rows],
        ]
    )


def table_csv(table: Table) -> str:
    """One table, with its column labels as the header."""
    return _write([[c.label for c in table.columns], *table.rows])


def tables_csv(tables: list[Table]) -> str | bytes:
    """The whole report: the CSV of its one table, or the bytes of a zip of one per table."""
    if len(tables) == 1:
        return table_csv(tables[0])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for n, (table, name) in enumerate(zip(tables, short_names(tables), strict=True), 1):
            bundle.writestr(f"{n:02d}-{slugify(name) or 'table'}.csv", table_csv(table))
    return out.getvalue()
