"""Report pages through HTTP: staff only, scoped to the user's LA, every format from one result."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Group
from pypdf import PdfReader

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP
from mapping.models import Partnership
from mapping.reports.registry import REPORTS
from tests.factories import UserFactory, staff_user

from .reports_data import build_crafted
from .test_reports_investment import MATRIX_CSV, WORKFORCE_CSV

pytestmark = pytest.mark.django_db

MATRIX = "/mapping/reports/investment-matrix/"
QUERY = {"la": "E06000035", "cycle": "2009/10", "basis": "actual"}


@pytest.fixture
def crafted():
    data = build_crafted()
    Partnership.objects.create(local_authority=data["la"], name="Medway Trust", slug="medway-ct")
    Partnership.objects.create(local_authority=data["other"], name="Hartlepool Trust", slug="h-ct")
    return data


@pytest.fixture
def lead(crafted, client):
    client.force_login(staff_user(crafted["la"], StaffRole.MAPPING_LEAD))
    return client


def csv_files(response) -> dict[str, str]:
    """The CSVs of a report download: a zip of one per table."""
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        return {name: bundle.read(name).decode() for name in bundle.namelist()}


def national_admin():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/mapping/reports/",
        MATRIX,
        "/mapping/reports/la-profile/",
        "/mapping/reports/trends/",
        "/mapping/reports/benchmarking/",
        "/mapping/reports/readiness/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url, QUERY)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", [StaffRole.EDITOR, StaffRole.DELEGATE])
def test_roles_without_la_wide_mapping_access_are_refused(crafted, client, role):
    client.force_login(staff_user(crafted["la"], role))
    assert client.get(MATRIX, QUERY).status_code == 403


def test_the_dcs_reads_reports_too(crafted, client):
    client.force_login(staff_user(crafted["la"], StaffRole.DCS))
    assert client.get(MATRIX, QUERY).status_code == 200
    assert client.get("/mapping/reports/readiness/").status_code == 200
    assert client.get("/mapping/reports/", QUERY).status_code == 200


def test_lead_reads_the_matrix_as_an_accessible_table_and_chart(lead):
    response = lead.get(MATRIX, QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    # The chart's labels and figures are text (site font, read aloud); the bars are hidden.
    assert '<figcaption class="govuk-heading-s" id="chart-0-title">' in html
    assert '<dt class="waymark-chart__label">' in html
    assert '<span class="waymark-chart__figure">£' in html
    assert '<svg class="waymark-chart__bar" aria-hidden="true"' in html
    assert "font-size=" not in html
    assert "£404,747.83" in html
    assert "£777.77" in html  # the untiered money, reported beside the matrix
    assert "Hartlepool" not in html


def test_every_format_reads_the_same_result(lead):
    files = csv_files(lead.get(MATRIX, {**QUERY, "format": "csv"}))
    assert len(files) == 9  # every table of the report, not just the first
    names = list(files)
    assert names[0] == "01-investment-by-type-and-tier.csv"
    assert names[2] == "03-staffing-and-workforce-cost.csv"
    assert names[-1] == "09-investment-by-outcome.csv"
    matrix = files[names[0]].splitlines()
    assert matrix[0] == "Type of expenditure,Universal,Targeted,Specialist,Support services,Total"
    assert matrix[1:] == MATRIX_CSV.splitlines()[1:]
    workforce = lead.get("/mapping/reports/workforce/", {**QUERY, "format": "csv"})
    assert workforce.content.decode() == WORKFORCE_CSV
    xlsx = lead.get(MATRIX, {**QUERY, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [sheet.cell(row=9, column=c).value for c in (1, 6)][0] == "Total"
    assert str(sheet.cell(row=9, column=6).value) == "404747.83"
    pdf = lead.get(MATRIX, {**QUERY, "format": "pdf"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "£404,747.83" in text and "Medway" in text


def test_every_report_renders_for_the_lead(lead):
    for slug in REPORTS:
        response = lead.get(f"/mapping/reports/{slug}/", QUERY)
        assert response.status_code == 200, slug
        assert "<table" in response.content.decode(), slug
    assert (
        lead.get("/mapping/reports/trends/", {"la": "E06000035", "basis": "actual"}).status_code
        == 200
    )
    assert lead.get("/mapping/reports/benchmarking/", QUERY).status_code == 200


def test_an_lead_with_one_la_gets_it_by_default(lead):
    response = lead.get(MATRIX, {"cycle": "2009/10", "basis": "actual"})
    assert response.status_code == 200
    assert "£404,747.83" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"la": "E06000001"}, {"partnership": "h-ct"}, {"la": "e06000001"}]
)
def test_another_las_report_is_not_found(lead, params):
    for url in [MATRIX, "/mapping/reports/la-profile/", "/mapping/reports/benchmarking/"]:
        response = lead.get(url, {**QUERY, "la": "", **params, "format": "csv"})
        assert response.status_code == 404, (url, params)


def test_partnership_report_through_http(lead):
    response = lead.get(MATRIX, {"partnership": "medway-ct", "cycle": "2009/10", "format": "csv"})
    matrix = next(iter(csv_files(response).values()))
    assert matrix.splitlines()[1:] == MATRIX_CSV.splitlines()[1:]


def test_bad_scope_re_renders_the_form_with_a_message(lead):
    response = lead.get(MATRIX, {"la": "E06000035", "cycle": "1999/00", "basis": "actual"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_national_admin_sees_england_and_every_la(crafted, client):
    client.force_login(national_admin())
    response = client.get(
        MATRIX, {"la": "", "cycle": "2009/10", "basis": "actual", "format": "csv"}
    )
    assert response.status_code == 200
    # Medway's 1234.57 universal staffing plus Hartlepool's 99999.99
    matrix = next(iter(csv_files(response).values()))
    assert matrix.splitlines()[1].startswith("Staffing,101234.56,")
    other = client.get(MATRIX, {**QUERY, "la": "E06000001", "format": "csv"})
    assert other.status_code == 200


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_sheet_names_are_unique_whole_words_within_31_characters(lead, slug):
    response = lead.get(f"/mapping/reports/{slug}/", {**QUERY, "format": "xlsx"})
    names = openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames
    assert len(set(names)) == len(names)
    for name in names:
        assert len(name) <= 31
        assert "," not in name and QUERY["cycle"] not in name  # no area or cycle: every
        # sheet shares them


def test_profile_sheets_say_what_they_hold(lead):
    response = lead.get("/mapping/reports/la-profile/", {**QUERY, "format": "xlsx"})
    names = openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames
    assert names == ["Services and finance by tier", "Services mapped"]
