"""Cell-level rules shared by every spreadsheet: formula neutralising and list columns.

``neutralise`` is the ONE formula neutraliser for every CSV and XLSX Waymark writes (directory
exports, Wagtail's listing and report exports, mapping line exports and report downloads):
a text cell that a spreadsheet program could read as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a line break, or the full-width forms of the first four) gets an
apostrophe in front, so it is shown as text instead of being run. Imports remove exactly that
apostrophe again (only when what follows would be read as a formula), which is what makes
export -> import a no-op. Numbers are not text cells and are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LIST_SEPARATOR = ";"


def neutralise(value: Any) -> Any:
    """Make a value safe to open in a spreadsheet program (text only; idempotent)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


def restore(value: Any) -> Any:
    """Undo ``neutralise`` and trim surrounding whitespace from text cells."""
    if isinstance(value, str):
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            return value[1:].strip()
        value = value.strip()
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            return value[1:]
    return value


def join_list(items: Iterable[str]) -> str:
    """Join list items with ``; ``, escaping any ``\\`` or ``;`` inside an item."""
    return "; ".join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def split_list(value: Any) -> list[str]:
    """Split a ``;``-separated cell into trimmed, non-empty items (``\\;`` is a literal ``;``)."""
    if value is None:
        return []
    text = str(value)
    items: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]
