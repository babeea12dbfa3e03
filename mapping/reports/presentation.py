"""Turn tables and charts into what the HTML templates loop over (formatted text, geometry)."""

from __future__ import annotations

from .tables import Chart, Table, format_value

CHART_WIDTH = 720
LABEL_WIDTH = 260
VALUE_WIDTH = 130
BAR_HEIGHT = 20
BAR_GAP = 8


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
    }


def present_chart(chart: Chart, index: int) -> dict:
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for n, (label, value, share) in enumerate(chart.scaled):
        y = n * (BAR_HEIGHT + BAR_GAP)
        width = round(room * share / 100, 1)
        bars.append(
            {
                "label": label,
                "text": format_value(value, chart.kind),
                "y": y,
                "text_y": y + BAR_HEIGHT - 5,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "id": f"chart-{index}",
        "title": chart.title,
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
