"""PDF: the report's tables on landscape A4 pages (reportlab's platypus)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from ..tables import Table, format_value


def tables_pdf(title: str, subtitle: str, tables: list[Table]) -> bytes:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    head = cell.clone("head", fontName="Helvetica-Bold")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=title,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(subtitle), styles["Normal"]),
    ]
    for table in tables:
        story += [Spacer(1, 6 * mm), Paragraph(escape(table.caption), styles["Heading3"])]
        if table.prose:
            story += [
                Paragraph(escape(str(row[0])).replace("\n", "<br/>"), styles["BodyText"])
                for row in table.rows
            ]
            continue
        data = [[Paragraph(escape(c.label), head) for c in table.columns]]
        for row in table.rows:
            data.append(
                [
                    Paragraph(escape(format_value(v, c.kind)), cell)
                    if c.kind == "text"
                    else format_value(v, c.kind)
                    for v, c in zip(row, table.columns, strict=True)
                ]
            )
        if not table.rows:
            story.append(Paragraph("Nothing to report.", styles["Normal"]))
            continue
        width = doc.width
        first = min(width * 0.3, 70 * mm)
        rest = (width - first) / max(len(table.columns) - 1, 1)
        pdf_table = PdfTable(
            data, colWidths=[first] + [rest] * (len(table.columns) - 1), repeatRows=1
        )
        style = [
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for i, column in enumerate(table.columns):
            if column.kind != "text":
                style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
        if table.total_rows:
            style.append(("FONTNAME", (0, -table.total_rows), (-1, -1), "Helvetica-Bold"))
        pdf_table.setStyle(TableStyle(style))
        story.append(pdf_table)
        if table.note:
            story.append(Paragraph(escape(table.note), styles["Italic"]))
    doc.build(story)
    return out.getvalue()
