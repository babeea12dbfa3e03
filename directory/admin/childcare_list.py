"""The s12 childcare list in the admin: HTML, with CSV and XLSX downloads of the same rows
(the spreadsheet helpers and formula neutraliser of ``directory.exchange``)."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from ..childcare_list import build
from ..exchange.cells import neutralise
from ..exchange.tables import write_csv, write_xlsx
from ..models import LocalAuthority
from ..permissions import local_authority_ids_for

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _local_authorities(user):
    ids = local_authority_ids_for(user)
    qs = LocalAuthority.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(value)


def report(request, fmt: str = "html"):
    if not request.user.has_perm("directory.change_service"):
        raise PermissionDenied
    allowed = _local_authorities(request.user)
    la_id = request.GET.get("la", "")
    if not la_id and allowed.count() == 1:
        la_id = str(allowed.get().pk)
    public_only = request.GET.get("public") == "1"
    if not la_id.isdigit():
        if fmt != "html":
            return HttpResponse("Choose a local authority.", status=400)
        return TemplateResponse(
            request,
            "directory/admin/childcare_list.html",
            {"local_authorities": allowed, "listing": None},
        )
    local_authority = get_object_or_404(allowed, pk=la_id)
    listing = build(local_authority, public_only=public_only)
    if fmt == "html":
        return TemplateResponse(
            request,
            "directory/admin/childcare_list.html",
            {
                "local_authorities": allowed,
                "listing": listing,
                "public_only": public_only,
                "query": f"la={local_authority.pk}" + ("&public=1" if public_only else ""),
            },
        )
    rows = ([_cell(v) for v in row] for row in listing.rows)
    filename = f"{local_authority.slug}-childcare-list-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            write_csv(listing.columns, rows), content_type=CONTENT_TYPES[fmt]
        )
    else:
        buffer = io.BytesIO()
        write_xlsx(listing.columns, rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("", report, name="report"),
    path("download.csv", report, {"fmt": "csv"}, name="csv"),
    path("download.xlsx", report, {"fmt": "xlsx"}, name="xlsx"),
]
