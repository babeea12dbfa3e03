"""XLSX: one worksheet per table, numbers stored as numbers with a display format, text
formula-neutralised (openpyxl would store ``=...`` text as a live formula)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from directory.exchange.cells import neutralise, neutralise_row

from ..tables import Table, short_names

FORMATS = {"money": "#,##0.00", "decimal": "#,##0.00", "int": "#,##0", "percent": "0.0"}


def tables_xlsx(title: str, tables: list[Table]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table, name in zip(tables, short_names(tables), strict=True):
        ws = wb.create_sheet(name)
        ws.append([neutralise(table.caption)])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(neutralise_row(c.label for c in table.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for i, row in enumerate(table.rows):
            ws.append(neutralise_row(row))
            excel_row = ws.max_row
            for col, column in enumerate(table.columns, start=1):
                cell = ws.cell(row=excel_row, column=col)
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                if i >= len(table.rows) - table.total_rows:
                    cell.font = Font(bold=True)
        if table.note:
            ws.append([])
            ws.append([neutralise(table.note)])
        for col in range(1, len(table.columns) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 40 if col == 1 else 16
        ws.freeze_panes = "B3"
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
