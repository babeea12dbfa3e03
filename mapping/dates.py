"""Dates people type: the GOV.UK date input pattern (day, month and year boxes).

``GovukDateField`` reads the three boxes (``<name>-day``, ``-month``, ``-year``) and, where a
page or a script still posts one box, a single typed date such as ``30/11/2026``. Its messages
follow the GOV.UK design system ("Due date must include a month", "... must be a real date").
The boxes show what was typed when the form comes back with an error, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms

PARTS = ("day", "month", "year")

#: Single-box spellings accepted, tried in order (UK order first: 30/11/2026).
TYPED_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %m %Y",
    "%d %B %Y",
    "%d %b %Y",
)


def parse_typed_date(text: str) -> dt.date | None:
    """A date from one typed string (``30/11/2026``, ``2026-11-30``, ``30 November 2026``)."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for fmt in TYPED_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


class GovukDateInput(forms.MultiWidget):
    """Three text boxes in a ``govuk-date-input``; also reads a single posted ``<name>``."""

    # Under mapping/templates/: widgets render through the form renderer (app templates only).
    template_name = "mapping/widgets/date_input.html"

    def __init__(self, attrs=None):
        def box(width: int) -> forms.TextInput:
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            return forms.TextInput(attrs={"class": css, "inputmode": "numeric"})

        super().__init__({"day": box(2), "month": box(2), "year": box(4)}, attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        if isinstance(value, str) and value:
            value = parse_typed_date(value) or value
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            return [value, "", ""]  # unreadable single value: show it rather than lose it
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["id"] = base
        for part, sub in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            sub["attrs"]["id"] = f"{base}-{part}"
            sub["part"] = part
            sub["label"] = part.capitalize()
        return context

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def value_from_datadict(self, data, files, name):
        keys = [name + suffix for suffix in self.widgets_names]
        if not any(key in data for key in keys):
            return data.get(name)  # one typed box, or None when the page did not show it
        return [(data.get(key) or "").strip() for key in keys]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(name + s in data for s in self.widgets_names)


class GovukDateField(forms.Field):
    """A date typed as day, month and year (or as one string such as 30/11/2026)."""

    widget = GovukDateInput

    def _name(self) -> str:
        label = str(self.label or "Date")
        return label[:1].upper() + label[1:]

    def validate(self, value):
        if value in self.empty_values and self.required:
            label = str(self.label or "date")
            raise forms.ValidationError(f"Enter the {label[:1].lower()}{label[1:]}", "required")

    def to_python(self, value):
        if value in self.empty_values or value == ["", "", ""]:
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            parsed = parse_typed_date(value)
            if parsed is None:
                raise forms.ValidationError(
                    f"{self._name()} must be a real date, like 30/11/2026", "invalid"
                )
            return parsed
        day, month, year = (str(v or "").strip() for v in value)
        if not (day or month or year):
            return None
        missing = [part for part, v in zip(PARTS, (day, month, year), strict=True) if not v]
        if missing:
            raise forms.ValidationError(
                f"{self._name()} must include a {' and a '.join(missing)}", "incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self._name()} must be a real date", "invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", "invalid_year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self._name()} must be a real date", "invalid") from None
