"""Public directory pages: search, service detail and problem reports."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from directory.freshness import is_overdue, last_checked, review_period_text
from directory.models import Service, ServiceAtLocation, Tier, Weekday
from directory.summaries import summaries
from portal.ratelimit import HourlyLimit
from portal.site import site_local_authority_id
from search import search_services
from search.choices import category_groups

from .forms import (
    PROVISION_TYPE_CHOICES,
    RADIUS_CHOICES,
    SORT_CHOICES,
    ProblemReportForm,
    ServiceSearchForm,
)

PROBLEM_REPORT_LIMIT = HourlyLimit("problem-report", per_hour=5)


def _query_string(params: QueryDict, **changes) -> str:
    """``params`` with some keys replaced (a list value) or removed (None), as ``?a=b``."""
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [str(v) for v in value])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def search_query_string(value: str) -> str:
    """A search's parameters carried to a service page, cleaned to the search form's own.

    The service page links back to the same results with them; anything else is dropped.
    """
    allowed = {*ServiceSearchForm.base_fields, "page"}
    params = QueryDict(value[:2000], mutable=True)
    for key in list(params):
        if key not in allowed:
            del params[key]
    return params.urlencode()


def _pagination(params: QueryDict, page: int, page_count: int) -> dict | None:
    """The GOV.UK pagination component's links: first, last and neighbours, with gaps."""
    if page_count <= 1:
        return None
    numbers = sorted({1, page_count, *range(max(1, page - 1), min(page_count, page + 1) + 1)})
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": number,
                "href": _query_string(params, page=[number]),
                "current": number == page,
            }
        )
        previous = number
    return {
        "items": items,
        "previous": _query_string(params, page=[page - 1]) if page > 1 else "",
        "next": _query_string(params, page=[page + 1]) if page < page_count else "",
    }


def _active_filters(form: ServiceSearchForm, params: QueryDict, names: dict) -> list[dict]:
    """Each filter in use, with a link to the same search without it."""
    params = params.copy()
    params.pop("page", None)
    data = form.cleaned_data
    active = []

    def add(label: str, **changes) -> None:
        active.append({"label": label, "href": _query_string(params, **changes)})

    if data.get("q"):
        add(f"Words: {data['q']}", q=None)
    for slug in data.get("category") or ():
        remaining = [s for s in params.getlist("category") if s != slug]
        add(names.get(slug, slug), category=remaining)
    if data.get("age") is not None:
        add(f"Child's age: {data['age']}", age=None)
    if data.get("free"):
        add("Free only", free=None)
    if data.get("send"):
        add("SEND support", send=None)
    if data.get("self_referral"):
        add("Families can refer themselves", self_referral=None)
    if data.get("professional_referral"):
        add("Professionals can refer", professional_referral=None)
    for tier in data.get("need") or ():
        remaining = [t for t in params.getlist("need") if t != tier]
        add(f"Need: {Tier(tier).label}", need=remaining)
    if data.get("funded"):
        add("Funded places for my child's age", funded=None)
    if data.get("vacancies"):
        add("Has vacancies", vacancies=None)
    provision_labels = dict(PROVISION_TYPE_CHOICES)
    for code in data.get("provision_type") or ():
        remaining = [c for c in params.getlist("provision_type") if c != code]
        add(provision_labels.get(code, code), provision_type=remaining)
    if data.get("day") is not None:
        add(f"Open on {Weekday(data['day']).label}", day=None)
    if data.get("open_now"):
        add("Open now", open_now=None)
    if data.get("weekends"):
        add("Open at weekends", weekends=None)
    if data.get("evenings"):
        add("Open after 6pm", evenings=None)
    if data.get("postcode"):
        radius = dict(RADIUS_CHOICES).get(params.get("radius", ""), "")
        label = f"Within {radius} of {data['postcode']}" if radius else f"Near {data['postcode']}"
        add(label, postcode=None, radius=None)
    return active


RESULT_FIELDS = (
    "name",
    "slug",
    "summary",
    "status",
    "is_free",
    "send_local_offer",
    "ofsted_urn",
    "childcare_registration",
    "minimum_age",
    "maximum_age",
    "organisation__name",
    "organisation__live",
    "self_referral",
    "professional_referral",
    "tier",
    "how_to_refer",
    # What the card's tags and the organisation line read (is_childcare, withholds_details):
    # without them each card would load them one query at a time.
    "ofsted_provision_type",
    "ofsted_special_consideration",
)
REFERRAL_FILTERS = ("self_referral", "professional_referral", "need")


def _result_services(ids: list[int]) -> dict[int, Service]:
    """The page's services by id, with only what a result shows."""
    qs = Service.objects.select_related("organisation").only(*RESULT_FIELDS)
    return qs.in_bulk(ids)


def _first_locations(ids: list[int]) -> dict[int, dict]:
    """Each service's first location (by its order), as the result lists show it."""
    rows = (
        ServiceAtLocation.objects.publicly_placed()
        .filter(service_id__in=ids)
        .order_by("service_id", "sort_order", "id")
        .values(
            "service_id",
            name=F("location__name"),
            city=F("location__city"),
            postcode=F("location__postcode"),
        )
    )
    first: dict[int, dict] = {}
    for row in rows:
        first.setdefault(row["service_id"], row)
    return first


def service_search(request) -> HttpResponse:
    choices, categories, childcare = category_groups()
    form = ServiceSearchForm(request.GET, category_choices=choices)
    selected = set(request.GET.getlist("category"))
    context = {
        "form": form,
        "category_group": categories,
        "childcare_group": childcare,
        "selected_categories": selected,
        "subcategory_selected": any(
            child.slug in selected for term in categories.terms for child in term.subcategories
        ),
        "childcare_selected": any(term.slug in selected for term in childcare.terms),
        "selected_provision_types": set(request.GET.getlist("provision_type")),
        "childcare_filters_selected": any(
            request.GET.get(name) for name in ("funded", "vacancies", "provision_type")
        ),
        "weekdays": Weekday.choices,
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "results": None,
        "services": [],
        "filter_count": 0,
    }
    if form.is_valid():
        query = form.to_query(local_authority_id=site_local_authority_id(request))
        results = search_services(query)
        ids = [hit.service_id for hit in results.hits]
        by_id, places = _result_services(ids), _first_locations(ids)
        page_services = [by_id[h.service_id] for h in results.hits if h.service_id in by_id]
        facts = summaries(page_services)
        active = _active_filters(form, request.GET, dict(choices))
        search = search_query_string(request.GET.urlencode())
        context.update(
            results=results,
            services=[
                (by_id[h.service_id], h, places.get(h.service_id), facts[h.service_id])
                for h in results.hits
                if h.service_id in by_id
            ],
            service_link_query=f"?{urlencode({'search': search})}" if search else "",
            geojson_url=f"{reverse('services_geojson')}?{search}",
            filter_count=len(active) - (1 if form.cleaned_data.get("q") else 0),
            pagination=_pagination(request.GET, results.page, results.page_count),
            active_filters=active,
            top_categories=categories.terms,
            first_number=(results.page - 1) * results.page_size + 1,
            first_page_href=_query_string(request.GET, page=None),
            show_referral=any(form.cleaned_data.get(f) for f in REFERRAL_FILTERS),
            # A place was given: every card says how far (or that it has no fixed place).
            show_distance=results.sort == "distance"
            or any(h.distance_metres is not None for h in results.hits),
        )
    return render(request, "directory/service_search.html", context)


def _public_service(request, slug: str, qs=None) -> Service:
    qs = Service.objects.public() if qs is None else qs
    la_id = site_local_authority_id(request)
    if la_id:
        qs = qs.filter(local_authority_id=la_id)
    return get_object_or_404(qs, slug=slug)


def service_detail(request, slug: str) -> HttpResponse:
    qs = (
        Service.objects.public()
        .select_related("organisation", "local_authority")
        .prefetch_related(
            "schedules",
            "cost_options",
            "contacts",
            "categories",
            "service_locations__location",
            "age_groups",
            "childcare_extras",
        )
    )
    service = _public_service(request, slug, qs)
    search = search_query_string(request.GET.get("search", ""))
    context = {
        "service": service,
        "results_url": f"{reverse('directory:service_search')}?{search}" if search else "",
        "canonical_url": request.build_absolute_uri(service.get_absolute_url()),
        "last_checked": last_checked(service),
        "overdue": is_overdue(service),
        "review_period": review_period_text(service.local_authority.review_period_months),
    }
    return render(request, "directory/service_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_problem(request, slug: str) -> HttpResponse:
    """Stores a report for the owning LA's staff; five reports an hour from one address."""
    service = _public_service(request, slug)
    context = {"service": service, "reports_per_hour": PROBLEM_REPORT_LIMIT.per_hour}
    if request.method == "POST":
        form = ProblemReportForm(request.POST)
        if PROBLEM_REPORT_LIMIT.exceeded(request):
            context.update(form=form, rate_limited=True)
            return render(request, "directory/report_problem.html", context, status=429)
        if form.is_valid():
            report = form.save(commit=False)
            report.service = service
            report.local_authority_id = service.local_authority_id
            report.save()
            PROBLEM_REPORT_LIMIT.count(request)
            return redirect("directory:report_problem_thanks", slug=service.slug)
    else:
        form = ProblemReportForm()
    context["form"] = form
    return render(request, "directory/report_problem.html", context)


def report_problem_thanks(request, slug: str) -> HttpResponse:
    service = _public_service(request, slug)
    return render(request, "directory/report_problem_thanks.html", {"service": service})
