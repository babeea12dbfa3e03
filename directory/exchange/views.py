"""Admin views: upload -> dry-run preview -> confirm -> summary, and exports.

Modelled on Wagtail's redirects importer. The uploaded bytes are kept in the database
(``PendingImport``) between the preview and the confirmation, so the confirming request
may be served by any process.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from directory.permissions import can_manage_local_authority

from .engine import run_import
from .forms import UploadForm, can_import, can_publish, managed_local_authorities
from .models import PendingImport
from .resources import RESOURCES
from .tables import CONTENT_TYPES, UploadError, open_table, write_csv, write_xlsx


def _run(pending: PendingImport, user, *, dry_run: bool):
    resource = RESOURCES[pending.kind](
        local_authority=pending.local_authority, user=user, publish=pending.publish
    )
    table = open_table(io.BytesIO(bytes(pending.content)), pending.file_format)
    return run_import(resource, table, dry_run=dry_run)


def index(request):
    """The upload form, with export links for each local authority the user manages."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = PendingImport(
            user=request.user,
            local_authority=form.cleaned_data["local_authority"],
            kind=form.cleaned_data["kind"],
            file_name=upload.name[:255],
            file_format=form.file_format,
            content=upload.read(),
            publish=form.cleaned_data["publish"],
        )
        try:
            report = _run(pending, request.user, dry_run=True)
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            if report.ok:
                # One file awaits confirmation per person; an earlier unconfirmed one is dropped.
                PendingImport.objects.filter(user=request.user, completed_at__isnull=True).delete()
                pending.save()
            return TemplateResponse(
                request,
                "directory/exchange/preview.html",
                {"pending": pending, "report": report},
            )
    return TemplateResponse(
        request,
        "directory/exchange/index.html",
        {
            "form": form,
            "local_authorities": managed_local_authorities(request.user),
            "kinds": PendingImport.Kind.choices,
        },
    )


def _pending_for(request, token) -> PendingImport:
    pending = get_object_or_404(PendingImport, token=token, user=request.user)
    if not can_manage_local_authority(request.user, pending.local_authority_id):
        raise Http404
    return pending


@require_POST
def confirm(request, token):
    pending = _pending_for(request, token)
    if not can_import(request.user, pending.kind) or (
        pending.publish and not can_publish(request.user, pending.kind)
    ):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the upload so a double click cannot import the same new rows twice.
        pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if pending.completed_at:
            return redirect("directory_exchange:summary", token=pending.token)
        report = _run(pending, request.user, dry_run=False)
        if not report.ok:
            # The records changed since the preview; nothing was saved.
            return TemplateResponse(
                request,
                "directory/exchange/preview.html",
                {"pending": pending, "report": report, "stale": True},
            )
        pending.summary = {
            "new": report.count("new"),
            "changed": report.count("changed"),
            "unchanged": report.count("unchanged"),
            "total": report.total,
        }
        pending.completed_at = timezone.now()
        pending.content = b""
        pending.save(update_fields=["summary", "completed_at", "content"])
    messages.success(request, f"Imported {pending.file_name}.")
    return redirect("directory_exchange:summary", token=pending.token)


def summary(request, token):
    pending = _pending_for(request, token)
    if not pending.completed_at:
        raise Http404
    return TemplateResponse(request, "directory/exchange/summary.html", {"pending": pending})


def export(request, kind: str, fmt: str):
    """Every record of ``kind`` for one LA the user manages, neutralised for spreadsheets."""
    if kind not in RESOURCES or fmt not in CONTENT_TYPES:
        raise Http404
    managed = managed_local_authorities(request.user)
    la_id = request.GET.get("la", "")
    if not la_id and managed.count() == 1:
        la_id = str(managed.get().pk)
    if not la_id.isdigit():
        raise Http404
    local_authority = get_object_or_404(managed, pk=la_id)
    model = RESOURCES[kind]._meta.model
    if not request.user.has_perm(f"directory.change_{model._meta.model_name}"):
        raise PermissionDenied
    resource = RESOURCES[kind](local_authority=local_authority)
    queryset = resource.get_queryset().filter(local_authority=local_authority).order_by("pk")
    headers = resource.get_export_headers()
    rows = (resource.export_resource(obj) for obj in queryset.iterator(chunk_size=500))
    filename = f"{local_authority.slug}-{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(write_csv(headers, rows), content_type=CONTENT_TYPES[fmt])
    else:
        buffer = io.BytesIO()
        write_xlsx(headers, rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
