"""A parent filters the directory at /services/ and sees only the services that fit."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from directory.models import TaxonomyTerm
from search.models import Postcode
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

RESULT_NAME = re.compile(r'<li class="waymark-result">\s*<h3[^>]*><a[^>]*>([^<]+)</a>')


def result_names(response) -> set[str]:
    assert response.status_code == 200
    return {html.unescape(name) for name in RESULT_NAME.findall(response.content.decode())}


def search(client, **params):
    return client.get("/services/", params)


def term(slug: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(taxonomy__name="Service categories", slug=slug)


def test_keyword_matches_name_and_summary(client):
    ServiceFactory(name="Rhyme Time Club", summary="Songs for babies.")
    ServiceFactory(name="Junior Football", summary="Five-a-side for juniors.")
    assert result_names(search(client, q="rhyme")) == {"Rhyme Time Club"}
    assert result_names(search(client, q="juniors")) == {"Junior Football"}


def test_category_includes_subcategories(client):
    ServiceFactory(name="Tooth Brushing Club", categories=[term("oral-health")])
    ServiceFactory(name="Stop Smoking Clinic", categories=[term("stopping-smoking")])
    assert result_names(search(client, category="health")) == {"Tooth Brushing Club"}
    assert result_names(search(client, category="oral-health")) == {"Tooth Brushing Club"}
    both = search(client, category=["health", "stopping-smoking"])
    assert result_names(both) == {"Tooth Brushing Club", "Stop Smoking Clinic"}


def test_childs_age_falls_inside_the_range(client):
    ServiceFactory(name="Toddler Group", minimum_age=0, maximum_age=4)
    ServiceFactory(name="Youth Club", minimum_age=11, maximum_age=18)
    ServiceFactory(name="Family Advice", minimum_age=None, maximum_age=None)
    assert result_names(search(client, age=2)) == {"Toddler Group", "Family Advice"}
    assert result_names(search(client, age=14)) == {"Youth Club", "Family Advice"}


def test_free_only(client):
    ServiceFactory(name="Free Play", is_free=True)
    ServiceFactory(name="Paid Swimming", is_free=False)
    assert result_names(search(client, free="on")) == {"Free Play"}


def test_send_support(client):
    ServiceFactory(name="Sensory Club", send_local_offer=True)
    ServiceFactory(name="Drama Club", send_local_offer=False)
    assert result_names(search(client, send="on")) == {"Sensory Club"}


def test_open_on_a_day(client):
    ServiceFactory(name="Monday Group", schedules=[(0, dt.time(9), dt.time(11))])
    ServiceFactory(name="Wednesday Group", schedules=[(2, dt.time(9), dt.time(11))])
    assert result_names(search(client, day=0)) == {"Monday Group"}
    assert result_names(search(client, day=2)) == {"Wednesday Group"}


def test_self_referral(client):
    ServiceFactory(name="Drop In Cafe", self_referral=True)
    ServiceFactory(name="Intensive Support Team", self_referral=False, professional_referral=True)
    assert result_names(search(client, self_referral="on")) == {"Drop In Cafe"}


def test_postcode_with_radius(client):
    Postcode.objects.create(
        postcode="DN15 6NL", outward="DN15", latitude=53.5886, longitude=-0.6545
    )
    near = LocationFactory(postcode="DN15 6NL", latitude=53.5900, longitude=-0.6500)
    far = LocationFactory(city="Grimsby", postcode="DN31 1HU", latitude=53.5675, longitude=-0.0800)
    ServiceFactory(name="Scunthorpe Stay and Play", locations=[near])
    ServiceFactory(name="Grimsby Stay and Play", locations=[far])
    within_five = search(client, postcode="dn15 6nl", radius="5")
    assert result_names(within_five) == {"Scunthorpe Stay and Play"}
    within_25 = search(client, postcode="DN15 6NL", radius="25")
    assert result_names(within_25) == {"Scunthorpe Stay and Play", "Grimsby Stay and Play"}
    assert "miles away" in within_25.content.decode()


def test_filters_combine(client):
    ServiceFactory(name="Free Toddler Group", is_free=True, minimum_age=0, maximum_age=4)
    ServiceFactory(name="Paid Toddler Group", is_free=False, minimum_age=0, maximum_age=4)
    ServiceFactory(name="Free Youth Club", is_free=True, minimum_age=11, maximum_age=18)
    assert result_names(search(client, free="on", age=3)) == {"Free Toddler Group"}


def test_result_count_and_hidden_records(client):
    ServiceFactory(name="Published One")
    ServiceFactory(name="Draft One", live=False)
    ServiceFactory(name="Mapping Only", is_public=False)
    response = search(client)
    assert result_names(response) == {"Published One"}
    assert "1 service found" in response.content.decode()


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        ServiceFactory(name=f"Free Group {n:02d}", is_free=True)
    ServiceFactory(name="Paid Group", is_free=False)
    first = search(client, free="on", sort="name")
    page = first.content.decode()
    assert "25 services found" in page
    assert len(result_names(first)) == 20
    assert 'class="govuk-pagination"' in page
    next_link = re.search(
        r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', page
    )
    assert next_link, "a Next link"
    href = html.unescape(next_link.group(1))
    assert "free=on" in href and "page=2" in href
    second = client.get(f"/services/{href}")
    assert result_names(second) == {f"Free Group {n:02d}" for n in range(20, 25)}
    assert 'aria-current="page"' in second.content.decode()
    assert 'rel="prev"' in second.content.decode()


def test_no_results_page_helps(client):
    ServiceFactory(name="Baby Massage", is_free=True)
    response = search(client, q="trampolining", free="on")
    page = html.unescape(response.content.decode())
    assert result_names(response) == set()
    assert "0 services found" in page
    assert "We could not find any services that match your search" in page
    assert "checking your spelling" in page
    # Each filter in use can be removed with one link that keeps the others.
    assert re.search(r'href="\?free=on"[^>]*>Words: trampolining', page)
    assert "browse services by category" in page


def test_clear_filters_link(client):
    response = search(client, q="anything", free="on")
    assert '<a class="govuk-link" href="/services/">Clear filters</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"age": "four"}, "Child's age must be a whole number, like 4"),
        ({"age": "30"}, "Child's age must be 25 or under"),
        ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like DN15 6NL"),
        ({"postcode": "QQ1"}, "Enter a real postcode, like DN15 6NL"),
        ({"radius": "5"}, "Enter a postcode to search within a distance"),
        ({"day": "9"}, "Select a day from the list"),
    ],
)
def test_bad_filters_show_a_specific_message(client, params, message):
    ServiceFactory(name="Any Service")
    response = search(client, **params)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert result_names(response) == set()


def test_a_mangled_page_number_shows_the_first_page(client):
    ServiceFactory(name="Only Service")
    assert result_names(search(client, page="abc")) == {"Only Service"}
