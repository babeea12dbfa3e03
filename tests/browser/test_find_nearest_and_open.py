"""Finding the nearest, what is open now, out-of-area postcodes and suggestions, in chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from search import prepare
from search.models import Postcode, SynonymGroup
from tests.factories import LocalAuthorityFactory, LocationFactory, ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Real ONSPD points (OGL).
PLACES = {
    "DN15 6NL": (53.592985, -0.642786, "E06000013"),
    "DN15 7BH": (53.589, -0.652, "E06000013"),
    "DN20 8AA": (53.551, -0.49, "E06000013"),
    "DN31 1HU": (53.56528, -0.081449, "E06000012"),
    "SW1A 1AA": (51.501009, -0.141588, "E09000033"),
}
WIDTHS = [{"width": 375, "height": 812}, {"width": 1280, "height": 900}]
WEDNESDAY = 2


@pytest.fixture
def places():
    for postcode, (lat, lon, la) in PLACES.items():
        Postcode.objects.create(
            postcode=postcode,
            outward=postcode.split()[0],
            latitude=lat,
            longitude=lon,
            local_authority_code=la,
        )
    north = LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")
    north_east = LocalAuthorityFactory(code="E06000012", name="North East Lincolnshire")

    def at(postcode, la):
        lat, lon, _ = PLACES[postcode]
        return LocationFactory(local_authority=la, postcode=postcode, latitude=lat, longitude=lon)

    ServiceFactory(
        local_authority=north_east,
        name="Grimsby Stay and Play",
        locations=[at("DN31 1HU", north_east)],
    )
    ServiceFactory(
        local_authority=north,
        name="Brigg Stay and Play",
        locations=[at("DN20 8AA", north)],
        schedules=[(WEDNESDAY, dt.time(17), dt.time(20))],
    )
    ServiceFactory(
        local_authority=north,
        name="Scunthorpe Stay and Play",
        locations=[at("DN15 7BH", north)],
        schedules=[(WEDNESDAY, dt.time(9), dt.time(12))],
    )


def distances(page) -> list[float]:
    texts = page.locator(".waymark-result").all_inner_texts()
    found = [re.search(r"(\d+(?:\.\d+)?) miles?", text) for text in texts]
    assert all(found), texts
    return [float(match.group(1)) for match in found]


@pytest.mark.parametrize("viewport", WIDTHS, ids=["375px", "1280px"])
def test_a_postcode_search_lists_the_nearest_first(live_server, page_without_js, places, viewport):
    page = page_without_js
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/services/?postcode=DN15+6NL")
    assert page.inner_text("#result-count") == "3 services found"
    miles = distances(page)
    assert miles == sorted(miles) and miles[0] < 1 and miles[-1] > 20
    page.goto(f"{live_server.url}/services/?q=stay+and+play&postcode=DN15+6NL")
    assert distances(page) == sorted(distances(page))


def test_a_postcode_outside_the_area_gets_a_clear_answer(live_server, page_with_js, places):
    call_command("load_local_authorities", verbosity=0)
    page = page_with_js
    page.goto(f"{live_server.url}/services/?postcode=sw1a+1aa")
    notice = page.inner_text("#search-notice")
    assert notice.startswith(
        "SW1A 1AA is in Westminster. This directory covers North Lincolnshire and "
        "North East Lincolnshire."
    )
    assert "Check it" not in page.content()
    assert page.inner_text("#result-count") == "3 services found"  # the nearest we have
    page.goto(f"{live_server.url}/services/?postcode=SW1A+1A")
    assert "Enter a real postcode" in page.inner_text("main")


def test_open_now_with_a_frozen_clock(live_server, page_without_js, places, monkeypatch):
    monkeypatch.setattr(prepare, "london_now", lambda: dt.datetime(2026, 3, 4, 18, 30))
    page = page_without_js
    page.goto(f"{live_server.url}/services/?open_now=on")
    assert page.is_checked("#id_open_now")  # the filter stays ticked
    assert page.locator(".waymark-result h3").all_inner_texts() == ["Brigg Stay and Play"]
    monkeypatch.setattr(prepare, "london_now", lambda: dt.datetime(2026, 3, 4, 10, 0))
    page.reload()
    assert page.locator(".waymark-result h3").all_inner_texts() == ["Scunthorpe Stay and Play"]


@pytest.mark.parametrize(("typed", "offered"), [("nur", "nursery"), ("asd", "autism")])
def test_suggestions_as_you_type(live_server, page_with_js, typed, offered):
    # The seeded groups, saved again: an earlier transactional test's flush must not leave
    # a stale copy in the shared cache (saving a group drops it).
    for name, terms in [
        ("Childcare", "nursery, childcare, pre-school, preschool, day care, childminder"),
        ("Autism", "autism, autistic, ASD, autistic spectrum"),
    ]:
        SynonymGroup.objects.update_or_create(name=name, defaults={"terms": terms})
    page = page_with_js
    page.goto(f"{live_server.url}/services/")
    with page.expect_response(lambda r: f"/services/suggest?q={typed}" in r.url) as answer:
        page.locator("#id_q").press_sequentially(typed)
    assert answer.value.status == 200, answer.value.text()
    assert offered in answer.value.text(), answer.value.text()
    page.wait_for_function("() => document.querySelectorAll('#id_q-suggestions option').length > 0")
    options = page.eval_on_selector_all(
        "#id_q-suggestions option", "options => options.map(o => o.value)"
    )
    assert offered in options
    assert len(options) == len({o.lower() for o in options}) <= 8
