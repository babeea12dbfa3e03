"""Every report that shows workforce reads it on the right basis (actual previous year, budget
this year), in HTML, CSV and XLSX; the staffing/workforce reconciliation and the CAMHS-tier
data-quality rules, with their boundaries."""

from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import CommandError

from directory.models import StaffRole
from mapping.models import Basis, ChildPopulation, PartnerOrganisation, Partnership
from mapping.reports.benchmarking import benchmark_report
from mapping.reports.camhs import camhs_report
from mapping.reports.data_quality import data_quality_report, disagrees
from mapping.reports.investment import investment_report
from mapping.reports.profiles import la_profile, trust_profile
from mapping.reports.scope import ReportScope
from mapping.reports.sector import sector_report
from mapping.reports.summary import summary_report
from mapping.reports.workforce import workforce_report
from tests.factories import TaxonomyTermFactory, staff_user

from .reports_data import build_crafted, cycle, invest, mapped, medway, staff
from .test_reports_investment import WORKFORCE_CSV, run
from .test_reports_views import csv_files

pytestmark = pytest.mark.django_db

BUDGET_WORKFORCE_CSV = (
    "workforce_group,universal_fte,targeted_fte,specialist_fte,support_fte,total_fte,total_cost\n"
    "managers_and_leaders,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "commissioning,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "education,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "early_years_childcare,4.00,0.00,0.00,0.00,4.00,1250.00\n"
    "health,0.00,0.00,0.50,0.00,0.50,9999.99\n"
    "sport_culture,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "justice_crime,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "youth,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "social_family_community,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "Total,4.00,0.00,0.50,0.00,4.50,11249.99\n"
)
QUERY = {"la": "E06000035", "cycle": "2009/10"}


@pytest.fixture
def crafted():
    """The shared crafted returns plus budget-year staff (the actual year's are unchanged)."""
    data = build_crafted()
    staff(data["centre"], "early_years_childcare", "4.00", cost="1250.00", basis="budget")
    staff(data["camhs"], "health", "0.50", cost="9999.99", basis="budget")
    staff(data["untiered"], "youth", "9.00", cost="9.00", basis="budget")
    return data


def scope(data, basis=Basis.ACTUAL, partnership=None) -> ReportScope:
    return ReportScope(data["cycle"], basis, data["la"], partnership)


@pytest.fixture
def lead(crafted, client):
    client.force_login(staff_user(crafted["la"], StaffRole.MAPPING_LEAD))
    return client


def test_workforce_report_reads_one_basis(crafted):
    actual = workforce_report(scope(crafted))
    budget = workforce_report(scope(crafted, Basis.BUDGET))
    assert (actual.total.total_fte, actual.total.cost) == (D("7.75"), D("160000.34"))
    assert (budget.total.total_fte, budget.total.cost) == (D("4.50"), D("11249.99"))
    assert (actual.untiered_fte, budget.untiered_fte) == (D("1.00"), D("9.00"))
    assert actual.tables()[0].caption.endswith("(actual 2008/09)")
    assert budget.tables()[0].caption.endswith("(budget 2009/10)")


def test_command_basis_for_workforce(crafted):
    base = ["workforce", "--la", "E06000035", "--cycle", "2009/10"]
    # Default actual: the CSV is byte for byte what it was before budget lines existed.
    assert run(*base) == WORKFORCE_CSV
    assert run(*base, "--basis", "actual") == WORKFORCE_CSV
    assert run(*base, "--basis", "budget") == BUDGET_WORKFORCE_CSV
    with pytest.raises(CommandError, match="invalid choice: 'forecast'"):
        run(*base, "--basis", "forecast")


def test_workforce_page_csv_and_xlsx_on_both_bases(lead):
    url = "/mapping/reports/workforce/"
    html = lead.get(url, {**QUERY, "basis": "budget"}).content.decode()
    assert "(budget 2009/10)" in html and "£11,249.99" in html
    assert "£160,000.34" not in html
    html = lead.get(url, {**QUERY, "basis": "actual"}).content.decode()
    assert "(actual 2008/09)" in html and "£160,000.34" in html
    csv_budget = lead.get(url, {**QUERY, "basis": "budget", "format": "csv"})
    assert csv_budget.content.decode() == BUDGET_WORKFORCE_CSV
    csv_actual = lead.get(url, {**QUERY, "basis": "actual", "format": "csv"})
    assert csv_actual.content.decode() == WORKFORCE_CSV
    for basis, total in [("actual", "160000.34"), ("budget", "11249.99")]:
        xlsx = lead.get(url, {**QUERY, "basis": basis, "format": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        total_row = next(r for r in values if r[0] == "Total")
        assert str(total_row[-1]) == total


def test_investment_report_shows_staffing_beside_workforce_cost(crafted):
    report = investment_report(scope(crafted))
    comparison = report.staffing
    assert comparison.staffing.cells == {
        "universal": D("1234.57"),
        "targeted": D("30000.00"),
        "specialist": D("70000.33"),
        "support": D("0.00"),
    }
    assert comparison.workforce_cost.cells == {
        "universal": D("60000.01"),
        "targeted": D("30000.00"),
        "specialist": D("70000.33"),
        "support": D("0.00"),
    }
    assert comparison.difference.cells["universal"] == D("58765.44")
    assert report.workforce.total.cost == D("160000.34")
    budget = investment_report(scope(crafted, Basis.BUDGET))
    assert budget.staffing.staffing.total == D("1300.00")
    assert budget.staffing.workforce_cost.total == D("11249.99")
    assert budget.workforce.total.total_fte == D("4.50")


def test_investment_page_and_downloads_show_both_figures(lead):
    url = "/mapping/reports/investment-matrix/"
    html = lead.get(url, {**QUERY, "basis": "budget"}).content.decode()
    assert "Staffing investment and workforce cost by tier (budget 2009/10)" in html
    assert "£11,249.99" in html and "£9,949.99" in html  # workforce cost, and the difference
    files = csv_files(lead.get(url, {**QUERY, "basis": "actual", "format": "csv"}))
    comparison = files["03-staffing-and-workforce-cost.csv"].splitlines()
    assert comparison[0] == "Figure,Universal,Targeted,Specialist,Support services,Total"
    assert comparison[1] == "Staffing investment,1234.57,30000.00,70000.33,0.00,101234.90"
    assert comparison[2] == "Workforce cost,60000.01,30000.00,70000.33,0.00,160000.34"
    assert files["02-staffing-by-workforce-group.csv"].splitlines()[-1].endswith(",160000.34")
    xlsx = lead.get(url, {**QUERY, "basis": "budget", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    text = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert "Workforce cost" in text and "11249.99" in text


def test_reports_with_both_years_split_fte_by_basis(crafted):
    profile = la_profile(scope(crafted))
    by_tier = {r.label: (r.fte_actual, r.fte_budget) for r in profile.by_tier}
    assert by_tier["Universal"] == (D("3.00"), D("4.00"))
    assert by_tier["Specialist"] == (D("3.10"), D("0.50"))
    assert by_tier["No tier yet"] == (D("1.00"), D("9.00"))
    header = [c.label for c in profile.tables()[0].columns]
    assert header[-2:] == ["FTE actual 2008/09", "FTE budget 2009/10"]

    crafted["centre"].camhs_tier = 2
    crafted["centre"].save()
    camhs = camhs_report(scope(crafted))
    assert camhs.tables()[0].rows[-1] == [
        "Total",
        2,
        D("327234.89"),
        D("1300.00"),
        D("6.10"),
        D("4.50"),
    ]

    summary = summary_report(scope(crafted))
    centre = summary.lines[0]
    assert (centre.totals.fte_actual, centre.totals.fte_budget) == (D("3.00"), D("4.00"))
    assert (centre.totals.workforce_cost_actual, centre.totals.workforce_cost_budget) == (
        D("60000.01"),
        D("1250.00"),
    )
    assert summary.tables()[0].rows[-1][-3:-1] == [D("8.75"), D("13.50")]

    trust = Partnership.objects.create(local_authority=crafted["la"], name="Medway CT", slug="m")
    council = PartnerOrganisation.objects.create(partnership=trust, name="Council", kind="la")
    crafted["centre"].delivering_organisation = council
    crafted["centre"].save()
    rows = {r.name: (r.fte_actual, r.fte_budget) for r in trust_profile(scope(crafted)).rows}
    assert rows["Council"] == (D("3.00"), D("4.00"))


def test_sector_and_benchmarking_follow_the_basis(crafted):
    crafted["centre"].delivering_sector = "la"
    crafted["centre"].save()
    actual = {s.key: s.fte for s in sector_report(scope(crafted)).sectors}
    budget = {s.key: s.fte for s in sector_report(scope(crafted, Basis.BUDGET)).sectors}
    assert (actual["la"], budget["la"]) == (D("3.00"), D("4.00"))

    ChildPopulation.objects.create(
        local_authority=crafted["la"], cycle=crafted["cycle"], population_0_19=1000
    )
    for basis, expected in [("actual", D("7.75")), ("budget", D("4.50"))]:
        report = benchmark_report(crafted["cycle"], basis, crafted["la"])
        metric = next(m for m in report.metrics if m.key == "fte_per_1000")
        assert metric.subject == expected


@pytest.mark.parametrize(
    "staffing, cost, expected",
    [
        ("100000.00", "90000.00", False),  # exactly 10% of the larger figure
        ("100000.00", "89999.99", True),  # a penny beyond
        ("90000.00", "100000.00", False),  # symmetric: 10% of the larger
        ("90000.00", "100000.01", True),
        ("5000.00", "4000.00", False),  # 20% apart but only £1,000
        ("5000.00", "3999.99", True),
        ("900.00", "0.00", False),  # small sums never flagged
        ("1000.01", "0.00", True),
        ("0.00", "1000.01", True),
    ],
)
def test_reconciliation_boundaries(staffing, cost, expected):
    assert disagrees(D(staffing), D(cost)) is expected


def test_reconciliation_rule_per_service_and_basis():
    la, cyc = medway(), cycle()
    agree = mapped(la, cyc, name="Agree", delivering_sector="la", directory_confirmed=True)
    invest(agree, "staffing", "100000.00")
    staff(agree, "youth", "3", cost="90000.00")
    invest(agree, "staffing", "50000.00", basis="budget")
    staff(agree, "youth", "2", cost="54000.00", basis="budget")
    apart = mapped(la, cyc, name="Apart", delivering_sector="la", directory_confirmed=True)
    invest(apart, "staffing", "100000.00")
    staff(apart, "youth", "3", cost="89999.99")
    invest(apart, "staffing", "20000.00", basis="budget")
    staff(apart, "youth", "1", basis="budget")  # budget FTE, but no cost recorded
    no_fte = mapped(la, cyc, name="No FTE", delivering_sector="la", directory_confirmed=True)
    invest(no_fte, "staffing", "5000.00")
    report = data_quality_report(ReportScope(cyc, Basis.ACTUAL, la))
    assert [(f.subject, f.detail) for f in report.for_rule("staffing_vs_workforce")] == [
        (
            "Apart",
            "Actual 2008/09: Staffing investment £100,000.00, workforce cost £89,999.99",
        ),
        ("Apart", "Budget 2009/10: Staffing investment £20,000.00, workforce cost £0.00"),
    ]
    # Already reported as staffing with no FTE: not reported twice.
    assert [f.subject for f in report.for_rule("staffing_without_fte")] == ["No FTE"]
    labels = [row[0] for row in report.tables()[0].rows]
    assert "Staffing investment and workforce cost disagree" in labels


def test_camhs_tier_needs_a_mental_health_category():
    la, cyc = medway(), cycle()
    parent = TaxonomyTermFactory(name="Health and wellbeing (test)")
    mental = TaxonomyTermFactory(name="Mental health support (test)")
    child = TaxonomyTermFactory(name="Counselling", parent=mental, taxonomy=mental.taxonomy)
    other = TaxonomyTermFactory(name="Speech and language therapy", parent=parent)
    services = {}
    for name, terms, camhs in [
        ("Youth counselling", [mental], 2),
        ("School counsellors", [child], 1),
        ("Speech therapy", [other], 3),
        ("Family hub", [], 1),
        ("Library", [parent], None),
    ]:
        ret = mapped(la, cyc, name=name, camhs_tier=camhs)
        ret.service.categories.set(terms)
        ret.service.save()
        services[name] = ret
    report = data_quality_report(ReportScope(cyc, Basis.ACTUAL, la))
    assert [(f.subject, f.detail) for f in report.for_rule("camhs_without_mental_health")] == [
        ("Family hub", "CAMHS tier 1, but the service has no mental-health category"),
        ("Speech therapy", "CAMHS tier 3, but the service has no mental-health category"),
    ]
