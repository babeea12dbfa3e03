"""Dates people type in the mapping module: GOV.UK day/month/year inputs that lose nothing.

Issue 9 items 1 and 2: the "Delegate sections" page showed stored due dates in inputs that could
not display them and then wiped them on save; the readiness assessment refused "30/11/2026".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from mapping.models import Cycle, ReadinessAssessment, Section, SectionAssignment
from mapping.readiness.forms import AssessmentForm

pytestmark = pytest.mark.django_db

SECTIONS = tuple(Section.values)


def assign_url(world) -> str:
    return reverse("mapping:assign", kwargs={"pk": world.mapping_return.pk})


def input_value(html: str, name: str) -> str | None:
    """The value of the <input name="name"> in ``html`` (None when there is no such input)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if tag is None:
        return None
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def stored_due_dates(world) -> dict[str, dt.date | None]:
    return dict(
        SectionAssignment.objects.filter(mapping_return=world.mapping_return).values_list(
            "section", "due_date"
        )
    )


def test_delegate_page_shows_each_stored_due_date_as_day_month_year(world, login):
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(
        due_date=dt.date(2026, 11, 30)
    )
    html = login(world.users["lead"]).get(assign_url(world)).content.decode()
    for section in SECTIONS:
        assert input_value(html, f"{section}-due_date-day") == "30"
        assert input_value(html, f"{section}-due_date-month") == "11"
        assert input_value(html, f"{section}-due_date-year") == "2026"
    assert 'type="date"' not in html
    assert "govuk-date-input" in html


def test_saving_the_page_as_shown_keeps_every_due_date(world, login):
    """Resubmitting exactly what the page showed must not wipe anything (the reported loss)."""
    before = stored_due_dates(world)
    assert all(before.values())
    client = login(world.users["lead"])
    html = client.get(assign_url(world)).content.decode()
    data = {}
    for section in SECTIONS:
        data[f"{section}-delegate"] = str(world.users["delegate_assigned"].pk)
        for part in ("day", "month", "year"):
            name = f"{section}-due_date-{part}"
            data[name] = input_value(html, name)
    response = client.post(assign_url(world), data)
    assert response.status_code == 302
    assert stored_due_dates(world) == before


def test_due_dates_the_form_did_not_post_are_kept(world, login):
    before = stored_due_dates(world)
    data = {f"{s}-delegate": str(world.users["delegate_assigned"].pk) for s in SECTIONS}
    response = login(world.users["lead"]).post(assign_url(world), data)
    assert response.status_code == 302
    assert stored_due_dates(world) == before


def test_a_cleared_due_date_is_cleared(world, login):
    data = {}
    for section in SECTIONS:
        data[f"{section}-delegate"] = str(world.users["delegate_assigned"].pk)
        for part in ("day", "month", "year"):
            data[f"{section}-due_date-{part}"] = ""
    assert login(world.users["lead"]).post(assign_url(world), data).status_code == 302
    assert set(stored_due_dates(world).values()) == {None}


@pytest.mark.parametrize("typed", ["30/11/2026", "30/11/26", "2026-11-30", "30 11 2026"])
def test_a_single_typed_due_date_is_understood(world, login, typed):
    data = {f"{s}-delegate": str(world.users["delegate_assigned"].pk) for s in SECTIONS}
    data["finance-due_date"] = typed
    assert login(world.users["lead"]).post(assign_url(world), data).status_code == 302
    assert stored_due_dates(world)["finance"] == dt.date(2026, 11, 30)


def test_day_month_year_due_date_is_saved(world, login):
    data = {f"{s}-delegate": str(world.users["delegate_assigned"].pk) for s in SECTIONS}
    data.update({"finance-due_date-day": "1", "finance-due_date-month": "2"})
    data["finance-due_date-year"] = "2027"
    assert login(world.users["lead"]).post(assign_url(world), data).status_code == 302
    assert stored_due_dates(world)["finance"] == dt.date(2027, 2, 1)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2027", "Due date must be a real date"),
        ("", "2", "2027", "Due date must include a day"),
        ("1", "", "2027", "Due date must include a month"),
        ("1", "2", "", "Due date must include a year"),
        ("1", "2", "27", "Year must include 4 numbers"),
    ],
)
def test_an_impossible_due_date_is_refused_and_nothing_is_lost(
    world, login, day, month, year, message
):
    before = stored_due_dates(world)
    data = {f"{s}-delegate": str(world.users["delegate_assigned"].pk) for s in SECTIONS}
    data.update(
        {
            "finance-due_date-day": day,
            "finance-due_date-month": month,
            "finance-due_date-year": year,
        }
    )
    response = login(world.users["lead"]).post(assign_url(world), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # What the person typed is shown back to them, not blanked.
    assert input_value(html, "finance-due_date-month") == month
    assert stored_due_dates(world) == before


# Readiness self-assessment (issue 9 item 2).


@pytest.fixture
def readiness_template():
    call_command("load_readiness_template", verbosity=0)


def readiness_data(world, **dates) -> dict:
    return {"local_authority": str(world.la.pk), **dates}


@pytest.mark.parametrize(
    "dates",
    [
        {"assessed_on": "30/11/2026"},
        {"assessed_on-day": "30", "assessed_on-month": "11", "assessed_on-year": "2026"},
    ],
)
def test_readiness_assessment_accepts_a_typed_date(world, login, readiness_template, dates):
    response = login(world.users["lead"]).post(
        "/mapping/reports/readiness/new/", readiness_data(world, **dates)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReadinessAssessment.objects.get().assessed_on == dt.date(2026, 11, 30)


def test_readiness_form_shows_the_stored_date_and_keeps_it(world, login, readiness_template):
    client = login(world.users["lead"])
    client.post("/mapping/reports/readiness/new/", readiness_data(world, assessed_on="30/11/2026"))
    assessment = ReadinessAssessment.objects.get()
    url = f"/mapping/reports/readiness/{assessment.pk}/"
    html = client.get(url).content.decode()
    assert input_value(html, "assessed_on-day") == "30"
    assert input_value(html, "assessed_on-year") == "2026"
    # A post that leaves the date out keeps the stored date.
    assert client.post(url, readiness_data(world)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.assessed_on == dt.date(2026, 11, 30)


def test_a_new_readiness_assessment_still_needs_a_date(world):
    form = AssessmentForm(
        {"local_authority": str(world.la.pk)},
        local_authorities=type(world.la).objects.all(),
    )
    assert not form.is_valid()
    assert form.errors["assessed_on"] == ["Enter the date of the assessment"]


def test_cycle_timetable_uses_day_month_year(world, login):
    cycle = world.cycle
    html = (
        login(world.users["national_admin"])
        .get(reverse("mapping:cycle_edit", kwargs={"cycle_id": cycle.pk}))
        .content.decode()
    )
    opens = cycle.data_entry_opens
    assert input_value(html, "data_entry_opens-day") == str(opens.day)
    assert input_value(html, "data_entry_opens-year") == str(opens.year)
    data = {"label": cycle.label, "state": cycle.state}
    for name in (
        "registration_opens",
        "data_entry_opens",
        "data_entry_closes",
        "summary_report_due",
        "results_due",
    ):
        for part in ("day", "month", "year"):
            data[f"{name}-{part}"] = input_value(html, f"{name}-{part}")
    data["results_due"] = "30/11/2026"
    for part in ("day", "month", "year"):
        data.pop(f"results_due-{part}")
    response = login(world.users["national_admin"]).post(
        reverse("mapping:cycle_edit", kwargs={"cycle_id": cycle.pk}), data
    )
    assert response.status_code == 302
    refreshed = Cycle.objects.get(pk=cycle.pk)
    assert refreshed.data_entry_opens == opens
    assert refreshed.results_due == dt.date(2026, 11, 30)
