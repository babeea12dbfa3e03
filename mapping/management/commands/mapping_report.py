"""Run a mapping report from the command line (for scripts): CSV to stdout, or a file.

    manage.py mapping_report investment-matrix --la E06000035 --cycle 2009/10 --basis actual
    manage.py mapping_report workforce --partnership medway-childrens-trust --cycle 2009/10
    manage.py mapping_report la-profile --la E06000035 --cycle 2009/10 --format pdf --output p.pdf

With neither --la nor --partnership, the reports that allow it cover England. The CSV of a
report with several tables is a zip of one CSV per table (needs --output); the investment
matrix and workforce CSVs stay one table each, in the columns scripts read.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mapping.models import Basis
from mapping.reports.investment import investment_matrix
from mapping.reports.registry import REPORTS
from mapping.reports.renderers import (
    investment_matrix_csv,
    tables_csv,
    tables_pdf,
    tables_xlsx,
    workforce_csv,
)
from mapping.reports.scope import ScopeError, resolve_scope
from mapping.reports.workforce import workforce_report


class Command(BaseCommand):
    help = "Compute a mapping report for an LA or partnership and a cycle; write CSV, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(REPORTS))
        area = parser.add_mutually_exclusive_group()
        area.add_argument("--la", help="The local authority's ONS code, e.g. E06000035.")
        area.add_argument("--partnership", help="The Children's Trust partnership's slug.")
        area.add_argument("--region", help="A region's name: its LAs (England-wide reports).")
        parser.add_argument("--locality", help="With --la: one locality or area team, by name.")
        parser.add_argument("--cycle", required=True, help="Cycle label, e.g. 2009/10.")
        parser.add_argument("--basis", choices=Basis.values, default=Basis.ACTUAL)
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf"], default="csv")
        parser.add_argument("--output", help="File to write (required for xlsx and pdf).")

    def handle(self, *args, report, la, partnership, cycle, basis, format, output, **options):  # noqa: PLR0913
        kind = REPORTS[report]
        if format != "csv" and not output:
            raise CommandError(f"--format {format} needs --output FILE.")
        try:
            scope = resolve_scope(
                cycle=cycle,
                basis=basis,
                la_code=la,
                partnership_slug=partnership,
                region=options.get("region"),
                locality=options.get("locality"),
            )
        except ScopeError as exc:
            raise CommandError(str(exc)) from exc
        if scope.is_national and not kind.national:
            raise CommandError(f"The {report} report needs --la or --partnership.")
        try:
            if format == "csv" and report == "investment-matrix":
                data: str | bytes = investment_matrix_csv(investment_matrix(scope))
            elif format == "csv" and report == "workforce":
                data = workforce_csv(workforce_report(scope))
            else:
                result = kind.compute(scope)
                if format == "csv":
                    data = tables_csv(result.tables())
                    if isinstance(data, bytes) and not output:
                        raise CommandError(
                            f"The {report} report has several tables: its CSV is a zip of one "
                            "CSV per table. Give --output FILE.zip."
                        )
                elif format == "xlsx":
                    data = tables_xlsx(kind.title, result.tables())
                else:
                    subtitle = f"{scope.area_name}, {scope.cycle.label} ({scope.basis_label})"
                    data = tables_pdf(kind.title, subtitle, result.tables())
        except ScopeError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            path = Path(output)
            if isinstance(data, str):
                path.write_text(data, encoding="utf-8")
            else:
                path.write_bytes(data)
            self.stderr.write(f"Wrote {report} to {path}")
        else:
            self.stdout.write(data, ending="")
