"""The investment matrix and workforce report: exact pence, byte-exact CSV, partnership scope."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mapping.models import Basis, InvestmentLine, MappingTier, Outcome, Partnership
from mapping.reports.investment import investment_matrix, investment_report
from mapping.reports.scope import ReportScope

from .reports_data import build_crafted

pytestmark = pytest.mark.django_db

MATRIX_CSV = (
    "expenditure_type,universal,targeted,specialist,support,total\n"
    "Staffing,1234.57,30000.00,70000.33,0.00,101234.90\n"
    "Property,250000.00,0.00,0.00,0.00,250000.00\n"
    "Other capital,0.00,0.00,5000.00,0.00,5000.00\n"
    "Contracts,0.00,45000.10,0.00,0.00,45000.10\n"
    "Revenue (running) costs,999.99,0.00,0.00,2500.50,3500.49\n"
    "Other (specified),0.00,12.34,0.00,0.00,12.34\n"
    "Total,252234.56,75012.44,75000.33,2500.50,404747.83\n"
)

WORKFORCE_CSV = (
    "workforce_group,universal_fte,targeted_fte,specialist_fte,support_fte,total_fte,total_cost\n"
    "managers_and_leaders,0.50,0.00,0.00,0.00,0.50,20000.01\n"
    "commissioning,0.00,0.00,0.00,0.40,0.40,0.00\n"
    "education,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "early_years_childcare,2.50,0.00,0.00,0.00,2.50,40000.00\n"
    "health,0.00,0.00,3.10,0.00,3.10,70000.33\n"
    "sport_culture,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "justice_crime,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "youth,0.00,1.25,0.00,0.00,1.25,30000.00\n"
    "social_family_community,0.00,0.00,0.00,0.00,0.00,0.00\n"
    "Total,3.00,1.25,3.10,0.40,7.75,160000.34\n"
)


@pytest.fixture
def crafted():
    return build_crafted()


def recompute(la, cyc, basis):
    """The matrix again, by a plain loop over every line (independent of the ORM aggregation)."""
    cells: dict[tuple[str, str], Decimal] = {}
    for line in InvestmentLine.objects.select_related("mapping_return"):
        r = line.mapping_return
        if r.local_authority_id != la.pk or r.cycle_id != cyc.pk or line.basis != basis:
            continue
        if not r.tier:
            continue
        key = (line.expenditure_type, r.tier)
        cells[key] = cells.get(key, Decimal("0")) + line.amount
    return cells


def run(*args) -> str:
    out = io.StringIO()
    call_command("mapping_report", *args, stdout=out)
    return out.getvalue()


def test_matrix_matches_an_independent_recomputation(crafted):
    for basis in Basis.values:
        matrix = investment_matrix(ReportScope(crafted["cycle"], basis, crafted["la"]))
        expected = recompute(crafted["la"], crafted["cycle"], basis)
        for row in matrix.rows:
            for tier in MappingTier.values:
                assert row.cells[tier] == expected.get((row.key, tier), Decimal("0")), (row, tier)
        assert matrix.total.total == sum(expected.values(), Decimal("0"))


def test_matrix_figures_to_the_penny(crafted):
    matrix = investment_matrix(ReportScope(crafted["cycle"], Basis.ACTUAL, crafted["la"]))
    staffing = matrix.rows[0]
    assert staffing.label == "Staffing"
    assert staffing.cells["universal"] == Decimal("1234.57")
    assert staffing.total == Decimal("101234.90")
    assert matrix.total.total == Decimal("404747.83")
    assert matrix.untiered == Decimal("777.77")
    budget = investment_matrix(ReportScope(crafted["cycle"], Basis.BUDGET, crafted["la"]))
    assert budget.total.values() == [
        Decimal("1300.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("1400.00"),
    ]


def test_investment_matrix_csv_byte_for_byte(crafted):
    out = run(
        "investment-matrix",
        "--la",
        "E06000035",
        "--cycle",
        "2009/10",
        "--basis",
        "actual",
        "--format",
        "csv",
    )
    assert out == MATRIX_CSV


def test_budget_basis_csv(crafted):
    out = run("investment-matrix", "--la", "E06000035", "--cycle", "2009/10", "--basis", "budget")
    lines = out.splitlines()
    assert lines[1] == "Staffing,1300.00,0.00,0.00,0.00,1300.00"
    assert lines[-1] == "Total,1300.00,0.00,0.00,100.00,1400.00"


def test_workforce_csv_byte_for_byte(crafted):
    out = run("workforce", "--la", "E06000035", "--cycle", "2009/10", "--format", "csv")
    assert out == WORKFORCE_CSV


def test_partnership_covers_its_las_whole_area(crafted):
    Partnership.objects.create(
        local_authority=crafted["la"], name="Medway Children's Trust", slug="medway-ct"
    )
    Partnership.objects.create(
        local_authority=crafted["other"], name="Hartlepool Trust", slug="hartlepool-ct"
    )
    out = run("investment-matrix", "--partnership", "medway-ct", "--cycle", "2009/10")
    assert out == MATRIX_CSV
    other = run("investment-matrix", "--partnership", "hartlepool-ct", "--cycle", "2009/10")
    assert other.splitlines()[1] == "Staffing,99999.99,0.00,0.00,0.00,99999.99"
    assert other.splitlines()[-1] == "Total,99999.99,0.00,0.00,0.00,99999.99"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--la", "E06999999", "--cycle", "2009/10"], "No local authority with code 'E06999999'"),
        (["--la", "E06000035", "--cycle", "2001/02"], "No mapping cycle labelled '2001/02'"),
        (["--partnership", "nowhere", "--cycle", "2009/10"], "No partnership with slug 'nowhere'"),
        (["--la", "E06000035", "--cycle", "2009/10", "--format", "pdf"], "needs --output"),
    ],
)
def test_bad_arguments_are_clear_errors(crafted, args, message):
    with pytest.raises(CommandError, match=message):
        run("investment-matrix", *args)


def test_xlsx_and_pdf_files(crafted, tmp_path):
    import openpyxl
    from pypdf import PdfReader

    xlsx = tmp_path / "matrix.xlsx"
    run(
        "investment-matrix",
        "--la",
        "E06000035",
        "--cycle",
        "2009/10",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    assert ws["A2"].value == "Type of expenditure"
    assert [c.value for c in ws[3]][:1] == ["Staffing"]
    assert Decimal(str(ws["F9"].value)) == Decimal("404747.83")
    pdf = tmp_path / "matrix.pdf"
    run(
        "investment-matrix",
        "--la",
        "E06000035",
        "--cycle",
        "2009/10",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Investment matrix" in text
    assert "£404,747.83" in text
    assert "Revenue (running) costs" in text


def test_breakdowns(crafted):
    ecm = Outcome.objects.create(kind="ecm", name="Be healthy", position=1)
    safe = Outcome.objects.create(kind="ecm", name="Stay safe", position=2)
    cypp = Outcome.objects.create(kind="cypp", name="Early help", local_authority=crafted["la"])
    Outcome.objects.create(kind="cypp", name="Elsewhere", local_authority=crafted["other"])
    crafted["centre"].outcomes.set([ecm, cypp])
    crafted["centre"].overlap_percent = 10
    crafted["centre"].save()
    crafted["youth"].outcomes.set([safe])
    report = investment_report(ReportScope(crafted["cycle"], Basis.ACTUAL, crafted["la"]))
    by_name = {r.name: r for r in report.outcomes.rows}
    assert set(by_name) == {"Be healthy", "Stay safe", "Early help"}
    centre_total = Decimal("252234.56")
    youth_total = Decimal("75012.44")
    assert by_name["Be healthy"].amount == centre_total
    assert by_name["Be healthy"].shared == centre_total
    assert by_name["Be healthy"].overlap_estimate == Decimal("25223.46")
    assert by_name["Stay safe"].amount == youth_total
    assert by_name["Stay safe"].shared == Decimal("0.00")
    o = report.outcomes
    assert o.gross == centre_total * 2 + youth_total
    assert o.double_counted == centre_total
    assert o.distinct_tagged == centre_total + youth_total
    # every line once, including the untiered return's
    assert o.agreed_total == Decimal("404747.83") + Decimal("777.77")
    sources = {r.label: r.total for r in report.by_funding_source}
    assert sources == {
        "Not stated": Decimal("8512.83"),
        "Council": Decimal("280000.01"),
        "PCT": Decimal("115000.43"),
        "Sure Start grant": Decimal("1234.56"),
    }
    assert [(r.label, r.total) for r in report.property_by_source] == [
        ("Council", Decimal("250000.00"))
    ]
    assert [(r.label, r.cells["targeted"]) for r in report.contracts_by_source] == [
        ("PCT", Decimal("45000.10"))
    ]
    assert [(r.label, r.total) for r in report.other_specified] == [
        ("Interpreters", Decimal("12.34"))
    ]
    cr = {r.label: r.total for r in report.by_capital_or_revenue}
    assert cr["Property (capital)"] == Decimal("250000.00")
    assert cr["Other capital (capital)"] == Decimal("5000.00")
    assert cr["Staffing (revenue)"] == Decimal("101234.90")
    staffing = {r.key: (r.total_fte, r.cost) for r in report.workforce.rows}
    assert staffing["health"] == (Decimal("3.10"), Decimal("70000.33"))
