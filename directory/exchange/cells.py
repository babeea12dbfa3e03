"""Cell-level rules shared by every spreadsheet: formula neutralising and list columns.

Exports prefix a text cell that starts with ``=``, ``+``, ``-`` or ``@`` with an
apostrophe, so a spreadsheet program shows it as text instead of running it as a formula.
Imports remove exactly that apostrophe again (only when the next character is one of
the four), which is what makes export -> import a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@")
LIST_SEPARATOR = ";"


def neutralise(value: Any) -> Any:
    """Make a value safe to open in a spreadsheet program."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """Undo ``neutralise`` and trim surrounding whitespace from text cells."""
    if isinstance(value, str):
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
