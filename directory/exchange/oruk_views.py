"""Admin import of an Open Referral UK feed file: upload -> dry-run preview -> confirm.

The same preview-and-confirm mechanism as the spreadsheets (``pending.py``); the import
itself is ``directory.importers.oruk`` (also behind ``manage.py import_oruk``). A file, not
a URL: the admin never fetches from addresses staff type in.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from directory.importers.oruk import OrukImporter
from directory.importers.sources import SourceError, read_feed
from directory.models import LocalAuthority
from directory.permissions import can_manage_local_authority

from .forms import can_import, can_publish, managed_local_authorities
from .models import PendingImport
from .pending import pending_for, stage, start
from .runners import feed_counts

KIND = PendingImport.Kind.ORUK
# An ORUK service brings its organisation and locations with it.
KINDS_WRITTEN = ("services", "organisations", "locations")


def can_import_feed(user) -> bool:
    return all(can_import(user, kind) for kind in KINDS_WRITTEN)


def can_publish_feed(user) -> bool:
    return can_publish(user, "services") and can_publish(user, "organisations")


class FeedUploadForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Open Referral UK feed",
        help_text="A .json file: a page of /services from another directory, or a list of "
        "service records (ORUK 3.0 or 1.0).",
    )
    publish = forms.BooleanField(
        label="Publish the imported services",
        required=False,
        help_text="Leave unticked to save them as drafts for review.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["local_authority"].queryset = managed_local_authorities(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.WAYMARK_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the largest accepted is "
                f"{limit / 1_048_576:.1f} MB. Ask for `manage.py import_oruk` instead."
            )
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(f"“{upload.name}” is not a .json file.")
        self.content = upload.read()
        try:
            self.feed = read_feed(self.content, f"“{upload.name}”")
        except SourceError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean_publish(self):
        publish = self.cleaned_data["publish"]
        if publish and not can_publish_feed(self.user):
            raise forms.ValidationError("You do not have permission to publish services.")
        return publish


def feed_import(request):
    if not can_import_feed(request.user):
        raise PermissionDenied
    form = FeedUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        local_authority = form.cleaned_data["local_authority"]
        publish = form.cleaned_data["publish"]
        importer = OrukImporter(local_authority, publish=publish, user=request.user)
        with transaction.atomic():  # a dry run: everything is rolled back
            summary = importer.run(form.feed.records)
            transaction.set_rollback(True)
        upload = form.cleaned_data["file"]
        pending = stage(
            user=request.user,
            kind=KIND,
            files={"feed": (upload.name, form.content)},
            local_authority=local_authority,
            publish=publish,
        )
        return TemplateResponse(
            request,
            "directory/exchange/oruk_preview.html",
            {
                "pending": pending,
                "summary": summary,
                "counts": feed_counts(summary),
                # (a Counter: a template would look "most_common" up as a key)
                "unmatched_terms": summary.unmatched_terms.most_common(),
            },
        )
    return TemplateResponse(request, "directory/exchange/oruk_index.html", {"form": form})


@require_POST
def feed_confirm(request, token):
    pending = pending_for(request.user, token, [KIND])
    if not can_manage_local_authority(request.user, pending.local_authority_id):
        raise Http404
    if not can_import_feed(request.user) or (
        pending.publish and not can_publish_feed(request.user)
    ):
        raise PermissionDenied

    start(pending)
    if pending.completed_at:
        messages.success(request, f"Imported {pending.file_name}.")
    return redirect("directory_exchange:summary", token=pending.token)
