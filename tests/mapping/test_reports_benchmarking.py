"""Benchmarking: exact per-child figures and quartiles; LA staff see anonymised peers only."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from pypdf import PdfReader

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP
from mapping.models import ChildPopulation
from mapping.reports.benchmarking import PEER, benchmark_report, quartiles
from tests.factories import LocalAuthorityFactory, UserFactory, staff_user

from .reports_data import cycle, invest, mapped, staff

pytestmark = pytest.mark.django_db

URL = "/mapping/reports/benchmarking/"
PEERS = {
    "E06000102": "Borsetshire",
    "E06000103": "Camberwick",
    "E06000104": "Dunmore",
    "E06000105": "Eastwick",
}


@pytest.fixture
def england():
    cyc = cycle("2009/10")
    las = {}
    for code, name, region, pop, tier, amount, fte in [
        ("E06000101", "Ambridge", "South East", 1000, "universal", "10000.00", "2.00"),
        ("E06000102", "Borsetshire", "South East", 2000, "targeted", "30000.00", "1.00"),
        ("E06000103", "Camberwick", "London", 4000, "specialist", "80000.00", None),
        ("E06000104", "Dunmore", "London", 3000, "support", "15000.00", None),
        ("E06000105", "Eastwick", "South East", None, "universal", "99.00", None),
    ]:
        la = LocalAuthorityFactory(code=code, name=name, slug=name.lower(), region=region)
        ret = mapped(la, cyc, tier)
        invest(ret, "staffing", amount)
        if fte:
            staff(ret, "youth", fte)
        if pop:
            ChildPopulation.objects.create(local_authority=la, cycle=cyc, population_0_19=pop)
        las[code] = la
    return cyc, las


def as_text(fmt: str, content: bytes) -> str:
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    if fmt == "pdf":
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(content)) as bundle:  # a CSV per table
            return "\n".join(bundle.read(name).decode() for name in bundle.namelist())
    return content.decode()


def test_quartiles_inclusive_method():
    values = [Decimal(v) for v in ("5", "10", "15", "20")]
    assert quartiles(values) == (Decimal("8.75"), Decimal("12.50"), Decimal("16.25"))
    assert quartiles([Decimal("7")]) == (Decimal("7.00"),) * 3
    assert quartiles([]) is None


def test_per_child_spend_against_region_and_england(england):
    cyc, las = england
    report = benchmark_report(cyc, "actual", las["E06000101"], named=True)
    m = {x.key: x for x in report.metrics}
    assert m["per_child"].subject == Decimal("10.00")
    assert (m["per_child"].england.lower_quartile, m["per_child"].england.median) == (
        Decimal("8.75"),
        Decimal("12.50"),
    )
    assert m["per_child"].england.upper_quartile == Decimal("16.25")
    assert m["per_child"].england.count == 4  # Eastwick has no population
    assert (
        m["per_child"].region.lower_quartile,
        m["per_child"].region.median,
        m["per_child"].region.upper_quartile,
    ) == (Decimal("11.25"), Decimal("12.50"), Decimal("13.75"))
    assert m["universal_per_child"].subject == Decimal("10.00")
    assert m["targeted_per_child"].subject == Decimal("0.00")
    assert m["fte_per_1000"].subject == Decimal("2.00")
    assert m["fte_per_1000"].england.median == Decimal("0.25")
    assert m["fte_per_1000"].england.upper_quartile == Decimal("0.88")
    assert report.missing_population == 1


def test_la_staff_see_their_figures_against_anonymised_peers(england, client, settings):
    settings.WAYMARK_BENCHMARK_MIN_COUNCILS = 2  # four councils with figures: enough here
    cyc, las = england
    client.force_login(staff_user(las["E06000101"], StaffRole.MAPPING_LEAD))
    for fmt in ["", "csv", "xlsx", "pdf"]:
        response = client.get(URL, {"cycle": "2009/10", "basis": "actual", "format": fmt})
        assert response.status_code == 200
        body = as_text(fmt, response.content)
        assert "Ambridge" in body
        for code, name in PEERS.items():
            assert name not in body and code not in body, (fmt, name)
        assert PEER in body  # every table, the CSV's too
        if fmt in ("", "pdf"):
            assert "£20.00" in body  # Camberwick's spend per child, unnamed
    report = benchmark_report(cyc, "actual", las["E06000101"], named=False)
    peers = [a for a in report.authorities if not a.is_subject]
    assert {a.name for a in peers} == {PEER}
    assert all(a.code == "" and a.population is None for a in peers)
    assert [a.metrics["per_child"] for a in peers] == [
        Decimal("20.00"),
        Decimal("15.00"),
        Decimal("5.00"),
    ]


def test_national_admin_sees_every_la_named(england, client):
    admin = UserFactory()
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    body = client.get(URL, {"la": "", "cycle": "2009/10", "basis": "actual"}).content.decode()
    for name in ["Ambridge", "Borsetshire", "Camberwick", "Dunmore"]:
        assert name in body


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx", "pdf"])
def test_too_few_councils_suppresses_peers_and_quartiles(england, client, fmt):
    """Four councils (fewer than the default five): nothing but the council's own figures."""
    cyc, las = england
    client.force_login(staff_user(las["E06000101"], StaffRole.MAPPING_LEAD))
    response = client.get(URL, {"cycle": "2009/10", "basis": "actual", "format": fmt})
    assert response.status_code == 200
    body = as_text(fmt, response.content)
    assert "too few councils to compare" in body
    if fmt == "xlsx":  # numbers stored as numbers, one cell a line
        cells = set(body.split("\n"))
        assert "10" in cells  # Ambridge's own spend per child stays
        for figure in ("20", "15", "5", "8.75", "12.5", "16.25", "11.25", "13.75"):
            assert figure not in cells, figure  # no peer value, no quartile
    else:
        assert "10.00" in body
        for figure in (
            "20.00",
            "15.00",
            "£5.00",
            ",5.00",
            "8.75",
            "12.50",
            "16.25",
            "11.25",
            "13.75",
        ):
            assert figure not in body, (fmt, figure)
    assert PEER not in body


def test_enough_councils_in_england_but_too_few_in_the_region(england, settings):
    cyc, las = england
    settings.WAYMARK_BENCHMARK_MIN_COUNCILS = 3  # England has 4 with figures, the region 2
    report = benchmark_report(cyc, "actual", las["E06000101"], named=False)
    per_child = {m.key: m for m in report.metrics}["per_child"]
    assert per_child.england.median == Decimal("12.50")
    assert per_child.region.suppressed and per_child.region.median is None
    summary = report.tables()[0]
    assert "too few councils to compare" in summary.rows[0]


def test_national_administrators_see_the_named_figures_whatever_the_count(england):
    cyc, las = england
    report = benchmark_report(cyc, "actual", las["E06000101"], named=True)
    assert {m.key: m for m in report.metrics}["per_child"].england.median == Decimal("12.50")
    assert len(report.authorities) == 4
