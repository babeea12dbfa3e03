"""The annual report per LA (HTML and PDF) and investment by ECM aim, from crafted returns:
every figure equals the underlying report's to the penny; the lead's commentary is printed
(as text, never as markup); only that LA's staff may read it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from directory.models import StaffRole
from mapping.models import AnnualReportCommentary, EcmAim
from mapping.reports.aims import aim_breakdown
from mapping.reports.annual import annual_report
from mapping.reports.camhs import camhs_report
from mapping.reports.data_quality import data_quality_report
from mapping.reports.investment import investment_matrix
from mapping.reports.scope import ReportScope
from mapping.reports.workforce import workforce_report
from tests.factories import staff_user

from .reports_data import build_crafted

pytestmark = pytest.mark.django_db

URL = "/mapping/reports/annual-report/"
QUERY = {"la": "E06000035", "cycle": "2009/10", "basis": "actual"}


@pytest.fixture
def crafted():
    call_command("seed_mapping_outcomes")
    data = build_crafted()
    physically, mentally = EcmAim.objects.get(number=1), EcmAim.objects.get(number=2)
    data["centre"].ecm_aims.set([physically, mentally])
    data["youth"].ecm_aims.set([mentally])
    data["youth"].overlap_percent = 10
    data["youth"].save()
    return data


def test_investment_by_ecm_aim_shows_the_double_counting(crafted):
    result = aim_breakdown(ReportScope(crafted["cycle"], "actual", crafted["la"]))
    rows = {r.number: r for r in result.rows}
    assert len(result.rows) == 25
    assert rows[1].amount == Decimal("252234.56") and rows[1].shared == Decimal("252234.56")
    assert rows[2].amount == Decimal("327247.00") and rows[2].shared == Decimal("252234.56")
    assert rows[2].overlap_estimate == Decimal("7501.24")  # 10% of the youth service
    assert (rows[1].services, rows[2].services, rows[3].services) == (1, 2, 0)
    assert rows[3].amount == Decimal("0.00")
    assert result.gross == Decimal("579481.56")
    assert result.distinct_tagged == Decimal("327247.00")
    assert result.double_counted == Decimal("252234.56")
    assert result.untagged == Decimal("78278.60")  # incl. the untiered return's £777.77
    assert result.agreed_total == Decimal("405525.60")
    (table,) = result.tables()
    assert "Counted more than once because a service works towards several aims: £252,234.56" in (
        table.note
    )


def test_annual_report_figures_equal_the_underlying_reports(crafted):
    scope = ReportScope(crafted["cycle"], "actual", crafted["la"])
    report = annual_report(scope)
    assert report.matrix == investment_matrix(scope)
    assert report.workforce == workforce_report(scope)
    assert report.camhs == camhs_report(scope)
    assert report.aims == aim_breakdown(scope)
    assert report.quality == data_quality_report(scope)
    assert report.matrix.total.total == Decimal("404747.83")
    assert [(p.cycle_label, p.total) for p in report.trend] == [
        ("2008/09", Decimal("55555.55")),
        ("2009/10", Decimal("404747.83")),
    ]
    summary = report.summary()
    assert summary[0] == (
        "Medway mapped £404,747.83 of investment in children's services for 2009/10 "
        "(actual 2008/09). A further £777.77 is in returns with no tier yet."
    )
    assert summary[1] == (
        "By tier: universal £252,234.56 (62.3%), targeted £75,012.44 (18.5%), specialist "
        "£75,000.33 (18.5%), support services £2,500.50 (0.6%)."
    )
    assert summary[2] == (
        "The largest type of expenditure is property: £250,000.00 (61.8% of the total)."
    )
    assert summary[3] == (
        "Against 2008/09, investment rose by £349,192.28 (628.5%); the universal share moved "
        "from 100.0% to 62.3%."
    )
    w = report.workforce.total
    assert f"{w.total_fte:,.2f} full-time equivalent staff" in summary[4]
    assert f"costing £{w.cost:,.2f}" in summary[4]
    assert summary[5] == "1 CAMHS service: actual 2008/09 £75,000.33, budget 2009/10 £0.00."
    assert "£327,247.00" in summary[6] and "£579,481.56" in summary[6]
    findings = len(report.quality.findings)
    assert summary[7].startswith(f"The data quality checks found {findings} thing")


def test_annual_report_page_and_pdf_with_the_leads_commentary(crafted, client):
    lead = staff_user(crafted["la"], StaffRole.MAPPING_LEAD)
    client.force_login(lead)
    commentary = f"/mapping/la/medway/cycles/{crafted['cycle'].pk}/annual-report/commentary/"
    page = client.get(URL, QUERY).content.decode()
    assert "The mapping lead has not written a commentary yet." in page
    assert commentary in page
    text = "Early help grew this year.\r\n\r\n<script>alert(1)</script> Next: <b>pool</b> budgets."
    response = client.post(commentary, {"text": text})
    assert response.status_code == 302
    assert response["Location"].startswith(URL)
    saved = AnnualReportCommentary.objects.get()
    assert saved.text == (
        "Early help grew this year.\n\n<script>alert(1)</script> Next: <b>pool</b> budgets."
    )
    assert saved.updated_by == lead
    assert "Early help grew this year." in client.get(commentary).content.decode()
    page = client.get(URL, QUERY).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Next: &lt;b&gt;pool&lt;/b&gt; budgets." in page
    assert "Early help grew this year." in page
    assert "Medway mapped £404,747.83 of investment" in page
    for caption in (
        "Executive summary",
        "Investment by type and tier",
        "Staffing by workforce group",
        "CAMHS services by tier",
        "Investment by tier over time",
        "Data quality headlines",
        "Investment by Every Child Matters aim",
    ):
        assert caption in page, caption
    pdf = client.get(URL, QUERY | {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "Annual report" in flat
    assert "Medway mapped £404,747.83 of investment" in flat
    assert "Early help grew this year." in flat
    assert "<script>alert(1)</script> Next: <b>pool</b> budgets." in flat
    assert "404,747.83" in flat and "252,234.56" in flat and "Data quality headlines" in flat


def test_only_the_las_own_staff_read_its_annual_report(crafted, client):
    client.force_login(staff_user(crafted["other"], StaffRole.MAPPING_LEAD))
    assert client.get(URL, QUERY).status_code == 404
    assert client.get(URL, QUERY | {"format": "pdf"}).status_code == 404
    commentary = f"/mapping/la/medway/cycles/{crafted['cycle'].pk}/annual-report/commentary/"
    assert client.post(commentary, {"text": "Not mine"}).status_code == 404
    assert not AnnualReportCommentary.objects.exists()
    client.force_login(staff_user(crafted["la"], StaffRole.DCS))
    page = client.get(URL, QUERY)
    assert page.status_code == 200 and commentary not in page.content.decode()
    assert client.post(commentary, {"text": "DCS"}).status_code == 403
    client.force_login(staff_user(crafted["la"], StaffRole.DELEGATE))
    assert client.get(URL, QUERY).status_code == 403


def test_ecm_aims_report_page(crafted, client):
    client.force_login(staff_user(crafted["la"], StaffRole.MAPPING_LEAD))
    page = client.get("/mapping/reports/ecm-aims/", QUERY).content.decode()
    assert "2. Mentally and emotionally healthy" in page and "£327,247.00" in page
    assert "Tagged investment counted once: £327,247.00" in page


def test_the_command_writes_the_annual_report(crafted, tmp_path):
    from django.core.management.base import CommandError

    out = tmp_path / "annual.pdf"
    call_command(
        "mapping_report", "annual-report", "--la", "E06000035", "--cycle", "2009/10",
        "--format", "pdf", "--output", str(out),
    )  # fmt: skip
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Medway mapped £404,747.83 of investment" in " ".join(text.split())
    with pytest.raises(CommandError, match="needs --la or --partnership"):
        call_command("mapping_report", "annual-report", "--cycle", "2009/10")
