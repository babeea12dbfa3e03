"""Forms for the mapping lead's team pages and the national administrators' approvals."""

from __future__ import annotations

from django import forms

from .forms import GovukMixin
from .models import PartnerOrganisation, Registration, TeamRole, ViewerBody


def partner_field() -> forms.ModelChoiceField:
    """Narrowed to the LA's own partnerships by ``limit_partners``."""
    return forms.ModelChoiceField(
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        label="Partner organisation they work for",
        help_text="The PCT, NHS trust, voluntary body or council service. Add organisations "
        "on the partnership page.",
    )


def limit_partners(form: forms.Form, local_authority) -> None:
    form.fields["partner_organisation"].queryset = PartnerOrganisation.objects.filter(
        partnership__local_authority=local_authority
    ).order_by("name")


class RegistrationForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["job_title", "telephone", "note"]
        labels = {"job_title": "Your job title", "telephone": "Telephone number"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(GovukMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or refuse"},
    )
    note = forms.CharField(
        label="Note to the mapping lead (needed when refusing)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the registration is refused")
        return data


class InviteForm(GovukMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose delegate or read-only viewer"},
    )
    partner_organisation = partner_field()
    viewer_body = forms.ChoiceField(
        label="Read-only viewers: who they sit for",
        choices=[("", "Choose one"), *ViewerBody.choices],
        required=False,
    )

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        limit_partners(self, local_authority)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")


class PartnerLinkForm(GovukMixin, forms.Form):
    partner_organisation = partner_field()

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        limit_partners(self, local_authority)
