"""CSV for scripts: plain numbers (two decimals, no thousands separators), ``\\n`` line ends,
text formula-neutralised (a service name may start with ``=``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from directory.exchange.cells import neutralise

from ..investment import TIERS, InvestmentMatrix
from ..tables import Table
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


def tables_csv(tables: list[Table]) -> str:
    """The report's first (main) table, with its column labels as the header."""
    table = tables[0]
    return _write([[c.label for c in table.columns], *table.rows])
