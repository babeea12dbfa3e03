"""The lead's and delegates' workflow, through HTTP: pick, assign, fill in, review, chase."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.urls import reverse

from directory.models import Service
from mapping.models import (
    InvestmentLine,
    MappingReturn,
    Outcome,
    PartnerOrganisation,
    ReturnChange,
    Section,
    SectionAssignment,
    SectionStatus,
    WorkforceLine,
)
from tests.factories import ServiceFactory

from .conftest import DETAILS, INVESTMENT_ROW, WORKFORCE_ROW, formset_data


def section_url(mapping_return, section: str) -> str:
    return reverse("mapping:section_edit", kwargs={"pk": mapping_return.pk, "section": section})


def status(mapping_return, section: str) -> str:
    return SectionAssignment.objects.get(mapping_return=mapping_return, section=section).status


def test_lead_picks_directory_services_and_adds_a_non_public_one(world, login):
    client = login(world.users["lead"])
    library = ServiceFactory(local_authority=world.la, name="Central Library Rhyme Time")
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"

    page = client.get(base + "services/")
    assert "Central Library Rhyme Time" in page.content.decode()
    assert "Southside Youth Club" not in page.content.decode()  # another LA's service

    response = client.post(base + "services/", {"services": [library.pk]})
    assert response.status_code == 302
    added = MappingReturn.objects.get(cycle=world.cycle, service=library)
    assert added.assignments.count() == len(Section.values)  # performance included

    response = client.post(
        base + "services/new/", {"name": "Looked-after children finance team", "la_reference": "F9"}
    )
    assert response.status_code == 302
    hidden = Service.objects.get(name="Looked-after children finance team")
    assert (hidden.is_public, hidden.live, hidden.la_reference) == (False, True, "F9")
    assert not Service.objects.public().filter(pk=hidden.pk).exists()
    assert MappingReturn.objects.filter(cycle=world.cycle, service=hidden).exists()

    progress = client.get(base).content.decode()
    assert "Looked-after children finance team" in progress
    assert "Not public" in progress


def test_another_las_service_cannot_be_picked(world, login):
    client = login(world.users["lead"])
    response = client.post(
        f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/services/",
        {"services": [world.other_service.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert (
        not MappingReturn.objects.filter(cycle=world.cycle, local_authority=world.la)
        .exclude(pk=world.mapping_return.pk)
        .exists()
    )


def test_lead_assigns_delegates_with_due_dates(world, login):
    client = login(world.users["lead"])
    delegate = world.users["delegate_unassigned"]
    data = {}
    for section in Section.values:
        data[f"{section}-delegate"] = str(delegate.pk)
        data[f"{section}-due_date"] = "2010-01-15"
    response = client.post(reverse("mapping:assign", kwargs={"pk": world.mapping_return.pk}), data)
    assert response.status_code == 302
    finance = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="finance")
    assert finance.delegate == delegate
    assert finance.due_date == dt.date(2010, 1, 15)
    assert (
        ReturnChange.objects.filter(mapping_return=world.mapping_return, action="assigned").count()
        >= 3
    )

    # The delegate now sees the return; the one no longer assigned does not.
    assert login(delegate).get(f"/mapping/returns/{world.mapping_return.pk}/").status_code == 200
    former = login(world.users["delegate_assigned"])
    assert former.get(f"/mapping/returns/{world.mapping_return.pk}/").status_code == 403


def test_save_and_come_back_later_keeps_a_partial_section(world, login):
    client = login(world.users["delegate_assigned"])
    url = section_url(world.mapping_return, "finance")
    data = formset_data("lines", [INVESTMENT_ROW]) | {"save": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    line = InvestmentLine.objects.get(mapping_return=world.mapping_return)
    assert line.amount == Decimal("1234.50")
    assert isinstance(line.amount, Decimal)
    assert status(world.mapping_return, "finance") == SectionStatus.IN_PROGRESS

    page = client.get(url).content.decode()
    assert 'value="1,234.50"' in page  # the saved line comes back for editing, as typed

    # Service details saved without a tier is fine for later, refused on submit.
    partial = DETAILS | {"tier": "", "save": "1"}
    assert (
        client.post(section_url(world.mapping_return, "service_details"), partial).status_code
        == 302
    )
    assert status(world.mapping_return, "service_details") == SectionStatus.IN_PROGRESS
    submit = DETAILS | {"tier": "", "submit": "1"}
    response = client.post(section_url(world.mapping_return, "service_details"), submit)
    assert response.status_code == 200
    assert "Select the tier of this service." in response.content.decode()
    assert status(world.mapping_return, "service_details") == SectionStatus.IN_PROGRESS


def test_invalid_lines_re_render_with_messages_and_save_nothing(world, login):
    client = login(world.users["delegate_assigned"])
    bad = [
        INVESTMENT_ROW | {"amount": "12.345"},
        INVESTMENT_ROW | {"expenditure_type": "other", "other_description": ""},
    ]
    response = client.post(section_url(world.mapping_return, "finance"), formset_data("lines", bad))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an amount in pounds, like 1,234.50" in page
    assert "Say what the &#x27;other&#x27; expenditure is." in page
    assert "There is a problem" in page
    assert not InvestmentLine.objects.exists()
    assert status(world.mapping_return, "finance") == SectionStatus.NOT_STARTED

    workforce = [WORKFORCE_ROW | {"group": "astronauts", "fte": "-1"}]
    response = client.post(
        section_url(world.mapping_return, "workforce"), formset_data("lines", workforce)
    )
    assert "Select a valid choice" in response.content.decode()
    assert not WorkforceLine.objects.exists()


def test_support_services_need_their_commissioning_box(world, login):
    client = login(world.users["delegate_assigned"])
    url = section_url(world.mapping_return, "service_details")
    response = client.post(url, DETAILS | {"tier": "support", "submit": "1"})
    assert "Select the commissioning-cycle box." in response.content.decode()
    response = client.post(url, DETAILS | {"commissioning_stage": "planning", "submit": "1"})
    assert "Only support services have a commissioning-cycle box." in response.content.decode()
    ok = DETAILS | {"tier": "support", "commissioning_stage": "planning", "submit": "1"}
    assert client.post(url, ok).status_code == 302
    world.mapping_return.refresh_from_db()
    assert world.mapping_return.commissioning_stage == "planning"


def test_outcomes_offer_ecm_and_own_cypp_priorities_only(world, login):
    ecm = Outcome.objects.create(kind="ecm", name="Be healthy", position=1)
    own = Outcome.objects.create(kind="cypp", local_authority=world.la, name="Narrow the gap")
    other = Outcome.objects.create(kind="cypp", local_authority=world.other_la, name="Other plan")
    client = login(world.users["delegate_assigned"])
    url = section_url(world.mapping_return, "service_details")
    page = client.get(url).content.decode()
    assert "Be healthy" in page and "Narrow the gap" in page and "Other plan" not in page
    client.post(url, DETAILS | {"outcomes": [ecm.pk, own.pk], "save": "1"})
    assert set(world.mapping_return.outcomes.all()) == {ecm, own}
    response = client.post(url, DETAILS | {"outcomes": [other.pk], "save": "1"})
    assert response.status_code == 200
    assert set(world.mapping_return.outcomes.all()) == {ecm, own}


def test_lead_returns_with_comment_then_approves_and_tier_reaches_directory(world, login):
    delegate = login(world.users["delegate_assigned"])
    url = section_url(world.mapping_return, "service_details")
    assert delegate.post(url, DETAILS | {"submit": "1"}).status_code == 302
    assert status(world.mapping_return, "service_details") == SectionStatus.SUBMITTED

    lead = login(world.users["lead"])
    review = reverse(
        "mapping:section_review",
        kwargs={"pk": world.mapping_return.pk, "section": "service_details"},
    )
    page = lead.post(review, {"decision": "return", "comment": ""}, follow=True).content.decode()
    assert "Say what needs changing" in page
    assert status(world.mapping_return, "service_details") == SectionStatus.SUBMITTED

    lead.post(review, {"decision": "return", "comment": "Age bands should be 11-19."})
    assert status(world.mapping_return, "service_details") == SectionStatus.RETURNED
    dashboard = login(world.users["delegate_assigned"]).get("/mapping/").content.decode()
    assert "Age bands should be 11-19." in dashboard

    delegate = login(world.users["delegate_assigned"])
    delegate.post(url, DETAILS | {"age_bands": "11-19", "submit": "1"})
    lead = login(world.users["lead"])
    lead.post(review, {"decision": "approve", "comment": ""})
    assert status(world.mapping_return, "service_details") == SectionStatus.APPROVED
    world.service.refresh_from_db()
    assert world.service.tier == "targeted"

    # An approved section is closed to the delegate.
    delegate = login(world.users["delegate_assigned"])
    assert delegate.post(url, DETAILS | {"tier": "universal", "submit": "1"}).status_code == 403


def test_progress_dashboard_highlights_overdue_and_chase_emails_delegates(world, login):
    SectionAssignment.objects.filter(mapping_return=world.mapping_return, section="finance").update(
        due_date=dt.date.today() - dt.timedelta(days=3)
    )
    SectionAssignment.objects.filter(
        mapping_return=world.mapping_return, section="workforce"
    ).update(status=SectionStatus.APPROVED)
    client = login(world.users["lead"])
    url = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"
    page = client.get(url)
    html = page.content.decode()
    assert "waymark-overdue" in html and "Overdue" in html
    assert page.context["summary"].overdue == 1
    assert "Southside Youth Club" not in html

    response = client.post(url + "chase/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["delegate_assigned"].email]
    assert "Riverside Family Hub: Finance" in message.body
    assert "OVERDUE" in message.body
    assert "Workforce" not in message.body  # approved sections are not chased

    mail.outbox.clear()
    client.post(url + "chase/", {"overdue_only": "1"})
    assert len(mail.outbox) == 1
    assert "Service details" not in mail.outbox[0].body  # not overdue


def test_national_admin_creates_and_edits_cycles(world, login):
    client = login(world.users["national_admin"])
    response = client.post("/mapping/cycles/new/", {"label": "2010/11"})
    assert response.status_code == 302
    from mapping.models import Cycle

    cycle = Cycle.objects.get(label="2010/11")
    assert cycle.data_entry_opens == dt.date(2010, 11, 1)
    assert cycle.data_entry_closes == dt.date(2011, 2, 28)
    assert (
        "Enter a label like 2009/10."
        in client.post("/mapping/cycles/new/", {"label": "2010/12"}).content.decode()
    )

    edit = f"/mapping/cycles/{cycle.pk}/edit/"
    data = {
        "label": "2010/11",
        "state": "open",
        "registration_opens": "2010-10-01",
        "data_entry_opens": "2010-11-08",
        "data_entry_closes": "2010-11-01",
        "summary_report_due": "2011-01-31",
        "results_due": "2011-04-30",
    }
    assert "Data entry must close after it opens." in client.post(edit, data).content.decode()
    client.post(edit, data | {"data_entry_closes": "2011-03-07"})
    cycle.refresh_from_db()
    assert (cycle.state, cycle.data_entry_closes) == ("open", dt.date(2011, 3, 7))


def test_lead_records_a_partnership_with_member_organisations(world, login):
    client = login(world.users["lead"])
    data = {
        "local_authority": world.la.pk,
        "name": "North Testshire Children's Trust",
        "slug": "ntct",
    }
    data |= formset_data(
        "members",
        [
            {"name": "North Testshire ICB", "kind": "pct_icb"},
            {"name": "Hope Trust", "kind": "voluntary"},
        ],
    )
    assert client.post("/mapping/partnerships/new/", data).status_code == 302
    kinds = set(PartnerOrganisation.objects.values_list("kind", flat=True))
    assert kinds == {"pct_icb", "voluntary"}
    # A lead cannot create one for another LA.
    other = data | {"local_authority": world.other_la.pk, "slug": "other"}
    assert (
        "Select a valid choice" in client.post("/mapping/partnerships/new/", other).content.decode()
    )


def test_delegate_sees_only_assigned_sections(world, login):
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).exclude(
        section="finance"
    ).update(delegate=world.users["delegate_unassigned"])
    from .conftest import add_lines

    add_lines(world.mapping_return, amount="555444.33", role="Zebra crossing patroller")
    page = login(world.users["delegate_assigned"]).get(
        f"/mapping/returns/{world.mapping_return.pk}/"
    )
    html = page.content.decode()
    assert "£555,444.33" in html
    assert "Zebra crossing patroller" not in html  # workforce is not theirs
    workforce = section_url(world.mapping_return, "workforce")
    assert login(world.users["delegate_assigned"]).get(workforce).status_code == 403


def test_every_change_is_recorded_with_who_and_what(world, login):
    client = login(world.users["delegate_assigned"])
    client.post(section_url(world.mapping_return, "service_details"), DETAILS | {"save": "1"})
    client.post(
        section_url(world.mapping_return, "service_details"),
        DETAILS | {"tier": "specialist", "save": "1"},
    )
    client.post(
        section_url(world.mapping_return, "finance"),
        formset_data("lines", [INVESTMENT_ROW]) | {"save": "1"},
    )
    change = ReturnChange.objects.filter(
        mapping_return=world.mapping_return, section="service_details"
    ).first()
    assert change.user == world.users["delegate_assigned"]
    assert change.changes == {"tier": ["targeted", "specialist"]}
    finance = ReturnChange.objects.filter(
        mapping_return=world.mapping_return, section="finance"
    ).first()
    assert finance.changes["lines"]["added"][0]["amount"] == "1234.50"

    history = login(world.users["lead"]).get(f"/mapping/returns/{world.mapping_return.pk}/history/")
    html = history.content.decode()
    assert "delegate_a" in html and "specialist" in html


def test_wagtail_admin_menu_links_mapping_for_mapping_staff_only(world, login):
    assert "/mapping/" in login(world.users["lead"]).get("/admin/").content.decode()
    assert 'href="/mapping/"' not in login(world.users["editor"]).get("/admin/").content.decode()
    assert "/mapping/import/" not in login(world.users["lead"]).get("/admin/").content.decode()
    from django.contrib.auth.models import Permission

    admin = world.users["national_admin"]
    admin.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert "/mapping/import/" in login(admin).get("/admin/").content.decode()


def test_approved_directory_corrections_reach_the_editors_problem_queue(world, login):
    from directory.models import ProblemReport

    corrections = DETAILS | {
        "directory_confirmed": "",
        "directory_corrections": "Now opens Fridays.",
    }
    delegate = login(world.users["delegate_assigned"])
    delegate.post(
        section_url(world.mapping_return, "service_details"), corrections | {"submit": "1"}
    )
    assert not ProblemReport.objects.exists()  # not until the lead approves
    review = reverse(
        "mapping:section_review",
        kwargs={"pk": world.mapping_return.pk, "section": "service_details"},
    )
    login(world.users["lead"]).post(review, {"decision": "approve"})
    report = ProblemReport.objects.get()
    assert (report.service, report.local_authority) == (world.service, world.la)
    assert report.details == "Corrections from the 2009/10 mapping return: Now opens Fridays."


def test_ecm_outcomes_are_seeded_and_leads_add_their_own_priorities(world, login):
    from django.core.management import call_command

    call_command("seed_mapping_outcomes")
    call_command("seed_mapping_outcomes")  # idempotent
    assert Outcome.objects.filter(kind="ecm").count() == 5
    lead = login(world.users["lead"])
    url = f"/mapping/la/{world.la.slug}/priorities/"
    assert lead.post(url, {"name": "Reduce teenage pregnancy"}).status_code == 302
    page = lead.post(url, {"name": "reduce teenage pregnancy"}, follow=True).content.decode()
    assert "already has the priority" in page
    assert "This field is required" in lead.post(url, {"name": ""}).content.decode()
    priority = Outcome.objects.get(kind="cypp")
    assert priority.local_authority == world.la
    form = lead.get(section_url(world.mapping_return, "service_details")).content.decode()
    assert "Reduce teenage pregnancy" in form and "Achieve economic well-being" in form
    # DCS may look but not change; another LA's lead sees none of it.
    dcs = login(world.users["dcs"])
    assert "Reduce teenage pregnancy" in dcs.get(url).content.decode()
    assert dcs.post(url, {"name": "Sneaky"}).status_code == 403
    assert login(world.users["other_lead"]).get(url).status_code == 404
    # A priority in use cannot be removed; an unused one can.
    world.mapping_return.outcomes.add(priority)
    page = login(world.users["lead"]).post(url, {"remove": priority.pk}, follow=True)
    assert "cannot be removed" in page.content.decode()
    world.mapping_return.outcomes.remove(priority)
    login(world.users["lead"]).post(url, {"remove": priority.pk})
    assert not Outcome.objects.filter(kind="cypp").exists()
    assert login(world.users["lead"]).post(url, {"remove": "abc"}).status_code == 404


def test_cycle_state_governs_set_up_data_entry_and_review(world, login):
    from mapping.models import Cycle

    Cycle.objects.filter(pk=world.cycle.pk).update(state="setup")
    lead = login(world.users["lead"])
    extra = ServiceFactory(local_authority=world.la)
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"
    lead.post(base + "services/", {"services": [extra.pk]})
    assert MappingReturn.objects.filter(service=extra).exists()  # set-up: lead prepares
    delegate = login(world.users["delegate_assigned"])
    page = delegate.post(
        section_url(world.mapping_return, "service_details"), DETAILS | {"save": "1"}, follow=True
    )
    assert "Data entry for 2009/10 has not opened yet." in page.content.decode()
    assert status(world.mapping_return, "service_details") == SectionStatus.NOT_STARTED

    Cycle.objects.filter(pk=world.cycle.pk).update(state="open")
    delegate.post(section_url(world.mapping_return, "service_details"), DETAILS | {"submit": "1"})
    Cycle.objects.filter(pk=world.cycle.pk).update(state="closed")
    page = delegate.post(
        section_url(world.mapping_return, "finance"),
        formset_data("lines", [INVESTMENT_ROW]) | {"save": "1"},
        follow=True,
    )
    assert "The 2009/10 cycle is closed; returns can no longer change." in page.content.decode()
    assert not InvestmentLine.objects.exists()
    review = reverse(
        "mapping:section_review",
        kwargs={"pk": world.mapping_return.pk, "section": "service_details"},
    )
    login(world.users["lead"]).post(review, {"decision": "approve"})
    assert status(world.mapping_return, "service_details") == SectionStatus.APPROVED


def test_sections_can_only_be_delegated_to_the_las_own_mapping_staff(world):
    import pytest

    from mapping.services import MappingError
    from mapping.services.workflow import assign

    for outsider in (world.users["other_lead"], world.users["editor"]):
        with pytest.raises(MappingError, match="is not a delegate or mapping lead"):
            assign(world.mapping_return, "finance", outsider, None, world.users["lead"])
    finance = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="finance")
    assert finance.delegate == world.users["delegate_assigned"]
