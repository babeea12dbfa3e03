"""Mapping screens by role: progress filters and pages, the delegate's to-dos, sign-off summary,
names and money as people read them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from mapping.models import SectionAssignment, SectionStatus
from mapping.services.locking import confirm_completion
from mapping.services.workflow import add_services
from tests.factories import ServiceFactory

from .conftest import add_lines

pytestmark = pytest.mark.django_db


def progress_url(world, query: str = "") -> str:
    url = reverse("mapping:progress", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk})
    return f"{url}?{query}" if query else url


def more_returns(world, n: int):
    services = [ServiceFactory(local_authority=world.la, name=f"Service {i:03d}") for i in range(n)]
    return add_services(world.cycle, world.la, services, world.users["lead"])


def test_progress_is_paginated(world, login):
    more_returns(world, 30)  # 31 returns with the fixture's
    client = login(world.users["lead"])
    first = client.get(progress_url(world)).content.decode()
    assert "31 returns, showing 1 to 25" in first
    assert 'rel="next"' in first
    second = client.get(progress_url(world, "page=2")).content.decode()
    assert "showing 26 to 31" in second
    assert "Service 029" in second and "Service 029" not in first  # sorted by service name
    assert "Riverside Family Hub" in first


def test_progress_filters_by_status_section_delegate_and_overdue(world, login):
    more_returns(world, 3)
    client = login(world.users["lead"])
    finance = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="finance")
    finance.status = SectionStatus.APPROVED
    finance.save()
    html = client.get(progress_url(world, "status=approved")).content.decode()
    assert "1 return matches the filters" in html and "Riverside Family Hub" in html
    html = client.get(progress_url(world, "status=approved&section=workforce")).content.decode()
    assert "No returns match these filters." in html
    delegate = world.users["delegate_assigned"]
    html = client.get(progress_url(world, f"delegate={delegate.pk}")).content.decode()
    assert "1 return matches the filters" in html
    assert "Service 000" not in html
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(
        due_date=dt.date.today() - dt.timedelta(days=2)
    )
    html = client.get(progress_url(world, "overdue=on")).content.decode()
    assert "1 return matches the filters" in html and "Riverside Family Hub" in html
    # A filter that makes no sense is an error on the form, not a 500 or an empty page.
    assert client.get(progress_url(world, "status=party")).status_code == 200


def test_people_are_shown_by_full_name(world, login):
    delegate = world.users["delegate_assigned"]
    delegate.first_name, delegate.last_name = "Amira", "Okafor"
    delegate.save()
    client = login(world.users["lead"])
    progress = client.get(progress_url(world)).content.decode()
    assert "Amira Okafor" in progress and ">delegate_a<" not in progress
    assign = client.get(reverse("mapping:assign", kwargs={"pk": world.mapping_return.pk}))
    html = assign.content.decode()
    assert re.search(r'<option value="\d+"[^>]*>Amira Okafor</option>', html)
    assert "---------" not in html and "Choose..." in html


def test_money_has_thousands_separators(world, login):
    add_lines(world.mapping_return, amount="179893.77")
    client = login(world.users["lead"])
    html = client.get(reverse("mapping:return_detail", kwargs={"pk": world.mapping_return.pk}))
    text = html.content.decode()
    assert "£179,893.77" in text and "£61,000.00" in text
    assert "179893.77" not in text
    form = client.get(
        reverse(
            "mapping:section_edit", kwargs={"pk": world.mapping_return.pk, "section": "finance"}
        )
    ).content.decode()
    assert 'value="179,893.77"' in form


def test_delegate_sees_to_dos_first_and_done_work_folded(world, login):
    done = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="workforce")
    done.status = SectionStatus.APPROVED
    done.save()
    returned = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="finance")
    returned.status = SectionStatus.RETURNED
    returned.lead_comment = "Split the grant lines"
    returned.save()
    html = login(world.users["delegate_assigned"]).get("/mapping/").content.decode()
    assert "To do (3" in html  # service details, finance (returned) and performance
    to_do = html[html.index("To do (") : html.index("Done: approved")]
    assert "Split the grant lines" in to_do
    assert to_do.index("Finance") < to_do.index("Service details")  # returned work first
    folded = html[html.index('<details class="govuk-details">') :]
    assert "Done: approved by the mapping lead (1)" in folded and "Workforce" in folded


def test_sign_off_page_summarises_completeness_and_warnings(world, login):
    client = login(world.users["dcs"])
    url = reverse("mapping:sign_off", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk})
    html = client.get(url).content.decode()
    assert "0 of 4" in html  # sections approved (performance is the fourth)
    assert "4 not started" in html
    assert "Data quality warnings" in html and "Missing sections" in html
    assert "You can sign off once the mapping lead has approved every section" in html
    assert 'name="confirm"' not in html  # no button to press while sections are outstanding
    add_lines(world.mapping_return)
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(
        status=SectionStatus.APPROVED
    )
    SectionAssignment.objects.filter(mapping_return=world.other_return).update(
        status=SectionStatus.NOT_STARTED
    )
    html = client.get(url).content.decode()
    assert "4 of 4" in html and 'name="confirm"' not in html
    assert "once the mapping lead has confirmed completion" in html
    confirm_completion(world.la, world.cycle, world.users["lead"])
    html = client.get(url).content.decode()
    assert "4 of 4" in html and 'name="confirm"' in html
    assert "confirmed completion on" in html
    assert client.post(url, {"confirm": "on"}).status_code == 302
