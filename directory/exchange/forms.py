"""The upload form for spreadsheet imports."""

from __future__ import annotations

from django import forms

from directory.models import LocalAuthority
from directory.permissions import local_authority_ids_for

from .models import PendingImport
from .tables import UploadError, check_upload

MODELS = {"services": "service", "organisations": "organisation", "locations": "location"}


def managed_local_authorities(user):
    ids = local_authority_ids_for(user)
    queryset = LocalAuthority.objects.all()
    return queryset if ids is None else queryset.filter(pk__in=ids)


def can_import(user, kind: str) -> bool:
    model = MODELS[kind]
    return user.has_perm(f"directory.add_{model}") and user.has_perm(f"directory.change_{model}")


def can_publish(user, kind: str) -> bool:
    return kind != "locations" and user.has_perm(f"directory.publish_{MODELS[kind]}")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=PendingImport.Kind.choices)
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A .csv (UTF-8) or .xlsx file with the columns of an export.",
    )
    publish = forms.BooleanField(
        label="Publish the imported records",
        required=False,
        help_text="Leave unticked to save them as drafts for review.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["local_authority"].queryset = managed_local_authorities(user)
        self.file_format = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8)
        upload.seek(0)
        try:
            self.file_format = check_upload(upload.name, upload.size, head)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not can_import(self.user, kind):
            self.add_error("kind", f"You do not have permission to import {kind}.")
        if kind and cleaned.get("publish") and not can_publish(self.user, kind):
            self.add_error("publish", f"You do not have permission to publish {kind}.")
        return cleaned
