"""Slugs taken from names: the first free one in ``base``, ``base-2``, ``base-3``…"""

from __future__ import annotations

import pytest

from directory.models import Service
from directory.slugs import free_slugs, unique_slug
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken():
    def make(*slugs: str) -> None:
        la = LocalAuthorityFactory()
        for slug in slugs:
            ServiceFactory(local_authority=la, name=slug, slug=slug)

    return make


def test_a_free_name_keeps_its_slug(taken):
    taken("stay-and-play-2")
    assert unique_slug(Service.objects, "Stay and Play!") == "stay-and-play"


def test_a_common_name_is_numbered_past_every_taken_slug_however_many(taken):
    taken("stay-and-play", *(f"stay-and-play-{n}" for n in range(2, 41)))
    assert unique_slug(Service.objects, "Stay and Play") == "stay-and-play-41"


def test_a_gap_in_the_numbering_is_reused(taken):
    taken("baby-yoga", "baby-yoga-2", "baby-yoga-4")
    assert unique_slug(Service.objects, "Baby yoga") == "baby-yoga-3"


def test_a_name_without_letters_takes_the_fallback(taken):
    taken("childcare")
    assert unique_slug(Service.objects, "!!!", fallback="childcare") == "childcare-2"


def test_several_records_share_out_the_free_slugs_in_order_avoiding_the_reserved(taken):
    taken("play-1", "play-1-2", "play-10", "play-1-club")

    found = free_slugs(
        Service.objects, ["play-1", "play-10", "play-1", "new"], reserved={"play-1-3", "new"}
    )

    assert found == {
        "play-1": ["play-1-4", "play-1-5"],
        "play-10": ["play-10-2"],
        "new": ["new-2"],
    }


def test_the_records_asked_about_may_leave_one_out(taken):
    taken("otter-club")
    others = Service.objects.exclude(slug="otter-club")
    assert unique_slug(others, "Otter club") == "otter-club"
