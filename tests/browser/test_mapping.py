"""The mapping module in a real browser, for each role: navigation with no link ending in a
refusal, the delegate date and line flows, the sign-off summary, readiness on first run, and
axe-core on every mapping page at 375 px and 1280 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import resolve
from playwright.sync_api import expect

from mapping.models import InvestmentLine, ReadinessAssessment, SectionAssignment
from mapping.services.locking import confirm_completion
from tests.mapping.conftest import add_lines
from tests.mapping.conftest import world as world  # noqa: F401 (the mapping world fixture)
from tests.mapping.test_access import crawl
from tests.second_factor import VerifiedClient as Client  # completes the second factor

from .conftest import PHONE, assert_accessible, axe_violations, click_and_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROLES = ["delegate_assigned", "lead", "dcs", "national_admin"]


@pytest.fixture(autouse=True)
def default_site():
    """The page tree and default site the header's settings need, whatever ran before.

    Another transactional test may have flushed the migrated site; the header then has no
    service name and axe rightly reports an empty link.
    """
    from wagtail.models import Page, Site

    if not Site.objects.filter(is_default_site=True).exists():
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session for ``user`` (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "#mapping-navigation a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_menu_leads_only_to_pages_it_may_use(live_server, page_with_js, world, role):
    page = page_with_js
    sign_in(page, live_server, world.users[role])
    page.goto(f"{live_server.url}/mapping/")
    assert page.locator(".waymark-signed-in__who").inner_text().startswith("Signed in as ")
    links = menu_links(page)
    assert "/mapping/" in links
    for href in links:
        response = page.goto(live_server.url + href)
        assert response.status == 200, f"{role}: {href} answered {response.status}"
    # On a phone the menu collapses behind a "Menu" button and opens on a press.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/mapping/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    assert toggle.is_visible()
    assert not page.locator("#mapping-navigation").is_visible()
    toggle.click()
    assert page.locator("#mapping-navigation").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width} px wide at 375 px"


def test_lead_sets_due_dates_day_month_year_and_nothing_is_lost(
    live_server, page_without_js, world
):
    page = page_without_js
    sign_in(page, live_server, world.users["lead"])
    url = f"{live_server.url}/mapping/returns/{world.mapping_return.pk}/assign/"
    page.goto(url)
    stored = SectionAssignment.objects.get(mapping_return=world.mapping_return, section="finance")
    assert page.input_value("#id_finance-due_date-day") == str(stored.due_date.day)
    page.fill("#id_finance-due_date-day", "30")
    page.fill("#id_finance-due_date-month", "11")
    page.fill("#id_finance-due_date-year", "2026")
    click_and_load(page.locator("button:has-text('Save delegates')"))
    assert "Delegates and due dates saved." in page.inner_text("body")
    dates = dict(
        SectionAssignment.objects.filter(mapping_return=world.mapping_return).values_list(
            "section", "due_date"
        )
    )
    assert dates["finance"] == dt.date(2026, 11, 30)
    assert dates["workforce"] == stored.due_date  # untouched sections keep their dates
    # An impossible date comes back with the GOV.UK message and what was typed.
    page.goto(url)
    page.fill("#id_finance-due_date-day", "31")
    page.fill("#id_finance-due_date-month", "2")
    click_and_load(page.locator("button:has-text('Save delegates')"))
    assert "Due date must be a real date" in page.inner_text("main")
    assert page.input_value("#id_finance-due_date-day") == "31"


def test_delegate_adds_lines_without_a_round_trip(live_server, page_with_js, world):
    page = page_with_js
    sign_in(page, live_server, world.users["delegate_assigned"])
    page.goto(f"{live_server.url}/mapping/returns/{world.mapping_return.pk}/finance/")
    lines = page.locator(".waymark-lines fieldset.waymark-line")
    before = lines.count()
    page.click("button:has-text('Add another line')")
    page.click("button:has-text('Add another line')")
    assert lines.count() == before + 2
    assert page.input_value("#id_lines-TOTAL_FORMS") == str(before + 2)
    last = before + 1
    page.select_option(f"#id_lines-{last}-expenditure_type", "staffing")
    page.select_option(f"#id_lines-{last}-capital_or_revenue", "revenue")
    page.fill(f"#id_lines-{last}-funding_source", "Dedicated Schools Grant")
    page.select_option(f"#id_lines-{last}-basis", "budget")
    page.fill(f"#id_lines-{last}-amount", "12,500")
    click_and_load(page.locator("button:has-text('Save and come back later')"))
    assert "Your answers are saved" in page.inner_text("body")
    line = InvestmentLine.objects.get(mapping_return=world.mapping_return)
    assert line.funding_source == "Dedicated Schools Grant"
    assert str(line.amount) == "12500.00"


def test_without_javascript_the_add_button_stays_hidden(live_server, page_without_js, world):
    page = page_without_js
    sign_in(page, live_server, world.users["delegate_assigned"])
    page.goto(f"{live_server.url}/mapping/returns/{world.mapping_return.pk}/finance/")
    assert not page.locator("button:has-text('Add another line')").is_visible()
    assert page.locator("text=two empty lines are added each time").is_visible()
    assert page.locator(".waymark-lines fieldset.waymark-line").count() == 2


def test_dcs_sees_the_completeness_summary_before_signing_off(live_server, page_with_js, world):
    page = page_with_js
    sign_in(page, live_server, world.users["dcs"])
    page.goto(f"{live_server.url}/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/")
    click_and_load(page.locator("text=Check completeness and sign off"))
    main = page.inner_text("main")
    assert "0 of 4" in main and "Data quality warnings" in main
    assert page.locator("button:has-text('Sign off')").count() == 0
    add_lines(world.mapping_return)
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(status="approved")
    page.reload()
    assert "once the mapping lead has confirmed completion" in page.inner_text("main")
    confirm_completion(world.la, world.cycle, world.users["lead"])
    page.reload()
    assert "4 of 4" in page.inner_text("main")
    page.click("label[for=id_confirm]")
    click_and_load(page.locator("button:has-text('Sign off')"))
    assert "are signed off and locked" in page.inner_text("body")


def test_readiness_works_on_first_run_with_a_typed_date(live_server, page_with_js, world):
    page = page_with_js
    sign_in(page, live_server, world.users["lead"])
    page.goto(f"{live_server.url}/mapping/")
    click_and_load(page.locator("#mapping-navigation >> text=Readiness"))
    click_and_load(page.locator("text=Start a new assessment"))
    assert "How does the local area manage the change process?" in page.inner_text("main")
    page.fill("#id_assessed_on-day", "30")
    page.fill("#id_assessed_on-month", "11")
    page.fill("#id_assessed_on-year", "2026")
    page.click("label[for=id_q1-rating_1]")
    click_and_load(page.locator("button:has-text('Save assessment')"))
    assert "Assessment saved." in page.inner_text("body")
    assert ReadinessAssessment.objects.get().assessed_on == dt.date(2026, 11, 30)
    for fmt in ("CSV", "XLSX", "PDF"):
        assert page.locator(f"a:has-text('{fmt}')").count() == 1


def pages_for(user) -> list[str]:
    """One URL per kind of mapping page the user can reach by following links."""
    client = Client()
    client.force_login(user)
    seen = crawl(client, limit=120)
    by_kind: dict[str, str] = {}
    for url, status in seen.items():
        if status == 200:
            kind = resolve(url.split("?")[0]).view_name + ("?" if "?" in url else "")
            by_kind.setdefault(kind, url)
    return sorted(by_kind.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_mapping_page_passes_axe_for_the_role(live_server, page_with_js, world, role):
    add_lines(world.mapping_return)
    page = page_with_js
    user = world.users[role]
    sign_in(page, live_server, user)
    urls = pages_for(user)
    assert len(urls) >= 3
    too_wide = {}
    for url in urls:
        assert_accessible(page, live_server.url + url)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
    assert too_wide == {}, f"pages wider than the phone (tables must scroll inside): {too_wide}"


def test_error_pages_pass_axe(live_server, page_with_js, world):
    page = page_with_js
    sign_in(page, live_server, world.users["delegate_assigned"])
    for url, status in (("/mapping/cycles/new/", 403), ("/mapping/returns/999999/", 404)):
        response = page.goto(live_server.url + url)
        assert response.status == status
        assert axe_violations(page) == [], url


def test_seed_002_pages_pass_axe_filled_in(live_server, page_with_js, world):
    """The tags page with items and a form error, the service-details form with the new fields,
    and the CYPP report with its tables (whole LA and one locality), at 375 and 1280 px."""
    from mapping.models import ClientGroup, Locality, PriorityAction
    from mapping.services.outcomes import add_priority

    la, r = world.la, world.mapping_return
    priority = add_priority(la, "Narrow the gap")
    action = PriorityAction.objects.create(priority=priority, name="Children's centres")
    locality = Locality.objects.create(local_authority=la, name="North area team")
    group = ClientGroup.objects.create(local_authority=la, name="Traveller children")
    r.tier, r.locality, r.looked_after_children, r.is_adult_service = "universal", locality, 1, 1
    r.save()
    r.outcomes.add(priority)
    r.priority_actions.add(action)
    r.groups_served.add(group)
    add_lines(r)
    page = page_with_js
    sign_in(page, live_server, world.users["lead"])
    query = f"la={la.code}&cycle={world.cycle.label}&basis=budget"
    urls = [
        f"/mapping/la/{la.slug}/tags/",
        f"/mapping/returns/{r.pk}/service_details/",
        f"/mapping/returns/{r.pk}/",
        f"/mapping/reports/cypp-investment/?{query}",
        f"/mapping/reports/cypp-investment/?{query}&locality=North+area+team",
    ]
    for url in urls:
        assert_accessible(page, live_server.url + url)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    # A refused addition re-renders with its error summary: still accessible.
    page.goto(f"{live_server.url}/mapping/la/{la.slug}/tags/")
    click_and_load(page.locator("text=Add locality"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_extension_pages_pass_axe_with_their_errors(live_server, page_with_js, world):
    from mapping.services.timetable import request_extension

    until = world.cycle.data_entry_closes + dt.timedelta(days=30)
    extension = request_extension(world.cycle, world.la, world.users["lead"], until, "Late PCT")
    page = page_with_js
    sign_in(page, live_server, world.users["national_admin"])
    detail = f"{live_server.url}/mapping/cycles/{world.cycle.pk}/"
    assert_accessible(page, detail)
    page.check(f"#id_ext{extension.pk}-decision_1")  # refuse, without the note it needs
    click_and_load(page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the extension is refused")
    assert axe_violations(page) == []

    sign_in(page, live_server, world.users["lead"])
    ask = f"{live_server.url}/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/extension/"
    assert_accessible(page, ask)
    click_and_load(page.get_by_role("button", name="Ask for an extension"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    assert axe_violations(page) == []
