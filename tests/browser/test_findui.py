"""A parent on a phone and on a desktop: results first, the shortlist, printing, sharing, maps.

Tests run without network: map tile requests are blocked, and the pages must still work.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import Locator, expect

from search.models import Postcode
from tests.factories import LocationFactory, ServiceFactory

from .conftest import DESKTOP, PHONE, axe_violations, browser_context, click_and_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TILES = "**/tile.openstreetmap.org/**"


@pytest.fixture
def services():
    Postcode.objects.create(postcode="DN15 6NL", latitude=53.5886, longitude=-0.6545)
    made = []
    for n, (lat, lon) in enumerate(
        [(53.59, -0.65), (53.60, -0.62), (53.62, -0.60), (53.66, -0.55), (53.70, -0.50)]
    ):
        hub = LocationFactory(name=f"Family Hub {n}", latitude=lat, longitude=lon)
        made.append(
            ServiceFactory(
                name=f"Stay and Play {n}",
                summary="Songs, stories and messy play for babies and toddlers with their carers.",
                is_free=n % 2 == 0,
                locations=[hub],
                schedules=[(0, dt.time(9), dt.time(11)), (2, dt.time(9), dt.time(11))],
            )
        )
    return made


def blocked_tiles(page) -> list[str]:
    """Abort every tile request, as on a machine without network; return what was asked."""
    asked: list[str] = []

    def abort(route):
        asked.append(route.request.url)
        route.abort()

    page.route(TILES, abort)
    return asked


def test_results_come_first_on_a_phone(live_server, page_without_js, services):
    page = page_without_js
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}/services/?q=play&postcode=DN15+6NL&free=on&send=&age=2"
    assert page.goto(url).status == 200
    assert page.is_visible("#result-count")
    first = page.locator(".waymark-result").first.bounding_box()
    count = page.locator("#result-count").bounding_box()
    assert count["y"] < 900 and first["y"] < 900, (count, first)
    # The filters are folded into a closed panel that says how many are in use.
    assert page.inner_text(".waymark-filters__summary") == "Filters (3 active)"
    assert not page.is_visible("#id_free")
    page.click(".waymark-filters__summary")
    assert page.is_visible("#id_free") and page.is_checked("#id_free")


def test_desktop_keeps_the_filters_in_a_side_column(live_server, page_without_js, services):
    page = page_without_js
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/services/?q=play")
    assert page.is_visible("#id_free")
    assert not page.is_visible(".waymark-filters__summary")
    filters = page.locator("#filters").bounding_box()
    results = page.locator(".waymark-result").first.bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - page.locator("#result-count").bounding_box()["y"]) < 120


def test_service_page_contents_first_on_a_phone_and_back_to_results(
    live_server, page_without_js, services
):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/services/?q=play&free=on")
    click_and_load(page.locator("a:has-text('Stay and Play 0')"))
    contents = page.locator("#contents-title").bounding_box()
    assert contents["y"] < page.locator("#what").bounding_box()["y"]
    assert page.locator("h1").bounding_box()["y"] < contents["y"]
    page.click("#back-to-results")
    expect(page).to_have_url(re.compile(re.escape("/services/?q=play&free=on") + "$"))
    assert page.is_checked("#id_free") or "free=on" in page.url


@pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, PHONE), (False, PHONE), (True, DESKTOP), (False, DESKTOP)],
    ids=["js-375", "no-js-375", "js-1280", "no-js-1280"],
)
def test_shortlist_save_remove_print_and_share(
    live_server, chromium, services, javascript, viewport
):
    with browser_context(chromium, java_script_enabled=javascript) as context:
        page = context.new_page()
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/services/?q=play&sort=name")
        results_url = page.url

        def press(button: Locator) -> None:
            """With JavaScript, Save and Remove post in the background; without, a page loads."""
            if javascript:
                button.click()
            else:
                click_and_load(button)

        press(page.locator("button.waymark-save").nth(0))
        if javascript:
            expect(page.locator("[data-waymark-shortlist-count]")).to_have_text("1")
            assert page.url == results_url  # updated in place
        else:
            assert page.url.startswith(results_url)  # back where the parent was
        assert page.inner_text("[data-waymark-shortlist-count]") == "1"
        assert "Remove" in page.locator("button.waymark-save").nth(0).inner_text()

        # Save a second one from its service page.
        click_and_load(page.locator("a:has-text('Stay and Play 3')"))
        press(page.locator("button.waymark-save"))
        if javascript:
            expect(page.locator("[data-waymark-shortlist-count]")).to_have_text("2")
        assert page.inner_text("[data-waymark-shortlist-count]") == "2"

        click_and_load(page.locator(".waymark-header__shortlist"))
        names = page.locator(".waymark-shortlist__entry h2").all_inner_texts()
        assert names == ["Stay and Play 0", "Stay and Play 3"]

        # Print: only the services, each with its web address written out.
        assert page.is_visible("button:has-text('Print your shortlist')") == javascript
        assert page.is_visible("[data-waymark-print-hint]") != javascript
        page.emulate_media(media="print")
        assert not page.is_visible(".waymark-header")
        assert not page.is_visible("text=Clear your shortlist")
        assert page.is_visible(".waymark-shortlist__entry >> nth=1")
        printed = page.evaluate(
            "getComputedStyle(document.querySelector('.waymark-shortlist__entry h2 a'),"
            " '::after').content"
        )
        assert f"{live_server.url}/services/" in printed
        page.emulate_media(media="screen")

        # Share: a read-only link that works for someone else.
        link = page.input_value("#share-link")
        with browser_context(chromium, java_script_enabled=javascript) as other:
            shared = other.new_page()
            assert shared.goto(link).status == 200
            assert shared.locator(".waymark-shortlist__entry h2").all_inner_texts() == names
            assert shared.locator("text=Remove").count() == 0

        # Remove one, then clear.
        press(page.locator("button:has-text('Remove Stay and Play 0 from shortlist')"))
        if javascript:
            expect(page.locator(".waymark-shortlist__entry")).to_have_count(1)
        assert page.locator(".waymark-shortlist__entry h2").all_inner_texts() == ["Stay and Play 3"]
        assert page.inner_text("[data-waymark-shortlist-count]") == "1"
        page.click("text=Clear your shortlist")
        expect(page.locator("text=You have not saved any services yet.")).to_be_visible()


def test_results_map_with_tiles_blocked_matches_the_list(live_server, page_with_js, services):
    page = page_with_js
    asked = blocked_tiles(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(DESKTOP)
    query = "q=play&postcode=DN15+6NL&sort=distance"
    page.goto(f"{live_server.url}/services/?{query}")
    page.wait_for_selector("[data-waymark-map][data-feature-count]")
    listed = [
        href.split("?")[0]
        for href in page.locator(".waymark-result h3 a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    geojson = json.loads(page.request.get(f"{live_server.url}/services/map.geojson?{query}").text())
    mapped = [f["properties"]["url"] for f in geojson["features"]]
    assert mapped == listed and len(mapped) == 5
    assert page.locator(".leaflet-marker-icon").count() == 5
    assert asked, "the map asked for tiles (and they were blocked)"
    assert errors == []
    # The list still works: a result opens its page.
    click_and_load(page.locator("a:has-text('Stay and Play 0')"))
    assert page.inner_text("h1") == "Stay and Play 0"
    assert axe_violations(page) == []


def test_service_page_map_and_directions(live_server, page_with_js, page_without_js, services):
    service = services[0]
    url = f"{live_server.url}{service.get_absolute_url()}"
    blocked_tiles(page_with_js)
    page_with_js.goto(url)
    page_with_js.wait_for_selector("[data-waymark-map][data-feature-count='1']")
    assert page_with_js.locator(".leaflet-marker-icon").count() == 1
    page_without_js.goto(url)
    assert not page_without_js.is_visible("[data-waymark-map]")
    directions = page_without_js.get_attribute("a:has-text('Directions')", "href")
    assert directions == "https://www.openstreetmap.org/directions?to=53.590000%2C-0.650000"


def test_service_page_prints_the_record_only(live_server, page_without_js, services):
    page = page_without_js
    page.goto(f"{live_server.url}{services[0].get_absolute_url()}?search=q%3Dplay")
    page.emulate_media(media="print")
    for hidden in (
        ".waymark-header",
        ".govuk-breadcrumbs",
        "#back-to-results",
        "#contents-title",
        "button.waymark-save",
        ".govuk-footer",
    ):
        assert not page.is_visible(hidden), hidden
    assert page.is_visible("h1") and page.is_visible("#where")
    printed = page.evaluate(
        "getComputedStyle(document.querySelector(\"a[href^='https://www.openstreetmap.org']\"),"
        " '::after').content"
    )
    assert "openstreetmap.org/directions" in printed
