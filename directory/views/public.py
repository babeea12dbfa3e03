"""Public directory pages: search, service detail and problem reports."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from search import search_services

from ..forms import ProblemReportForm, ServiceSearchForm
from ..models import Service, TaxonomyTerm
from ..site import site_local_authority_id

PROBLEM_REPORTS_PER_HOUR = 5


def _category_choices():
    return [
        (term.slug, term.name)
        for term in TaxonomyTerm.objects.filter(parent__isnull=True).order_by(
            "taxonomy__name", "name"
        )
    ]


def service_search(request) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None, category_choices=_category_choices())
    results = services = None
    if form.is_bound and form.is_valid():
        query = form.to_query(local_authority_id=site_local_authority_id(request))
        results = search_services(query)
        by_id = (
            Service.objects.select_related("organisation")
            .prefetch_related("service_locations__location")
            .in_bulk([hit.service_id for hit in results.hits])
        )
        services = [(by_id[h.service_id], h) for h in results.hits if h.service_id in by_id]
    return render(
        request,
        "directory/service_search.html",
        {"form": form, "results": results, "services": services},
    )


def _public_service(request, slug: str) -> Service:
    qs = Service.objects.public()
    la_id = site_local_authority_id(request)
    if la_id:
        qs = qs.filter(local_authority_id=la_id)
    return get_object_or_404(qs, slug=slug)


def service_detail(request, slug: str) -> HttpResponse:
    service = _public_service(request, slug)
    return render(request, "directory/service_detail.html", {"service": service})


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


@require_http_methods(["GET", "POST"])
def report_problem(request, slug: str) -> HttpResponse:
    service = _public_service(request, slug)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST":
        key = f"problem-report:{_client_address(request)}"
        count = cache.get_or_set(key, 0, timeout=3600)
        if count >= PROBLEM_REPORTS_PER_HOUR:
            return render(
                request,
                "directory/report_problem.html",
                {"service": service, "form": form, "rate_limited": True},
                status=429,
            )
        if form.is_valid():
            report = form.save(commit=False)
            report.service = service
            report.local_authority_id = service.local_authority_id
            report.save()
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=3600)
            return redirect("directory:report_problem_thanks", slug=service.slug)
    return render(request, "directory/report_problem.html", {"service": service, "form": form})


def report_problem_thanks(request, slug: str) -> HttpResponse:
    service = _public_service(request, slug)
    if service is None:
        raise Http404
    return render(request, "directory/report_problem_thanks.html", {"service": service})
