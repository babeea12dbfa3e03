"""Pounds and pence as typed by people: "1,234.50", "£12", never a float."""

from __future__ import annotations

import re
from decimal import Decimal

from directory.validators import MAX_COUNT

_MONEY = re.compile(r"^£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")
_QUANTITY = re.compile(r"^\d+(?:\.\d{1,2})?$")


#: Largest values the database columns hold (max_digits 14 and 8, two decimal places).
MAX_MONEY = Decimal("999999999999.99")
MAX_QUANTITY = Decimal("999999.99")


def parse_money(text: str) -> Decimal:
    """Parse pounds with up to two decimals (thousands commas allowed); ValueError if not."""
    value = (text or "").strip()
    if not _MONEY.match(value):
        raise ValueError(
            f"'{text}' is not an amount in pounds (for example 1,234.50; up to two decimals, "
            "no minus sign)"
        )
    amount = Decimal(value.lstrip("£").replace(",", ""))
    if amount > MAX_MONEY:
        raise ValueError(f"'{text}' is more than £{MAX_MONEY:,}")
    return amount


def parse_quantity(text: str) -> Decimal:
    """A non-negative number with up to two decimals (FTE)."""
    value = (text or "").strip()
    if not _QUANTITY.match(value):
        raise ValueError(f"'{text}' is not a number with up to two decimals (for example 2.5)")
    number = Decimal(value)
    if number > MAX_QUANTITY:
        raise ValueError(f"'{text}' is more than {MAX_QUANTITY}")
    return number


def parse_count(text: str) -> int:
    """A whole number of things (staff, properties), in digits 0-9; ValueError if not."""
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"'{text}' is not a whole number")
    if len(value) > len(str(MAX_COUNT)) or int(value) > MAX_COUNT:
        raise ValueError(f"'{text}' is more than {MAX_COUNT:,}")
    return int(value)


def format_money(value) -> str:
    """Pounds for people: "£179,893.77" (thousands separators, two decimals); "–" for none."""
    if value is None or value == "":
        return "–"
    return f"£{Decimal(value):,.2f}"
