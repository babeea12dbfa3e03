from __future__ import annotations

from django import forms


class ServiceChoiceForm(forms.Form):
    """Which service to save or remove, and where to go back to afterwards."""

    service = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=2000)


class EmailShortlistForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send the list once and do not keep the address.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
