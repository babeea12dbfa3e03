"""Admin views: upload -> dry-run preview -> confirm -> summary, and exports.

Modelled on Wagtail's redirects importer. Between the preview and the confirmation the
upload waits as a ``PendingImport`` (``pending.py``, the mechanism every import shares).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from directory.permissions import can_manage_local_authority

from .forms import UploadForm, can_import, can_publish, managed_local_authorities
from .models import PendingImport
from .oruk_views import can_import_feed
from .pending import outcome, pending_for, stage, start
from .resources import RESOURCES
from .runners import import_table
from .tables import CONTENT_TYPES, UploadError, write_csv, write_xlsx


def index(request):
    """The upload form, with export links for each local authority the user manages."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        choices = {
            "kind": form.cleaned_data["kind"],
            "local_authority": form.cleaned_data["local_authority"],
            "publish": form.cleaned_data["publish"],
        }
        name, content = upload.name, upload.read()
        try:
            report = import_table(
                **choices, user=request.user, name=name, content=content, dry_run=True
            )
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            pending = None
            if report.ok:
                pending = stage(user=request.user, files={"table": (name, content)}, **choices)
            return TemplateResponse(
                request,
                "directory/exchange/preview.html",
                {"pending": pending, "report": report, "upload": {**choices, "name": name}},
            )
    return TemplateResponse(
        request,
        "directory/exchange/index.html",
        {
            "form": form,
            "local_authorities": managed_local_authorities(request.user),
            "can_import_feed": can_import_feed(request.user),
            "kinds": [(kind, kind.capitalize()) for kind in RESOURCES],
        },
    )


def _pending_for(request, token, kinds=tuple(RESOURCES)):
    pending = pending_for(request.user, token, kinds)
    if not can_manage_local_authority(request.user, pending.local_authority_id):
        raise Http404
    return pending


@require_POST
def confirm(request, token):
    """Hand the checked upload to the task worker, then show how it is going."""
    pending = _pending_for(request, token)
    if not can_import(request.user, pending.kind) or (
        pending.publish and not can_publish(request.user, pending.kind)
    ):
        raise PermissionDenied
    start(pending)
    if pending.completed_at:
        messages.success(request, f"Imported {pending.file_name}.")
    return redirect("directory_exchange:summary", token=pending.token)


def summary(request, token):
    """The import's status page: running (check again), refused with why, or its summary."""
    pending = _pending_for(request, token, [*RESOURCES, PendingImport.Kind.ORUK])
    state = outcome(pending)
    if state == "waiting":
        raise Http404
    return TemplateResponse(
        request, "directory/exchange/summary.html", {"pending": pending, "state": state}
    )


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
