"""Service pages and result cards: freshness, the way back, directions, cost and days."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.utils import timezone

from directory.freshness import months_before
from directory.models import CostOption
from directory.summaries import cost_text, days_text
from tests.factories import LocalAuthorityFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_every_service_page_says_when_it_was_last_checked(client):
    service = ServiceFactory(last_reviewed=dt.date(2026, 3, 3))
    assert "Last checked on 3 March 2026" in page(client, service.get_absolute_url())


def test_a_record_older_than_the_review_period_warns_families(client):
    today = timezone.localdate()
    fresh = ServiceFactory(last_reviewed=months_before(today, 11))
    stale = ServiceFactory(last_reviewed=months_before(today, 13))
    notice = "This was last checked over a year ago. Contact the service before you go."
    assert notice not in page(client, fresh.get_absolute_url())
    assert notice in page(client, stale.get_absolute_url())


def test_the_notice_follows_the_local_authoritys_review_period(client):
    la = LocalAuthorityFactory(review_period_months=6)
    service = ServiceFactory(
        local_authority=la, last_reviewed=months_before(timezone.localdate(), 7)
    )
    assert "last checked over 6 months ago" in page(client, service.get_absolute_url())


def test_never_reviewed_uses_the_last_change(client):
    service = ServiceFactory(last_reviewed=None)
    today = timezone.localdate()
    text = page(client, service.get_absolute_url())
    assert f"Last checked on {today.day} {today:%B %Y}" in text
    assert "Contact the service before you go" not in text


def test_months_before_keeps_to_the_end_of_short_months():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_service_page_has_directions_for_each_located_place(client):
    located = LocationFactory(name="Ashby Hub", latitude=53.57, longitude=-0.66)
    unlocated = LocationFactory(name="Mobile bus", latitude=None, longitude=None)
    service = ServiceFactory(locations=[located, unlocated])
    text = page(client, service.get_absolute_url())
    assert 'href="https://www.openstreetmap.org/directions?to=53.570000%2C-0.660000"' in text
    assert text.count(">Directions<") == 1
    assert "data-waymark-map" in text and 'data-lat="53.570000"' in text


def test_result_links_carry_the_search_and_the_service_page_leads_back(client):
    service = ServiceFactory(name="Rhyme Time")
    results = page(client, "/services/?q=rhyme&free=&age=3&page=1")
    link = f"{service.get_absolute_url()}?search=q%3Drhyme%26free%3D%26age%3D3%26page%3D1"
    assert f'href="{link}"' in results
    detail = page(client, link)
    back = "/services/?q=rhyme&free=&age=3&page=1"
    assert f'href="{back}" class="govuk-back-link' in detail
    assert f'<a class="govuk-breadcrumbs__link" href="{back}">Search results</a>' in detail
    assert f'<link rel="canonical" href="http://testserver{service.get_absolute_url()}">' in detail


def test_the_way_back_only_carries_search_parameters(client):
    service = ServiceFactory()
    text = page(client, f"{service.get_absolute_url()}?search=q%3Dx%26next%3Dhttps://evil.example")
    assert 'href="https://evil.example' not in text
    assert 'href="/services/?q=x" class="govuk-back-link' in text


def test_without_a_search_the_breadcrumb_goes_to_find_a_service(client):
    text = page(client, ServiceFactory().get_absolute_url())
    assert ">Find a service</a>" in text and "Back to results" not in text


def test_cards_answer_cost_days_distance_send_and_referral(client):
    paid = ServiceFactory(
        name="Swim School",
        is_free=False,
        send_local_offer=True,
        self_referral=True,
        schedules=[(d, dt.time(9), dt.time(10)) for d in range(5)],
    )
    CostOption.objects.create(service=paid, option="Per session", amount=Decimal("6.00"))
    CostOption.objects.create(service=paid, option="Per session", amount=Decimal("4.50"))
    ServiceFactory(name="Speech Clinic", is_free=True, self_referral=False)
    text = page(client, "/services/?sort=name")
    swim = text[text.index("Swim School") :]
    assert "From £4.50 per session" in swim and "Monday to Friday" in swim
    assert "You can refer yourself" in swim and "Support for special educational needs" in swim
    clinic = text[text.index("Speech Clinic") : text.index("Swim School")]
    assert '<dd class="govuk-summary-list__value">Free</dd>' in clinic
    assert "A professional needs to refer you" in clinic


def test_filters_fold_into_a_panel_showing_how_many_are_active(client):
    ServiceFactory()
    text = page(client, "/services/?q=club&free=on&send=on")
    assert '<details class="govuk-details waymark-filters" id="filters">' in text
    assert 'Filters <span class="waymark-filters__count">(2 active)</span>' in text
    assert "active)" not in page(client, "/services/?q=club")


def test_a_filter_error_opens_the_panel(client):
    text = page(client, "/services/?age=old")
    assert '<details class="govuk-details waymark-filters" id="filters" open>' in text


@pytest.mark.parametrize(
    ("is_free", "costs", "expected"),
    [
        (True, [(Decimal("5"), "Per session")], "Free"),
        (False, [], ""),
        (False, [(None, "Per session")], ""),
        (False, [(Decimal("5.00"), "Per session")], "£5 per session"),
        (
            False,
            [(Decimal("5"), "per week"), (Decimal("3.5"), "Per session")],
            "From £3.50 per session",
        ),
        (False, [(Decimal("0"), "Per session")], "Free"),
        (False, [(Decimal("1200"), "")], "£1,200"),
    ],
)
def test_cost_text(is_free, costs, expected):
    assert cost_text(is_free, costs) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (set(), ""),
        ({0, 1, 2, 3, 4, 5, 6}, "Every day"),
        ({0, 1, 2, 3, 4}, "Monday to Friday"),
        ({5}, "Saturday"),
        ({0, 2}, "Monday and Wednesday"),
        ({0, 2, 5}, "Monday, Wednesday and Saturday"),
    ],
)
def test_days_text(days, expected):
    assert days_text(days) == expected
