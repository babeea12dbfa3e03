"""Import returns from spreadsheets: upload, dry-run preview, then confirm (all or nothing).

Between preview and confirm the files wait as a ``PendingImport``, the preview-and-confirm
mechanism every import shares (``directory.exchange.pending``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from directory.exchange.models import PendingImport
from directory.exchange.pending import outcome, pending_for, stage, start

from ..forms import ImportForm
from ..permissions import require_national_admin
from ..services.importer import ImportRefused, import_returns

KIND = PendingImport.Kind.MAPPING_RETURNS
FILES = ("investment", "workforce", "returns", "performance")


@require_national_admin
def import_view(request):
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        files = {}
        for key in FILES:
            upload = form.cleaned_data.get(key)
            if upload is not None and upload.size > settings.WAYMARK_MAX_UPLOAD_BYTES:
                form.add_error(key, "The file is too large.")
                return render(request, "mapping/import.html", context)
            if upload is not None:
                files[key] = (upload.name, upload.read())
        create = form.cleaned_data["create_missing_las"]
        try:
            plan = import_returns(
                files["investment"][1] if "investment" in files else None,
                files["workforce"][1] if "workforce" in files else None,
                create_missing_las=create,
                dry_run=True,
                investment_name=files["investment"][0] if "investment" in files else "",
                workforce_name=files["workforce"][0] if "workforce" in files else "",
                returns=files["returns"][1] if "returns" in files else None,
                returns_name=files["returns"][0] if "returns" in files else "",
                performance=files["performance"][1] if "performance" in files else None,
                performance_name=files["performance"][0] if "performance" in files else "",
            )
        except ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            pending = stage(
                user=request.user,
                kind=KIND,
                files=files,
                options={"create_missing_las": create},
            )
            context.update({"plan": plan, "summary": plan.summary(), "pending": pending})
    return render(request, "mapping/import.html", context)


def _confirm(request):
    """Hand the checked files to the task worker; say how it went, or where to look."""
    pending = pending_for(request.user, request.POST.get("token", ""), [KIND])
    start(pending)
    if pending.completed_at or pending.failed_at:  # an immediate task backend has run it
        return _finished(request, pending)
    return redirect("mapping:import_status", token=pending.token)


def _finished(request, pending: PendingImport):
    if pending.failed_at:
        errors = [error["message"] for error in pending.summary["errors"]]
        return render(request, "mapping/import.html", {"form": ImportForm(), "errors": errors})
    figures = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in pending.summary["figures"])
    messages.success(request, f"Imported: {figures}.")
    return redirect("mapping:dashboard")


@require_national_admin
def import_status(request, token):
    """Where a running import is followed; once it has finished, what it did."""
    pending = pending_for(request.user, token, [KIND])
    state = outcome(pending)
    if state == "waiting":
        raise Http404
    if state != "running":
        return _finished(request, pending)
    return render(request, "mapping/import_status.html", {"pending": pending})
