"""Forms for the cycle timetable: a lead's extension request, an administrator's decision."""

from __future__ import annotations

from django import forms

from .dates import GovukDateField
from .forms import GovukMixin


class ExtensionRequestForm(GovukMixin, forms.Form):
    until = GovukDateField(
        label="Keep data entry open until",
        help_text="A date after the close of data entry, for example 31 3 2010",
    )
    reason = forms.CharField(
        label="Why does your local authority need more time?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ExtensionDecisionForm(GovukMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("grant", "Grant the extension"), ("refuse", "Refuse it")],
        widget=forms.RadioSelect,
    )
    until = GovukDateField(
        label="Grant until",
        required=False,
        help_text="Leave blank to grant the date asked for",
    )
    note = forms.CharField(
        label="Note to the lead (needed when you refuse)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the extension is refused; the lead will see it.")
        return data
