"""Turn tables and charts into what the HTML templates loop over (formatted text, geometry)."""

from __future__ import annotations

from .tables import Chart, Table, format_value


def present_table(table: Table) -> dict:
    def cells(row):
        return [
            {"text": format_value(v, c.kind), "numeric": c.kind != "text"}
            for v, c in zip(row, table.columns, strict=True)
        ]

    return {
        "caption": table.caption,
        "columns": [{"label": c.label, "numeric": c.kind != "text"} for c in table.columns],
        "body": [cells(r) for r in table.body_rows],
        "foot": [cells(r) for r in table.foot_rows],
        "note": table.note,
        "prose": table.prose,
        "paragraphs": [str(r[0]) for r in table.rows] if table.prose else [],
    }


def present_chart(chart: Chart, index: int) -> dict:
    """Labels and figures as text; each bar's length as a share (0-100) of the longest."""
    return {
        "id": f"chart-{index}",
        "title": chart.title,
        "bars": [
            {"label": label, "text": format_value(value, chart.kind), "share": round(share, 1)}
            for label, value, share in chart.scaled
        ],
    }
