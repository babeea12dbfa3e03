"""Every role of council A against council B's objects: reports, readiness, bulk actions,
choosers and exports (issue 9, "done means").

Council B's objects carry recognisable names; no response to anyone at council A may contain
one, and object URLs answer 404 for roles that could open council A's own (403 or a login/
dashboard redirect for roles without the module at all). A national administrator, who may see
every council, is the control: the same requests show council B's names to them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from directory.models import Location, Membership, ProblemReport
from mapping.models import Partnership, ReadinessAssessment, ReadinessTemplate
from mapping.reports.registry import REPORTS
from search.models import SearchLog

A_ROLES = ["editor", "delegate_assigned", "delegate_unassigned", "lead", "dcs"]
LA_WIDE = {"lead", "dcs"}
#: Council B's names: its service, organisation, location, problem report, search, staff.
SECRETS = (
    b"Southside Youth Club",
    b"Southside Trust",
    b"Southside Hub",
    b"Southside closed",
    b"southside secret",
    b"other_lead",
)


def leaks(response) -> bool:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return any(secret in body for secret in SECRETS)


@pytest.fixture
def council_b(world):
    other_la, service = world.other_la, world.other_service
    service.organisation.name = "Southside Trust"
    service.organisation.save()
    location = Location.objects.create(
        local_authority=other_la, name="Southside Hub", postcode="DN15 6NL"
    )
    report = ProblemReport.objects.create(
        service=service, local_authority=other_la, kind="closed", details="Southside closed"
    )
    SearchLog.objects.create(local_authority=other_la, query="southside secret", result_count=0)
    partnership = Partnership.objects.create(
        local_authority=other_la, name="Southside Trust CT", slug="southside-ct"
    )
    assessment = ReadinessAssessment.objects.create(
        local_authority=other_la,
        template=ReadinessTemplate.objects.first(),
        assessed_on=dt.date(2009, 9, 1),
    )
    return {
        "service": service,
        "organisation": service.organisation,
        "location": location,
        "problemreport": report,
        "membership": Membership.objects.get(user=world.users["other_lead"]),
        "partnership": partnership,
        "assessment": assessment,
    }


def report_urls(world, b) -> list[str]:
    area = f"la={world.other_la.code}&cycle={world.cycle.label}&basis=actual"
    urls = []
    for fmt in ("", "csv", "xlsx", "pdf"):
        tail = f"&format={fmt}" if fmt else ""
        urls += [f"/mapping/reports/{slug}/?{area}{tail}" for slug in REPORTS]
        urls.append(f"/mapping/reports/trust-profile/?partnership=southside-ct&cycle=2009/10{tail}")
        urls.append(f"/mapping/reports/trends/?la={world.other_la.code}&basis=actual{tail}")
        urls.append(f"/mapping/reports/benchmarking/?{area}{tail}")
    return urls


def readiness_urls(world, b) -> list[str]:
    return [
        reverse("mapping:reports:readiness:edit", args=[b["assessment"].pk]),
        reverse("mapping:reports:readiness:compare", args=[world.other_la.slug]),
    ]


def bulk_urls(b) -> list[str]:
    return [
        reverse("wagtail_bulk_action", args=("directory", model, "delete")) + f"?id={b[model].pk}"
        for model in ("service", "organisation", "location", "problemreport", "membership")
    ]


def chooser_urls(b) -> list[str]:
    urls = []
    for model in ("service", "organisation", "location", "problemreport", "membership"):
        namespace = f"wagtailsnippetchoosers_directory_{model}"
        urls += [
            reverse(f"{namespace}:choose"),
            reverse(f"{namespace}:choose_results") + "?q=Southside",
            reverse(f"{namespace}:chosen", args=[b[model].pk]),
        ]
    return urls


def export_urls(world) -> list[str]:
    urls = [
        f"/admin/snippets/directory/{model}/?export={fmt}"
        for model in ("service", "organisation", "location", "problemreport", "membership")
        for fmt in ("csv", "xlsx")
    ]
    urls += [f"/admin/reports/{name}/?export=csv" for name in ("site-history", "search-terms")]
    urls += [
        f"/admin/exchange/export/{kind}.{fmt}?la={world.other_la.pk}"
        for kind in ("services", "organisations", "locations")
        for fmt in ("csv", "xlsx")
    ]
    urls += [
        reverse("mapping:export", args=(world.other_la.slug, world.cycle.pk, kind))
        for kind in ("investment", "workforce")
    ]
    return urls


def is_refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].split("?")[0] in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_login"),
    )


@pytest.mark.parametrize("role", A_ROLES)
def test_council_a_roles_never_see_council_b(role, world, council_b, client):
    client.force_login(world.users[role])
    b = council_b
    seen = []
    for url in report_urls(world, b) + readiness_urls(world, b):
        response = client.get(url)
        if role in LA_WIDE:
            assert response.status_code == 404, f"{role} {url}: {response.status_code}"
        else:
            assert is_refused(response), f"{role} {url}: {response.status_code}"
    for url in bulk_urls(b):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert is_refused(response), f"{role} {method} {url}: {response.status_code}"
            seen += [url] if leaks(response) else []
    for url in chooser_urls(b):
        response = client.get(url)
        if "/chosen/" in url:
            assert is_refused(response), f"{role} {url}: {response.status_code}"
        seen += [url] if leaks(response) else []
    for url in export_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{role} {url}"
        seen += [url] if leaks(response) else []
    assert not seen, f"{role} saw council B in: {seen}"
    # Nothing was deleted by the refused bulk posts.
    for key in ("service", "organisation", "location", "problemreport", "membership"):
        assert type(b[key]).objects.filter(pk=b[key].pk).exists(), key


def test_national_administrator_sees_council_b_through_the_same_urls(world, council_b, client):
    """The control: the URLs above do carry council B's names to someone allowed them."""
    client.force_login(world.users["national_admin"])
    b = council_b
    for url in bulk_urls(b) + [u for u in chooser_urls(b) if "/choose/" in u and "?" not in u]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response), url
    exports = [u for u in export_urls(world) if "export=csv" in u or u.endswith(".csv")]
    assert any(leaks(client.get(u)) for u in exports)
    for url in readiness_urls(world, b):
        assert client.get(url).status_code == 200, url
