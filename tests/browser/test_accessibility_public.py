"""axe-core finds no WCAG 2.2 AA violation on the public pages, at 375 px and 1280 px."""

from __future__ import annotations

import pytest

from tests.factories import ServiceFactory

from .conftest import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_results_and_no_results_pages_are_accessible(live_server, page_with_js):
    service = ServiceFactory(name="Rhyme Time Club", summary="Songs and stories for babies.")
    assert_accessible(page_with_js, f"{live_server.url}/")
    assert_accessible(page_with_js, f"{live_server.url}/services/?q=rhyme")
    assert_accessible(page_with_js, f"{live_server.url}/services/?q=zzzzqqq")
    assert_accessible(page_with_js, f"{live_server.url}{service.get_absolute_url()}")


def test_shortlist_shared_information_and_error_pages_are_accessible(live_server, page_with_js):
    import datetime as dt

    from portal.models import HomePage, InformationPage
    from tests.factories import LocationFactory

    stale = ServiceFactory(
        name="Stay and Play",
        last_reviewed=dt.date(2020, 1, 6),  # shows the "last checked" warning
        locations=[LocationFactory(name="Ashby Hub")],
        schedules=[(0, dt.time(9), dt.time(11))],
    )
    other = ServiceFactory(name="Baby Massage")
    home = HomePage.objects.get()
    home.add_child(
        instance=InformationPage(
            title="Help with childcare costs",
            slug="childcare-costs",
            summary="Funded hours and help with paying for childcare.",
            body=[
                ("heading", "Funded hours"),
                ("paragraph", "<p>Some 2-year-olds can get 15 hours a week.</p>"),
                ("inset", "Apply the term before your child's birthday."),
                ("warning", "Places fill up quickly."),
                ("details", {"summary": "Who can apply", "text": "<p>Parents who work.</p>"}),
            ],
        )
    )
    page = page_with_js
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    base = live_server.url
    assert_accessible(page, f"{base}{stale.get_absolute_url()}?search=q%3Dplay")
    for service in (stale, other):
        page.goto(f"{base}{service.get_absolute_url()}")
        page.click("button.waymark-save")
        page.wait_for_selector("button.waymark-save [data-waymark-when=saved]:not([hidden])")
    assert_accessible(page, f"{base}/shortlist/")
    share = page.input_value("#share-link")
    assert_accessible(page, share)
    assert_accessible(page, f"{base}/childcare-costs/")
    assert_accessible(page, f"{base}/accessibility-statement/")
    assert_accessible(page, f"{base}/services/no-such-service/", status=404)
    assert_accessible(page, f"{base}/no-such-page/", status=404)
