"""Readiness self-assessment: the 32 seed questions, filling in, comparing over time."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP
from mapping.models import (
    EcmAim,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessQuestion,
    ReadinessTemplate,
)
from tests.factories import LocalAuthorityFactory, UserFactory, staff_user

from .reports_data import medway

pytestmark = pytest.mark.django_db
BASE = "/mapping/reports/readiness/"


def load() -> str:
    out = io.StringIO()
    call_command("load_readiness_template", stdout=out)
    return out.getvalue()


@pytest.fixture
def template():
    load()
    return ReadinessTemplate.objects.get()


def test_migrate_loads_the_template_so_the_first_run_works():
    """A fresh database (migrated, nothing else run) already has the 32 questions."""
    template = ReadinessTemplate.objects.get()
    assert template.is_default and template.questions.count() == 32


def test_the_assessment_page_loads_the_template_if_it_was_removed(client):
    ReadinessTemplate.objects.all().delete()
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    response = client.get(BASE + "new/")
    assert response.status_code == 200
    assert "How does the local area manage the change process?" in response.content.decode()
    assert ReadinessQuestion.objects.count() == 32


def test_loads_the_32_seed_questions_idempotently():
    ReadinessTemplate.objects.all().delete()
    assert load().strip().endswith("32 created, 0 updated, 0 unchanged.")
    assert load().strip().endswith("0 created, 0 updated, 32 unchanged.")
    template = ReadinessTemplate.objects.get()
    assert template.is_default
    questions = list(template.questions.order_by("number"))
    assert [q.number for q in questions] == list(range(1, 33))
    assert questions[0].text == "How does the local area manage the change process?"
    assert questions[0].definition_of_mature.startswith("There is dedicated, full-time resource")
    # Question 2 runs over a page break in the seed; both halves belong to the question.
    assert questions[1].text.endswith("adoption services) while it manages the change process?")
    assert questions[1].definition_of_mature.startswith("A joint analysis of risk")
    assert questions[2].definition_of_mature == ""  # the seed gives question 3 none
    assert questions[20].text.endswith("E.g. staff, goods, accommodation")
    assert questions[31].text == "Has the local area considered how to develop LSCBs by April 2006?"
    # No council's own answers (the seed's italics) or ratings leak into the template.
    for q in questions:
        assert "Herefordshire" not in q.definition_of_mature
        assert "DEVELOPING" not in q.definition_of_mature


def test_reloading_restores_an_edited_question(template):
    q = template.questions.get(number=5)
    q.text = "Edited"
    q.save()
    assert load().strip().endswith("0 created, 1 updated, 31 unchanged.")
    q.refresh_from_db()
    assert q.text.startswith("Has the local area undertaken a childcare needs analysis")


def answers(template, ratings: dict[int, str], date: str, la_id) -> dict:
    data = {"local_authority": la_id, "assessed_on": date}
    for q in template.questions.all():
        data[f"q{q.number}-rating"] = ratings.get(q.number, "")
        data[f"q{q.number}-evidence"] = f"Evidence {q.number}" if q.number in ratings else ""
    return data


def test_lead_fills_in_assessments_and_compares_them(template, client):
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    form = client.get(BASE + "new/")
    assert form.status_code == 200
    assert "There is dedicated, full-time resource" in form.content.decode()
    first = client.post(
        BASE + "new/", answers(template, {1: "early", 2: "mature"}, "2004-12-01", la.pk)
    )
    assert first.status_code == 302
    second = client.post(
        BASE + "new/", answers(template, {1: "developing", 2: "developing"}, "2005-06-01", la.pk)
    )
    assert second.status_code == 302
    assert ReadinessAssessment.objects.filter(local_authority=la).count() == 2
    assert ReadinessAnswer.objects.filter(rating="developing").count() == 2
    page = client.get(BASE + f"la/{la.slug}/").content.decode()
    assert page.index("1 Dec 2004") < page.index("1 Jun 2005")
    assert "Early stages" in page and "Evidence 1" in page
    assert "(improved)" in page and "(fell back)" in page


def test_bad_rating_re_renders_and_saves_nothing(template, client):
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    data = answers(template, {1: "superb"}, "2005-01-31", la.pk)
    response = client.post(BASE + "new/", data)
    assert response.status_code == 400
    assert "Question 1, rating" in response.content.decode()
    bad_date = client.post(BASE + "new/", answers(template, {}, "31 Febtember", la.pk))
    assert bad_date.status_code == 400
    assert ReadinessAssessment.objects.count() == 0


def test_other_las_assessments_are_out_of_reach(template, client):
    la, other = medway(), LocalAuthorityFactory(code="E06000001", name="Hartlepool")
    theirs = ReadinessAssessment.objects.create(
        local_authority=other, template=template, assessed_on="2005-01-01"
    )
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    assert client.get(BASE + f"{theirs.pk}/").status_code == 404
    assert client.get(BASE + "la/" + other.slug + "/").status_code == 404
    response = client.post(BASE + "new/", answers(template, {}, "2005-01-01", other.pk))
    assert response.status_code == 400  # not one of the LAs the lead may choose
    assert "Hartlepool" not in client.get(BASE).content.decode()


def test_national_admin_edits_the_template(template, client):
    lead = staff_user(medway(), StaffRole.MAPPING_LEAD)
    client.force_login(lead)
    assert client.get(BASE + f"templates/{template.pk}/").status_code == 403
    admin = UserFactory()
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    page = client.get(BASE + f"templates/{template.pk}/")
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "questions-TOTAL_FORMS": str(len(formset.forms)),
        "questions-INITIAL_FORMS": str(formset.initial_form_count()),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, f in enumerate(formset.forms):
        q = f.instance
        data[f"questions-{i}-id"] = str(q.pk) if q.pk else ""
        data[f"questions-{i}-template"] = str(template.pk)
        data[f"questions-{i}-number"] = str(q.number) if q.pk else "33"
        data[f"questions-{i}-text"] = q.text if q.pk else "Is the directory kept current?"
        data[f"questions-{i}-definition_of_mature"] = (
            q.definition_of_mature if q.pk else "Every entry reviewed within a year."
        )
    assert client.post(BASE + f"templates/{template.pk}/", data).status_code == 302
    added = ReadinessQuestion.objects.get(template=template, number=33)
    assert added.definition_of_mature == "Every entry reviewed within a year."
    assert template.questions.count() == 33


def test_downloads_list_the_ecm_aims_tagged_on_each_answer(template, client):
    call_command("seed_mapping_outcomes")
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    data = answers(template, {1: "early", 2: "mature"}, "30/11/2026", la.pk)
    aims = {aim.number: aim.pk for aim in EcmAim.objects.filter(number__in=[1, 4, 12])}
    data["q1-ecm_aims"] = [aims[4], aims[1]]
    data["q2-ecm_aims"] = [aims[12]]
    assert client.post(BASE + "new/", data).status_code == 302
    url = BASE + f"la/{la.slug}/"
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    header = rows[0]
    aims_column = header.index("ECM aims, 30 Nov 2026")
    by_question = {row[0].split(".")[0]: row[aims_column] for row in rows[1:]}
    assert by_question["1"] == "1. Physically healthy; 4. Healthy lifestyles"
    assert by_question["2"] == f"12. {EcmAim.objects.get(number=12).name}"
    assert by_question["3"] == ""
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "ECM aims, 30 Nov 2026" in values
    assert "1. Physically healthy; 4. Healthy lifestyles" in values
    pdf = client.get(url + "?format=pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Healthy lifestyles" in " ".join(text.split())


def test_comparison_downloads_as_csv_xlsx_and_pdf(template, client):
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    client.post(BASE + "new/", answers(template, {1: "early"}, "30/11/2026", la.pk))
    url = BASE + f"la/{la.slug}/"
    page = client.get(url).content.decode()
    assert "?format=csv" in page and "?format=xlsx" in page and "?format=pdf" in page
    csv_response = client.get(url + "?format=csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    body = csv_response.content.decode()
    assert "Rating, 30 Nov 2026" in body and "Early stages" in body and "Evidence 1" in body
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Early stages" in values
    pdf = client.get(url + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def offered(page: str, number: int) -> set[str]:
    """The rating values the form offers on question ``number``."""
    import re

    return set(re.findall(rf'name="q{number}-rating" value="([^"]*)"', page))


def test_children_act_compliant_is_offered_only_on_the_statutory_appointments(template, client):
    """Seed 004 uses it for the DCS (30) and Lead Member (31) appointments and nowhere else."""
    statutory = template.questions.filter(statutory_appointment=True)
    assert sorted(statutory.values_list("number", flat=True)) == [30, 31]
    la = medway()
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    page = client.get(BASE + "new/").content.decode()
    assert "compliant" in offered(page, 30) and "compliant" in offered(page, 31)
    assert "compliant" not in offered(page, 1) and "compliant" not in offered(page, 32)
    refused = client.post(BASE + "new/", answers(template, {1: "compliant"}, "2005-01-31", la.pk))
    assert refused.status_code == 400
    assert "Question 1, rating" in refused.content.decode()
    assert ReadinessAssessment.objects.count() == 0
    saved = client.post(BASE + "new/", answers(template, {30: "compliant"}, "2005-01-31", la.pk))
    assert saved.status_code == 302
    assert ReadinessAnswer.objects.get(rating="compliant").question.number == 30


def test_loading_sets_the_statutory_appointment_setting_back(template):
    q = template.questions.get(number=30)
    q.statutory_appointment = False
    q.save()
    assert load().strip().endswith("0 created, 1 updated, 31 unchanged.")
    q.refresh_from_db()
    assert q.statutory_appointment


def test_national_admin_can_mark_a_question_as_a_statutory_appointment(template, client):
    admin = UserFactory()
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    page = client.get(BASE + f"templates/{template.pk}/")
    formset = page.context["formset"]
    data = {
        "questions-TOTAL_FORMS": str(len(formset.forms)),
        "questions-INITIAL_FORMS": str(formset.initial_form_count()),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, f in enumerate(formset.forms):
        q = f.instance
        if not q.pk:
            continue
        data[f"questions-{i}-id"] = str(q.pk)
        data[f"questions-{i}-template"] = str(template.pk)
        data[f"questions-{i}-number"] = str(q.number)
        data[f"questions-{i}-text"] = q.text
        data[f"questions-{i}-definition_of_mature"] = q.definition_of_mature
        if q.number in (30, 32):  # 31 unticked, 32 ticked
            data[f"questions-{i}-statutory_appointment"] = "on"
    data["questions-TOTAL_FORMS"] = str(formset.initial_form_count())
    assert client.post(BASE + f"templates/{template.pk}/", data).status_code == 302
    marked = template.questions.filter(statutory_appointment=True)
    assert sorted(marked.values_list("number", flat=True)) == [30, 32]


def assess(template, la, date: str, ratings: dict[int, str]) -> None:
    assessment = ReadinessAssessment.objects.create(
        local_authority=la, template=template, assessed_on=date
    )
    for number, rating in ratings.items():
        ReadinessAnswer.objects.create(
            assessment=assessment, question=template.questions.get(number=number), rating=rating
        )


def changes(la, number: int) -> list[tuple[str, str]]:
    from mapping.readiness.comparison import compare_assessments

    row = next(r for r in compare_assessments(la).rows if r.number == number)
    return [(c.rating, c.change) for c in row.cells]


def test_developing_mature_ranks_between_developing_and_mature(template, client):
    """Question 11 in the seed is rated "Developing/Mature"."""
    la = medway()
    for date, rating in [
        ("2004-12-01", "developing"),
        ("2005-03-01", "developing_mature"),
        ("2005-06-01", "mature"),
        ("2005-09-01", "developing_mature"),
        ("2005-12-01", "developing"),
    ]:
        assess(template, la, date, {11: rating})
    assert changes(la, 11) == [
        ("Developing", ""),
        ("Developing/Mature", "up"),
        ("Mature", "up"),
        ("Developing/Mature", "down"),
        ("Developing", "down"),
    ]
    client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    page = client.get(BASE + "new/").content.decode()
    assert "developing_mature" in offered(page, 11) and "developing_mature" in offered(page, 1)
    data = answers(template, {11: "developing_mature"}, "2006-01-31", la.pk)
    assert client.post(BASE + "new/", data).status_code == 302
    assert "Developing/Mature" in client.get(BASE + f"la/{la.slug}/").content.decode()


def test_children_act_compliant_is_not_on_the_maturity_scale(template):
    """Moving between "Children Act compliant" and a maturity rating is neither up nor down."""
    la = medway()
    assess(template, la, "2004-12-01", {30: "developing"})
    assess(template, la, "2005-03-01", {30: "compliant"})
    assess(template, la, "2005-06-01", {30: "mature"})
    assess(template, la, "2005-09-01", {30: "compliant"})
    assert changes(la, 30) == [
        ("Developing", ""),
        ("Children Act compliant", ""),
        ("Mature", ""),
        ("Children Act compliant", ""),
    ]
