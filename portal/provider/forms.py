"""Provider area forms: sign in, set a password, and one form per record section."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from modelcluster.forms import ClusterForm

from directory.models import CostOption, Schedule, Service
from directory.richtext import sanitise_html
from directory.validators import MAX_COUNT
from mapping.forms import (
    NEW_PASSWORD_MIN_LENGTH,
    GovukMixin,
    NewPasswordForm,
    new_password_validators,
)

PROVIDER_PASSWORD_MIN_LENGTH = NEW_PASSWORD_MIN_LENGTH


class SignInForm(GovukMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.error_messages = {
            **self.error_messages,
            "invalid_login": "Enter the email address and password of your provider account",
        }


#: The provider area's password form is the one every invitation uses (mapping.forms).
SetPasswordForm = NewPasswordForm
provider_password_validators = new_password_validators


class ProviderPasswordResetForm(GovukMixin, PasswordResetForm):
    """Sends a reset link to provider accounts only (staff reset theirs in the admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.provider_access.exists())


class ProviderNewPasswordForm(GovukMixin, DjangoSetPasswordForm):
    """Choosing a new password from a reset link: the same 12-character rule."""

    def clean(self):
        data = super().clean()
        password = data.get("new_password1")
        if password and not self.errors:
            try:
                password_validation.validate_password(
                    password, self.user, provider_password_validators()
                )
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


# --- Record sections ---------------------------------------------------------------------------


def html_to_text(value: str) -> str:
    """Rich text as plain paragraphs for a textarea (blank line between paragraphs)."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", value or "")
    text = re.sub(r"(?i)</(p|h[1-6]|li|ul|ol)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def text_to_html(value: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value or "") if p.strip()]
    return sanitise_html(
        "".join(
            "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        )
    )


class ChildForm(GovukMixin, forms.ModelForm):
    """A row of a repeating part (an opening time, a cost, a contact)."""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: list[str]
    formsets: dict[str, list[str]] = field(default_factory=dict)
    row_label: str = ""


SECTIONS = {
    section.slug: section
    for section in (
        Section("description", "Description", ["summary", "description"]),
        Section(
            "opening-times",
            "Opening times",
            ["schedule_notes"],
            {"schedules": ["weekday", "opens_at", "closes_at", "notes"]},
            "Opening time",
        ),
        Section(
            "costs",
            "Costs",
            ["is_free", "cost_notes"],
            {"cost_options": ["option", "amount", "amount_description"]},
            "Cost",
        ),
        Section(
            "contacts",
            "Contact details",
            ["website", "email", "phone"],
            {"contacts": ["name", "title", "email", "phone"]},
            "Contact",
        ),
    )
}

CHILD_WIDGETS = {
    Schedule: {
        "opens_at": forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}),
        "closes_at": forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}),
    },
    CostOption: {"amount": forms.NumberInput(attrs={"class": "govuk-input--width-5"})},
}


class SectionFormBase(GovukMixin, ClusterForm):
    """Edits one section of a service; rich text is edited as plain paragraphs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"] = forms.CharField(
                label="Description",
                required=False,
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 10}),
                help_text="What the service does and what families can expect. Leave a blank "
                "line between paragraphs.",
                initial=html_to_text(self.instance.description),
            )
            self.initial["description"] = html_to_text(self.instance.description)

    def clean_description(self) -> str:
        text = self.cleaned_data.get("description", "")
        if text.strip() == html_to_text(self.instance.description):
            return self.instance.description  # unchanged: keep the council's formatting
        return text_to_html(text)


def section_form_class(section: Section) -> type[SectionFormBase]:
    formsets = {
        name: {
            "fields": fields,
            "form": ChildForm,
            "extra": 1,
            "widgets": CHILD_WIDGETS.get(Service._meta.get_field(name).related_model, {}),
        }
        for name, fields in section.formsets.items()
    }
    meta = type("Meta", (), {"model": Service, "fields": section.fields, "formsets": formsets})
    return type(f"{section.slug.title()}Form", (SectionFormBase,), {"Meta": meta})


CHILDCARE_OFFER = Section(
    "childcare-offer",
    "Childcare offer",
    [
        "funded_working_from_9_months",
        "funded_two_year_olds_disadvantaged",
        "funded_two_year_olds_working",
        "funded_universal_15_hours",
        "funded_30_hours",
        "tax_free_childcare",
        "opening_weeks",
    ],
    {"childcare_extras": ["kind", "description", "price", "unit"]},
    "Chargeable extra",
)


def sections_for(service: Service) -> list[Section]:
    """The parts of the record a provider may change (the childcare offer for childcare)."""
    extra = [CHILDCARE_OFFER] if service.is_childcare else []
    return [*SECTIONS.values(), *extra]


class VacanciesForm(GovukMixin, forms.Form):
    """Vacancies for each age group; never more than its registered places."""

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {f"group_{group.pk}": group for group in groups}
        for name, group in self.groups.items():
            places = f" ({group.places} places)" if group.places is not None else ""
            self.fields[name] = forms.IntegerField(
                label=f"Vacancies for {group.label}{places}",
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                initial=group.vacancies,
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
                error_messages={
                    "invalid": "Enter vacancies as a whole number, like 3",
                    "min_value": "Vacancies cannot be less than 0",
                    "max_value": f"Vacancies must be {MAX_COUNT:,} or fewer",
                },
            )

    def clean(self):
        data = super().clean()
        for name, group in self.groups.items():
            value = data.get(name)
            if value is not None and group.places is not None and value > group.places:
                self.add_error(
                    name, f"Vacancies ({value}) cannot be more than places ({group.places})."
                )
        return data

    def vacancies(self) -> dict[int, int | None]:
        return {group.pk: self.cleaned_data.get(name) for name, group in self.groups.items()}
