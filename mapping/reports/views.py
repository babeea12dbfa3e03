"""Staff-only report pages: pick an area, cycle and basis; read the report as HTML or download
it as CSV, XLSX or PDF. Every rendering reads the same computed result.

Mapping leads and DCSs see their own LAs; national administrators see every LA and England.
The partnership's read-only viewers see their LA's published reports (``for_viewers``) of
cycles released to them, and nothing else. Asking for another LA's (or partnership's) report,
or a viewer asking for an unreleased cycle or an internal report, answers 404.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from directory.models import LocalAuthority
from mapping.models import Basis, Cycle, Partnership
from mapping.permissions import (
    DCS,
    LEAD,
    REPORT_ROLES,
    mapping_la_ids,
    released_cycles,
    require_mapping_role,
)

from .benchmarking import benchmark_report
from .forms import ScopeForm
from .presentation import present_chart, present_table
from .registry import REPORTS
from .renderers import tables_csv, tables_pdf, tables_xlsx, workforce_csv
from .scope import ScopeError
from .trends import trends_report
from .workforce import WorkforceReport

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def guard_area(params, la_ids: set[int] | None) -> None:
    """404 for an LA or partnership that exists but is not the user's (never reveal it)."""
    if la_ids is None:
        return
    code = (params.get("la") or "").strip().upper()
    if code:
        la = LocalAuthority.objects.filter(code=code).only("pk").first()
        if la is not None and la.pk not in la_ids:
            raise Http404("No such local authority.")
    slug = params.get("partnership")
    if slug:
        p = Partnership.objects.filter(slug=slug).only("local_authority_id").first()
        if p is not None and p.local_authority_id not in la_ids:
            raise Http404("No such partnership.")


def _filename(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", p).strip("-") for p in parts if p)


def download(result, fmt: str, title: str, subtitle: str, filename: str) -> HttpResponse:
    """The whole report as a file; CSV of a report with several tables is a zip of CSVs."""
    extension, content_type = fmt, FORMATS[fmt]
    if fmt == "csv":
        if isinstance(result, WorkforceReport):
            body: str | bytes = workforce_csv(result)
        else:
            body = tables_csv(result.tables())
        if isinstance(body, bytes):
            extension, content_type = "zip", "application/zip"
    elif fmt == "xlsx":
        body = tables_xlsx(title, result.tables())
    else:
        body = tables_pdf(title, subtitle, result.tables())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def _page(request, template_context: dict, form, result, status: int = 200):
    context = {
        **template_context,
        "form": form,
        "tables": [present_table(t) for t in result.tables()] if result is not None else [],
        "charts": [present_chart(c, i) for i, c in enumerate(result.charts())]
        if result is not None
        else [],
        "query": request.GET.urlencode() if result is not None else "",
        "formats": list(FORMATS),
    }
    return render(request, "mapping/reports/report.html", context, status=status)


def _viewer_cycles(access):
    """The cycles a viewer-only user may pick (None: every cycle, for leads and DCSs)."""
    return released_cycles() if access.is_viewer_only else None


def guard_viewer(access, scope, kind=None) -> None:
    """404 for what a viewer may not see: an internal report, or a cycle not yet released to
    them (a lead or DCS of the same LA sees every cycle)."""
    la = scope.local_authority
    if la is None or access.is_la_wide_for(la.pk):
        return
    if (kind is not None and not kind.for_viewers) or not access.may_see_reports(
        la.pk, scope.cycle
    ):
        raise Http404("No such report.")


@require_mapping_role(*REPORT_ROLES)
def index(request):
    access = request.mapping_access
    reports = [r for r in REPORTS.values() if r.for_viewers or not access.is_viewer_only]
    return render(
        request,
        "mapping/reports/index.html",
        {
            "reports": reports,
            "is_national_admin": access.national_admin,
            "viewer_only": access.is_viewer_only,
            "released": list(released_cycles()) if access.is_viewer_only else [],
        },
    )


@require_mapping_role(*REPORT_ROLES)
def report(request, slug: str):
    access = request.mapping_access
    kind = REPORTS.get(slug)
    if kind is None or (access.is_viewer_only and not kind.for_viewers):
        raise Http404("No such report.")
    la_ids = access.report_la_ids()
    guard_area(request.GET, la_ids)
    form = ScopeForm(
        request.GET or None,
        la_ids=la_ids,
        allow_national=kind.national,
        cycles=_viewer_cycles(access),
    )
    result, scope = None, None
    if form.is_bound and form.is_valid():
        try:
            scope = form.scope()
            guard_viewer(access, scope, kind)
            result = kind.compute(scope)
        except (ScopeError, ValueError) as exc:
            form.add_error(None, str(exc))
            result = None
    fmt = request.GET.get("format", "")
    if result is not None and fmt in FORMATS:
        subtitle = f"{scope.area_name}, {scope.cycle.label} ({scope.basis_label})"
        name = _filename(slug, scope.area_name, scope.cycle.label, scope.basis)
        return download(result, fmt, kind.title, subtitle, name)
    context = {"title": kind.title, "summary": kind.summary, "slug": slug}
    if scope is not None:
        context["subtitle"] = f"{scope.area_name}, {scope.cycle.label} ({scope.basis_label})"
        la = scope.local_authority
        if slug == "annual-report" and la and request.mapping_access.is_lead_for(la.pk):
            context["commentary_url"] = reverse(
                "mapping:commentary", kwargs={"la_slug": la.slug, "cycle_id": scope.cycle.pk}
            )
    return _page(request, context, form, result, 400 if form.is_bound and form.errors else 200)


@require_mapping_role(LEAD, DCS)
def trends(request):
    la_ids = mapping_la_ids(request.user)
    guard_area(request.GET, la_ids)
    form = ScopeForm(
        request.GET or None,
        la_ids=la_ids,
        allow_national=True,
        with_partnership=False,
        with_cycle=False,
        with_locality=False,
    )
    result = None
    if form.is_bound and form.is_valid():
        la = form.local_authority()
        ids = {la.pk} if la is not None else la_ids
        region = form.cleaned_data.get("region")
        if la is None and region:
            ids = set(LocalAuthority.objects.filter(region=region).values_list("pk", flat=True))
        result = trends_report(ids, form.cleaned_data["basis"])
    fmt = request.GET.get("format", "")
    if result is not None and fmt in FORMATS:
        title = "Trends in investment by tier"
        return download(result, fmt, title, dict(Basis.choices)[result.basis], "trends")
    context = {
        "title": "Trends in investment by tier",
        "summary": "The share of investment that is universal, targeted, specialist or "
        "support, cycle by cycle.",
        "slug": "trends",
    }
    return _page(request, context, form, result, 400 if form.is_bound and form.errors else 200)


@require_mapping_role(*REPORT_ROLES)
def benchmarking(request):
    access = request.mapping_access
    la_ids = access.report_la_ids()
    guard_area(request.GET, la_ids)
    form = ScopeForm(
        request.GET or None,
        la_ids=la_ids,
        allow_national=True,
        with_partnership=False,
        with_locality=False,
        cycles=_viewer_cycles(access),
    )
    result = None
    if form.is_bound and form.is_valid():
        cycle = Cycle.objects.get(label=form.cleaned_data["cycle"])
        la = form.local_authority()
        if la is not None and not access.may_see_reports(la.pk, cycle):
            raise Http404("No such report.")
        result = benchmark_report(
            cycle,
            form.cleaned_data["basis"],
            form.local_authority(),
            named=la_ids is None,
            region=form.cleaned_data.get("region"),
        )
    fmt = request.GET.get("format", "")
    if result is not None and fmt in FORMATS:
        name = _filename("benchmarking", result.subject_name or "England", result.cycle_label)
        return download(result, fmt, "Benchmarking", result.cycle_label, name)
    context = {
        "title": "Benchmarking",
        "summary": "Spend per child and workforce per 1,000 children against the region and "
        "England (lower quartile, median, upper quartile).",
        "slug": "benchmarking",
    }
    return _page(request, context, form, result, 400 if form.is_bound and form.errors else 200)
