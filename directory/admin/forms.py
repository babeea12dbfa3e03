"""Admin forms that only offer the editor's own local authorities and their records."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import LocalAuthority, Location, Organisation, Service
from ..permissions import local_authority_ids_for
from ..slugs import unique_slug
from .widgets import reject_unreadable_rich_text

PLAIN_MESSAGES = {
    forms.URLField: "Enter a web address in the correct format, like https://www.example.org",
    forms.EmailField: "Enter an email address in the correct format, like name@example.org",
}


def use_plain_messages(form: forms.BaseForm) -> None:
    """GOV.UK-style wording for format errors, on the form and its inline rows."""
    for field in form.fields.values():
        for field_class, message in PLAIN_MESSAGES.items():
            if isinstance(field, field_class):
                field.error_messages = {**field.error_messages, "invalid": message}
    for formset in (getattr(form, "formsets", None) or {}).values():
        for child in formset.forms:
            use_plain_messages(child)


class LocalAuthorityScopedForm(WagtailAdminModelForm):
    """Limit ``local_authority`` to the user's LAs, defaulting to their only one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_plain_messages(self)
        user = self.for_user
        if user is None:
            return
        la_field = self.fields.get("local_authority")
        if la_field is not None:
            ids = local_authority_ids_for(user)
            if ids is not None:
                la_field.queryset = LocalAuthority.objects.filter(id__in=ids)
            if ids is not None and len(ids) == 1:
                la_field.empty_label = None
                if not self.instance.local_authority_id:
                    self.initial.setdefault("local_authority", next(iter(ids)))
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.for_user(user)

    def clean(self):
        cleaned_data = super().clean()
        reject_unreadable_rich_text(self)
        return cleaned_data


class ServiceAdminForm(LocalAuthorityScopedForm):
    """Service editing: own-LA organisations and locations; a slug made from the name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave empty to make one from the name."
        locations = self.formsets.get("service_locations") if self.formsets else None
        if locations is not None and self.for_user is not None:
            allowed = Location.objects.for_user(self.for_user)
            for form in locations.forms:
                form.fields["location"].queryset = allowed

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug  # the model checks it is unique
        others = Service.objects.exclude(pk=self.instance.pk)
        return unique_slug(others, self.data.get("name", ""))
