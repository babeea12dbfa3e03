"""Presentation-neutral tables and charts that every rendering (HTML, CSV, XLSX, PDF) reads.

Each report's dataclass offers ``tables()`` and ``charts()`` built from its computed figures;
the renderers never compute anything themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ..services.money import format_money

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

Kind = Literal["text", "money", "decimal", "int", "percent"]


def money(value) -> Decimal:
    """A database sum (Decimal, None or, on SQLite, occasionally a float) as exact pence."""
    if value is None:
        return ZERO
    if type(value) is Decimal:
        return value.quantize(PENNY, rounding=ROUND_HALF_UP)
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal, denominator: Decimal | int, places: str = "0.01") -> Decimal | None:
    """``numerator / denominator`` rounded half-up, or None when the denominator is zero."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal place."""
    if not whole:
        return None
    return ratio(part * 100, whole, "0.1")


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = "money"
    key: str = ""


@dataclass
class Table:
    """Rows of cells under typed columns; the first column holds each row's header."""

    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total_rows: int = 0  # how many trailing rows are totals (shown bold, in a tfoot)
    note: str = ""
    # A short name, unique within its report, for the XLSX sheet and the file in a CSV zip;
    # the caption when empty (captions carry the area and cycle, which every table shares).
    name: str = ""
    # Paragraphs of text, not figures: one paragraph per row in its single text column (the
    # annual report's summary and commentary). HTML and PDF show them as prose.
    prose: bool = False

    @property
    def body_rows(self) -> list[list]:
        return self.rows[: len(self.rows) - self.total_rows] if self.total_rows else self.rows

    @property
    def foot_rows(self) -> list[list]:
        return self.rows[len(self.rows) - self.total_rows :] if self.total_rows else []


def short_names(tables: list[Table], limit: int = 31) -> list[str]:
    """Each table's name (or caption) within ``limit`` characters, cut at a word with an
    ellipsis, made unique with a number; characters a sheet name cannot hold are spaces."""
    names: list[str] = []
    for table in tables:
        text = " ".join(re.sub(r"[\[\]:*?/\\]", " ", table.name or table.caption).split())
        base = _fit(text or "Table", limit)
        name, n = base, 2
        while name.lower() in (used.lower() for used in names):
            suffix = f" ({n})"
            name, n = _fit(text, limit - len(suffix)) + suffix, n + 1
        names.append(name)
    return names


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;-(") + "…"


@dataclass
class Chart:
    """A horizontal bar chart: one bar per label, widths scaled to the largest value."""

    title: str
    bars: list[tuple[str, Decimal]]
    kind: Kind = "money"

    @property
    def scaled(self) -> list[tuple[str, Decimal, float]]:
        top = max((abs(v) for _, v in self.bars), default=Decimal(0))
        return [(label, v, float(abs(v) / top * 100) if top else 0.0) for label, v in self.bars]


def format_value(value, kind: Kind) -> str:
    """Human formatting (thousands separators, £) for HTML and PDF."""
    if value is None:
        return "–"
    if isinstance(value, str):  # a note in a figure's place, such as "too few councils"
        return value
    if kind == "money":
        return format_money(value)
    if kind == "decimal":
        return f"{value:,.2f}"
    if kind == "int":
        return f"{value:,}"
    if kind == "percent":
        return f"{value}%"
    return str(value)
