"""The timetable runs itself: ``manage.py mapping_timetable`` under a frozen clock.

The world's 2009/10 cycle is put back on the national timetable (registration 1 October 2009,
data entry 1 November 2009 to 28 February 2010, summary 31 January, results 30 April 2010),
and each test travels to the days that matter.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from directory.models import StaffRole
from mapping.models import (
    Cycle,
    CycleEvent,
    CycleReminder,
    CycleState,
    DataEntryExtension,
    InvestmentLine,
    MappingReturn,
    SectionAssignment,
    SectionStatus,
)
from mapping.services.timetable import decide_extension, request_extension
from tests.factories import staff_user

from .conftest import DETAILS, INVESTMENT_ROW, formset_data

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0):
    """Travel to a moment in London (the project's time zone), clock stopped."""
    return time_machine.travel(
        dt.datetime(year, month, day, hour, minute, tzinfo=LONDON), tick=False
    )


def run() -> str:
    out = StringIO()
    call_command("mapping_timetable", stdout=out)
    return out.getvalue()


def on_national_timetable(cycle: Cycle, state: str = CycleState.SETUP) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state, **Cycle.standard_timetable(cycle.label))
    return Cycle.objects.get(pk=cycle.pk)


def state_of(cycle: Cycle) -> str:
    return Cycle.objects.get(pk=cycle.pk).state


def section_url(mapping_return, section: str) -> str:
    return reverse("mapping:section_edit", kwargs={"pk": mapping_return.pk, "section": section})


def save_finance(client, mapping_return):
    return client.post(
        section_url(mapping_return, "finance"),
        formset_data("lines", [INVESTMENT_ROW]) | {"save": "1"},
        follow=True,
    )


def reminders() -> list:
    """Closing reminders sent (the January summary also goes out in February runs)."""
    return [m for m in mail.outbox if "section(s) to complete" in m.subject]


def test_registration_opens_entry_opens_and_closes_at_the_end_of_28_february(world, client):
    cycle = on_national_timetable(world.cycle)
    with at(2009, 9, 30):
        assert run().strip() == "Nothing due today."
        assert state_of(cycle) == CycleState.SETUP
    with at(2009, 10, 1, 0, 20):
        assert "registration opened" in run()
        assert state_of(cycle) == CycleState.REGISTRATION
        run()  # a second run the same day changes nothing
    with at(2009, 10, 31, 23, 59):
        run()
        assert state_of(cycle) == CycleState.REGISTRATION
    with at(2009, 11, 1, 0, 20):
        assert "data entry opened" in run()
        assert state_of(cycle) == CycleState.OPEN
    with at(2010, 2, 28, 23, 59):
        run()
        assert state_of(cycle) == CycleState.OPEN
        client.force_login(world.users["delegate_assigned"])
        page = save_finance(client, world.mapping_return)
        assert "Your answers are saved" in page.content.decode()
    assert InvestmentLine.objects.filter(mapping_return=world.mapping_return).count() == 1
    with at(2010, 3, 1, 0, 20):
        assert "data entry closed" in run()
        assert state_of(cycle) == CycleState.CLOSED
    states = CycleEvent.objects.filter(cycle=cycle).exclude(to_state="")
    events = list(states.order_by("at", "pk"))
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in events] == [
        ("registration_opened", "setup", "registration", "scheduler"),
        ("entry_opened", "registration", "open", "scheduler"),
        ("entry_closed", "open", "closed", "scheduler"),
    ]
    assert events[-1].at == dt.datetime(2010, 3, 1, 0, 20, tzinfo=LONDON)


def test_national_administrators_dates_are_the_ones_the_scheduler_reads(world):
    cycle = on_national_timetable(world.cycle)
    Cycle.objects.filter(pk=cycle.pk).update(
        data_entry_opens=dt.date(2009, 11, 9), data_entry_closes=dt.date(2010, 3, 14)
    )
    with at(2009, 11, 1):
        run()
        assert state_of(cycle) == CycleState.REGISTRATION
    with at(2009, 11, 9):
        run()
        assert state_of(cycle) == CycleState.OPEN
    with at(2010, 3, 1):
        run()
        assert state_of(cycle) == CycleState.OPEN
    with at(2010, 3, 15):
        run()
        assert state_of(cycle) == CycleState.CLOSED


def test_a_cycle_that_never_opened_is_not_closed_or_released_by_the_scheduler(world):
    cycle = on_national_timetable(world.cycle)
    with at(2010, 5, 1):
        run()
    cycle.refresh_from_db()
    assert (cycle.state, cycle.results_released) == (CycleState.SETUP, False)
    assert not CycleEvent.objects.exists()


def test_a_forgotten_open_cycle_refuses_edits_after_28_february(world, client):
    """Nobody ran the scheduler and nobody closed the cycle: the date alone refuses the edit."""
    on_national_timetable(world.cycle, CycleState.OPEN)
    with at(2010, 3, 1, 9):
        client.force_login(world.users["delegate_assigned"])
        page = save_finance(client, world.mapping_return)
        body = page.content.decode()
        assert page.status_code == 200
        assert "The 2009/10 cycle is closed; returns can no longer change." in body
        assert "Data entry closed at the end of 28 February 2010." in body
        assert "extension" in body
        details = client.post(
            section_url(world.mapping_return, "service_details"), DETAILS | {"submit": "1"}
        )
        assert details.status_code == 200
        # The lead cannot add services or re-assign either.
        lead = world.users["lead"]
        client.force_login(lead)
        assign = client.post(
            reverse("mapping:assign", kwargs={"pk": world.mapping_return.pk}),
            {"service_details-delegate": "", "finance-delegate": "", "workforce-delegate": ""},
            follow=True,
        )
        assert "can no longer change" in assign.content.decode()
    assert not InvestmentLine.objects.exists()
    assert MappingReturn.objects.get(pk=world.mapping_return.pk).tier == ""
    assert world.cycle.__class__.objects.get(pk=world.cycle.pk).state == CycleState.OPEN
    statuses = SectionAssignment.objects.filter(mapping_return=world.mapping_return)
    assert set(statuses.values_list("status", flat=True)) == {SectionStatus.NOT_STARTED}
    assert set(statuses.values_list("delegate", flat=True)) == {world.users["delegate_assigned"].pk}


def test_the_section_page_says_data_entry_has_closed(world, client):
    on_national_timetable(world.cycle, CycleState.CLOSED)
    with at(2010, 3, 2):
        client.force_login(world.users["delegate_assigned"])
        page = client.get(section_url(world.mapping_return, "finance"))
    assert page.status_code == 200
    assert "Data entry closed at the end of 28 February 2010." in page.content.decode()


def test_an_extension_keeps_entry_open_for_that_la_only(world, client):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    with at(2010, 2, 20):
        extension = request_extension(
            cycle, world.la, world.users["lead"], dt.date(2010, 3, 31), "Two PCT returns late"
        )
        decide_extension(extension, world.users["national_admin"], grant=True)
    with at(2010, 3, 1, 0, 20):
        run()
        assert state_of(cycle) == CycleState.CLOSED
    with at(2010, 3, 31, 23, 0):
        client.force_login(world.users["delegate_assigned"])
        page = save_finance(client, world.mapping_return)
        assert "Your answers are saved" in page.content.decode()
        client.force_login(world.users["other_lead"])
        refused = save_finance(client, world.other_return)
        assert "Data entry closed at the end of 28 February 2010." in refused.content.decode()
    with at(2010, 4, 1, 9):
        client.force_login(world.users["delegate_assigned"])
        late = save_finance(client, world.mapping_return)
        assert "Data entry closed at the end of 31 March 2010." in late.content.decode()
    lines = InvestmentLine.objects.values_list("mapping_return__local_authority", flat=True)
    assert list(lines) == [world.la.pk]
    assert extension.__class__.objects.get().status == DataEntryExtension.Status.GRANTED


def test_reminders_go_14_and_3_days_before_the_close_once_to_delegates_with_open_sections(world):
    on_national_timetable(world.cycle, CycleState.OPEN)
    finished = staff_user(world.la, StaffRole.DELEGATE, username="finished")
    SectionAssignment.objects.filter(mapping_return=world.mapping_return, section="finance").update(
        delegate=finished, status=SectionStatus.SUBMITTED
    )
    SectionAssignment.objects.filter(
        mapping_return=world.mapping_return, section="workforce"
    ).update(status=SectionStatus.APPROVED)
    with at(2010, 2, 13):
        run()
        assert reminders() == []
    with at(2010, 2, 14):
        assert "14-day reminder to 1 delegate(s)" in run()
        run()
    with at(2010, 2, 15):
        run()
    (first,) = reminders()
    assert first.to == [world.users["delegate_assigned"].email]
    assert "at the end of 28 February 2010 (14 days left)" in first.body
    assert "Riverside Family Hub: Service details (not started)" in first.body
    assert "Riverside Family Hub: Performance (not started)" in first.body
    assert "Workforce" not in first.body and "Finance" not in first.body
    assert first.subject.startswith("14 days left: 2 mapping section(s)")
    with at(2010, 2, 25):
        run()
    with at(2010, 2, 26):
        run()
    assert len(reminders()) == 2
    assert "(3 days left)" in reminders()[1].body
    assert CycleReminder.objects.count() == 2
    sent = CycleEvent.objects.filter(action="reminders_sent").order_by("at")
    assert [(e.details["days_before"], e.actor) for e in sent] == [
        (14, "scheduler"),
        (3, "scheduler"),
    ]


def test_a_missed_14_day_run_sends_only_the_3_day_reminder(world):
    on_national_timetable(world.cycle, CycleState.OPEN)
    with at(2010, 2, 26):
        run()
        run()
    (only,) = reminders()
    assert only.subject.startswith("2 days left")
    assert "at the end of 28 February 2010 (2 days left)" in only.body
    assert CycleReminder.objects.get().days_before == 3


def test_an_la_with_an_extension_is_reminded_before_its_own_date(world):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    with at(2010, 2, 1):
        extension = request_extension(
            cycle, world.la, world.users["lead"], dt.date(2010, 3, 31), "Staff away"
        )
        decide_extension(extension, world.users["national_admin"], grant=True)
    with at(2010, 2, 25):
        run()
        assert reminders() == []  # 34 days to go for this LA
    with at(2010, 3, 17):
        run()
    with at(2010, 3, 28):
        run()
    assert [m.subject[:12] for m in reminders()] == ["14 days left", "3 days left:"]
    assert "31 March 2010" in reminders()[1].body


def test_the_january_summary_goes_to_each_lead_once(world):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    second_lead = staff_user(world.la, StaffRole.MAPPING_LEAD, username="second_lead")
    no_email = staff_user(world.la, StaffRole.MAPPING_LEAD, username="no_email", email="")
    assert no_email.email == ""
    SectionAssignment.objects.filter(mapping_return=world.mapping_return, section="finance").update(
        status=SectionStatus.SUBMITTED
    )
    with at(2010, 1, 30):
        run()
        assert mail.outbox == []
    with at(2010, 1, 31, 0, 20):
        out = run()
    with at(2010, 2, 1):
        run()
    assert "January summary to 2 lead(s) in North Testshire" in out
    assert "January summary to 1 lead(s) in South Testshire" in out
    sent = {tuple(m.to): m for m in mail.outbox}
    assert set(sent) == {
        (world.users["lead"].email,),
        (second_lead.email,),
        (world.users["other_lead"].email,),
    }
    body = sent[(world.users["lead"].email,)].body
    assert "North Testshire has submitted to date for the 2009/10" in body
    assert "Returns: 1" in body
    assert "- Submitted: 1" in body
    assert "- Not started: 3" in body  # service details, workforce and performance
    assert "/mapping/reports/summary/?la=" in body
    assert "Investment, actual 2008/09: £0.00" in body
    assert "Staff (FTE), budget 2009/10: " in body
    assert "South Testshire" not in body
    assert CycleEvent.objects.filter(cycle=cycle, action="summary_sent").count() == 2  # one per LA


def test_results_are_released_on_the_results_date_once_entry_has_closed(world):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    with at(2010, 4, 29):
        run()
        assert state_of(cycle) == CycleState.CLOSED
        assert not Cycle.objects.get(pk=cycle.pk).results_released
        assert not Cycle.objects.released().exists()
    with at(2010, 4, 30, 0, 20):
        assert "results released" in run()
        run()
    cycle.refresh_from_db()
    assert cycle.results_released
    assert cycle.results_released_at == dt.datetime(2010, 4, 30, 0, 20, tzinfo=LONDON)
    assert list(Cycle.objects.released()) == [cycle]
    released = CycleEvent.objects.filter(action="results_released")
    assert [e.actor for e in released] == ["scheduler"]


def test_publishing_releases_the_results_and_records_who_did_it(world, client):
    client.force_login(world.users["national_admin"])
    response = client.post(reverse("mapping:cycle_publish", kwargs={"cycle_id": world.cycle.pk}))
    assert response.status_code == 302
    cycle = Cycle.objects.get(pk=world.cycle.pk)
    assert cycle.state == CycleState.PUBLISHED and cycle.results_released
    events = CycleEvent.objects.filter(cycle=cycle).order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        ("published", "natadmin"),
        ("results_released", "natadmin"),
    ]


def release_url(cycle: Cycle) -> str:
    return reverse("mapping:results_release", kwargs={"cycle_id": cycle.pk})


def test_a_national_administrator_releases_the_results_now_and_it_is_recorded(world, client):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    detail = reverse("mapping:cycle_detail", kwargs={"cycle_id": cycle.pk})
    with at(2010, 3, 10):
        run()
        assert state_of(cycle) == CycleState.CLOSED
        client.force_login(world.users["lead"])
        assert "Release results now" not in client.get(detail).content.decode()
        assert client.get(release_url(cycle)).status_code == 403
        assert client.post(release_url(cycle)).status_code == 403
        assert not Cycle.objects.released().exists()
        client.force_login(world.users["national_admin"])
        assert "Release results now" in client.get(detail).content.decode()
        confirm = client.get(release_url(cycle)).content.decode()
        assert "due to be released on 30 April 2010" in confirm
        done = client.post(release_url(cycle), follow=True).content.decode()
        assert "The results of 2009/10 are released" in done
        assert "Release results now" not in done and "Released 10 March 2010" in done
    cycle.refresh_from_db()
    assert cycle.results_released_at == dt.datetime(2010, 3, 10, 9, tzinfo=LONDON)
    assert list(Cycle.objects.released()) == [cycle]
    with at(2010, 4, 30):
        run()
        client.force_login(world.users["national_admin"])
        again = client.post(release_url(cycle), follow=True).content.decode()
        assert "The results of 2009/10 were released on 10 March 2010." in again
    released = CycleEvent.objects.filter(action="results_released")
    assert [e.actor for e in released] == ["natadmin"]


def test_results_are_not_released_while_entry_is_open_anywhere(world, client):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    client.force_login(world.users["national_admin"])
    with at(2010, 2, 10):
        page = client.post(release_url(cycle), follow=True).content.decode()
        assert "Data entry for 2009/10 has not closed." in page
        extension = request_extension(
            cycle, world.la, world.users["lead"], dt.date(2010, 3, 15), "Two PCT returns late"
        )
        decide_extension(extension, world.users["national_admin"], grant=True)
    with at(2010, 3, 15, 20):
        run()
        assert state_of(cycle) == CycleState.CLOSED
        client.force_login(world.users["national_admin"])
        page = client.post(release_url(cycle), follow=True).content.decode()
        assert "Data entry is still open for North Testshire (extension)." in page
        assert not Cycle.objects.get(pk=cycle.pk).results_released
    with at(2010, 3, 16):
        client.force_login(world.users["national_admin"])
        assert client.post(release_url(cycle)).status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).results_released
    assert CycleEvent.objects.filter(action="results_released").count() == 1


def test_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must look like 2010-02-28"):
        call_command("mapping_timetable", "--date", "28/02/2010")


def test_the_worker_may_run_the_timetable(world):
    from portal.tasks import BACKGROUND_COMMANDS, run_command

    assert "mapping_timetable" in BACKGROUND_COMMANDS
    on_national_timetable(world.cycle)
    with at(2009, 10, 2):
        run_command.call("mapping_timetable")
    assert state_of(world.cycle) == CycleState.REGISTRATION


def test_lead_asks_for_an_extension_and_a_national_administrator_grants_it(world, client):
    cycle = on_national_timetable(world.cycle, CycleState.OPEN)
    ask = reverse(
        "mapping:extension_request", kwargs={"la_slug": world.la.slug, "cycle_id": cycle.pk}
    )
    detail = reverse("mapping:cycle_detail", kwargs={"cycle_id": cycle.pk})
    with at(2010, 2, 20):
        client.force_login(world.users["lead"])
        page = client.get(ask)
        assert page.status_code == 200
        assert "Data entry closes at the end of 28 February 2010." in page.content.decode()
        early = client.post(ask, {"until": "20/02/2010", "reason": "Late PCT returns"})
        assert early.status_code == 200
        assert "Ask for a date after the close of data entry" in early.content.decode()
        assert client.post(ask, {"until": "31/03/2010", "reason": ""}).status_code == 200
        assert not DataEntryExtension.objects.exists()
        done = client.post(ask, {"until": "31/03/2010", "reason": "Late PCT returns"})
        assert done.status_code == 302 and done["Location"] == detail
        again = client.post(ask, {"until": "15/03/2010", "reason": "Still late"})
        assert "already has a request waiting" in again.content.decode()
        extension = DataEntryExtension.objects.get()

        client.force_login(world.users["national_admin"])
        page = client.get(detail).content.decode()
        assert "North Testshire asks to keep data entry open until 31 March 2010" in page
        decide = reverse("mapping:extension_decide", kwargs={"cycle_id": cycle.pk})
        prefix = f"ext{extension.pk}"
        refused = client.post(decide, {"extension": extension.pk, f"{prefix}-decision": "refuse"})
        assert refused.status_code == 200
        assert "Say why the extension is refused" in refused.content.decode()
        granted = client.post(
            decide,
            {
                "extension": extension.pk,
                f"{prefix}-decision": "grant",
                f"{prefix}-until": "24/03/2010",
            },
        )
        assert granted.status_code == 302
        twice = client.post(
            decide, {"extension": extension.pk, f"{prefix}-decision": "grant"}, follow=True
        )
        assert "already been decided" in twice.content.decode()
        assert client.post(decide, {"extension": "abc"}).status_code == 404
        assert client.get(decide).status_code == 405

        client.force_login(world.users["lead"])
        page = client.get(detail).content.decode()
        assert "Granted until 24 March 2010" in page
        progress = client.get(
            reverse("mapping:progress", kwargs={"la_slug": world.la.slug, "cycle_id": cycle.pk})
        ).content.decode()
        assert "to the end of 24 March 2010 (extended for North Testshire)" in progress
    extension.refresh_from_db()
    assert (extension.status, extension.granted_until) == ("granted", dt.date(2010, 3, 24))
    assert extension.decided_by == world.users["national_admin"]
    events = CycleEvent.objects.filter(local_authority=world.la).order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        ("extension_requested", "lead"),
        ("extension_granted", "natadmin"),
    ]
    assert events[1].details == {"closes": ["2010-02-28", "2010-03-24"]}


def test_every_state_change_shows_who_made_it_to_leads_and_national_admins(world, client):
    cycle = on_national_timetable(world.cycle)
    with at(2009, 10, 1):
        run()
    with at(2009, 10, 20):
        client.force_login(world.users["national_admin"])
        edit = reverse("mapping:cycle_edit", kwargs={"cycle_id": cycle.pk})
        response = client.post(
            edit,
            {
                "label": "2009/10",
                "state": "open",
                "registration_opens": "01/10/2009",
                "data_entry_opens": "01/11/2009",
                "data_entry_closes": "07/03/2010",
                "summary_report_due": "31/01/2010",
                "results_due": "30/04/2010",
            },
        )
        assert response.status_code == 302
        request_extension(
            cycle, world.other_la, world.users["other_lead"], dt.date(2010, 4, 1), "x"
        )
        detail = reverse("mapping:cycle_detail", kwargs={"cycle_id": cycle.pk})
        admin_page = client.get(detail).content.decode()
        client.force_login(world.users["lead"])
        lead_page = client.get(detail).content.decode()
        client.force_login(world.users["delegate_assigned"])
        assert client.get(detail).status_code == 403
    events = CycleEvent.objects.filter(cycle=cycle, local_authority=None).order_by("pk")
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in events] == [
        ("registration_opened", "setup", "registration", "scheduler"),
        ("state_changed", "registration", "open", "natadmin"),
        ("dates_changed", "", "", "natadmin"),
    ]
    assert events[2].details == {"data_entry_closes": ["2010-02-28", "2010-03-07"]}
    for page in (admin_page, lead_page):
        assert "Scheduler" in page
        assert "Registration opened" in page and "State changed" in page
        assert "natadmin" in page
        assert "data_entry_closes" in page
    assert "Extension requested (South Testshire)" in admin_page
    assert "South Testshire" not in lead_page
