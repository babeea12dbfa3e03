"""Radios and checkboxes with a GOV.UK hint under each option.

The classes keep Django's names (``RadioSelect``, ``CheckboxSelectMultiple``) because the field
template and ``GovukMixin`` recognise a widget by its class name.
"""

from __future__ import annotations

from django import forms


class HintsOnOptions:
    """``option_hints`` maps an option's value to its hint, tied by ``aria-describedby``."""

    option_hints: dict[str, str]

    def __init__(self, *args, option_hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_hints = option_hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        hint = self.option_hints.get(str(getattr(value, "value", value)))
        if hint:
            hint_id = f"{option['attrs'].get('id', name)}-item-hint"
            option["attrs"] = {**option["attrs"], "aria-describedby": hint_id}
            option["hint"], option["hint_id"] = hint, hint_id
        return option


class RadioSelect(HintsOnOptions, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(HintsOnOptions, forms.CheckboxSelectMultiple):
    pass


HintedRadioSelect = RadioSelect
HintedCheckboxes = CheckboxSelectMultiple
