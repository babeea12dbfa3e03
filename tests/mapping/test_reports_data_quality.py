"""Data-quality feedback: each rule finds exactly the returns it should."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mapping.models import Basis, Section, SectionAssignment, SectionStatus
from mapping.reports.data_quality import data_quality_report, is_outlier
from mapping.reports.scope import ReportScope

from .reports_data import cycle, invest, mapped, medway, staff

pytestmark = pytest.mark.django_db


def ok(la, cyc, name, staffing=None, fte=None, service=None, **fields):
    fields = {"delivering_sector": "la", "directory_confirmed": True, **fields}
    ret = mapped(la, cyc, fields.pop("tier", "universal"), service=service, name=name, **fields)
    if staffing:
        invest(ret, "staffing", staffing)
    if fte:
        staff(ret, "youth", fte)
    return ret


@pytest.fixture
def report():
    la, before, now = medway(), cycle("2008/09"), cycle("2009/10")
    previous = {
        "Steady": ("900.00", "1"),
        "Doubled": ("20000.00", "1"),
        "Small change": ("1000.00", "1"),
        "Modest rise": ("100000.00", "1"),
    }
    current = {
        "Steady": ("1000.00", "1"),
        "Doubled": ("40000.00", "1"),
        "Small change": ("9000.00", "1"),
        "Modest rise": ("140000.00", "1"),
    }
    services = {}
    for name, (amount, fte) in previous.items():
        services[name] = ok(la, before, name, amount, fte).service
    returns = {
        name: ok(la, now, name, amount, fte, service=services[name])
        for name, (amount, fte) in current.items()
    }
    ok(la, now, "Staff without FTE", "5000.00")
    contract = ok(la, now, "FTE without staff", fte="2")
    invest(contract, "contracts", "100.00")
    ok(la, now, "Unconfirmed", "10.00", "0.1", directory_confirmed=False)
    ok(la, now, "Untiered", "10.00", "0.1", tier="")
    ok(la, now, "No details", "10.00", "0.1", delivering_sector="")
    SectionAssignment.objects.create(
        mapping_return=returns["Steady"], section=Section.FINANCE, status=SectionStatus.IN_PROGRESS
    )
    SectionAssignment.objects.create(
        mapping_return=returns["Doubled"], section=Section.FINANCE, status=SectionStatus.APPROVED
    )
    return data_quality_report(ReportScope(now, Basis.ACTUAL, la))


def findings(report, rule):
    return [(f.subject, f.detail) for f in report.for_rule(rule)]


def test_missing_sections(report):
    assert findings(report, "missing_section") == [
        ("No details", "Service details: nothing entered"),
        ("Staff without FTE", "Workforce: nothing entered"),
        ("Steady", "Finance: in progress"),
    ]


def test_staffing_spend_with_no_fte(report):
    assert [s for s, _ in findings(report, "staffing_without_fte")] == ["Staff without FTE"]


def test_fte_with_no_staffing_spend(report):
    assert findings(report, "fte_without_staffing") == [
        ("FTE without staff", "2.00 FTE but no staffing spend")
    ]


def test_outliers_against_the_previous_cycle(report):
    assert report.previous_cycle_label == "2008/09"
    assert findings(report, "outlier") == [
        ("Doubled", "Actual (previous year): £40,000.00 against £20,000.00 in 2008/09"),
        (
            "All services",
            "Staffing, Actual (previous year): £195,030.00 against £121,900.00 in 2008/09",
        ),
    ]


def test_unconfirmed_directory_entries(report):
    assert [s for s, _ in findings(report, "unconfirmed")] == ["Unconfirmed"]


def test_services_with_no_tier(report):
    assert [s for s, _ in findings(report, "no_tier")] == ["Untiered"]


@pytest.mark.parametrize(
    "previous, current, expected",
    [
        ("0", "10000.00", False),
        ("0", "10000.01", True),
        ("20000.00", "30000.00", False),
        ("20000.00", "30000.01", True),
        ("100000.00", "149999.99", False),
        ("30000.00", "0", True),
    ],
)
def test_outlier_rule_boundaries(previous, current, expected):
    assert is_outlier(Decimal(previous), Decimal(current)) is expected
