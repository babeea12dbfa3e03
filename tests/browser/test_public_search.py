"""A parent searches the directory in a real browser, with and without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import ServiceFactory

from .conftest import click_and_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def services():
    ServiceFactory(
        name="Rhyme Time Club",
        summary="Songs and stories for babies.",
        is_free=True,
        minimum_age=0,
        maximum_age=4,
        schedules=[(0, dt.time(10), dt.time(11))],
    )
    ServiceFactory(name="Rhyme and Rock", summary="Music for toddlers.", is_free=False)
    ServiceFactory(name="Junior Football", summary="Football for juniors.", is_free=True)


def test_search_and_filters_work_without_javascript(live_server, page_without_js, services):
    page = page_without_js
    response = page.goto(f"{live_server.url}/services/")
    assert response.status == 200, page.content()[:3000]
    page.fill("#id_q", "rhyme")
    page.check("#id_free")
    click_and_load(page.locator("button:has-text('Apply filters')"))
    assert "q=rhyme" in page.url and "free=on" in page.url
    assert page.inner_text("#result-count") == "1 service found"
    names = page.locator(".waymark-result h3").all_inner_texts()
    assert names == ["Rhyme Time Club"]
    # The filter stays ticked on the results page, and "Clear filters" starts again.
    assert page.is_checked("#id_free")
    page.click("text=Clear filters")
    expect(page.locator("#result-count")).to_have_text("3 services found")


def test_click_through_from_search_to_a_service(live_server, page_with_js, services):
    page = page_with_js
    response = page.goto(f"{live_server.url}/services/")
    assert response.status == 200, page.content()[:3000]
    page.fill("#id_q", "rhyme time")
    click_and_load(page.locator("button:has-text('Search')"))
    click_and_load(page.locator("a:has-text('Rhyme Time Club')"))
    assert page.inner_text("h1") == "Rhyme Time Club"
    assert "Songs and stories for babies." in page.inner_text("main")
    assert page.is_visible("text=For practitioners")
    page.click("text=Report a problem with this page")
    expect(page.locator("h1")).to_have_text("Report a problem with this page")
