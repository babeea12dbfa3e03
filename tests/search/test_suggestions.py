"""Search-box suggestions: terms (categories, synonyms) most searched first, then services."""

from __future__ import annotations

import datetime as dt

import pytest

from search import suggest
from search.models import SearchLog, SynonymGroup
from tests.factories import LocalAuthorityFactory, ServiceFactory

# Each test runs on the database backend and, with ELASTICSEARCH_URL, on Elasticsearch too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]


def names(text: str, **kwargs) -> list[str]:
    return [s["name"] for s in suggest(text, **kwargs)]


def searched(query: str, times: int, found: int = 3) -> None:
    SearchLog.objects.bulk_create(
        SearchLog(query=query, result_count=found, backend="database") for _ in range(times)
    )


def test_a_prefix_finds_category_names_and_synonym_terms():
    assert names("nur")[0] == "nursery"  # the synonym term, shortest first
    assert "Day nursery" in names("nur")  # a childcare type, matched on a later word
    assert "autism" in names("asd")  # a synonym brings its group's first term
    assert names("asd")[:2] == ["asd", "autism"]
    assert "speech and language" in names("spee")


def test_most_searched_first_and_never_a_logged_phrase_itself():
    searched("childminder", 5)
    searched("childcare", 2)
    searched("children centre", 50, found=0)  # found nothing: not counted
    searched("ch secret name", 9)
    found = names("ch")
    assert [name.lower() for name in found[:2]] == ["childminder", "childcare"]
    assert "ch secret name" not in found and "children centre" not in found


def test_duplicates_dropped_at_most_eight_and_services_after_terms(north_lincs):
    SynonymGroup.objects.create(name="Play", terms="play, playgroup, play session, playtime")
    service = ServiceFactory(local_authority=north_lincs, name="Playgroup")
    ServiceFactory(local_authority=north_lincs, name="Play Rangers")
    found = suggest("play")
    keys = [s["name"].lower() for s in found]
    assert len(keys) == len(set(keys))  # "Playgroup" once, as a term
    assert len(found) <= 8
    assert found[0] == {"name": "play", "url": "/services/?q=play", "kind": "term"}
    assert {"name": "Play Rangers", "url": found[-1]["url"], "kind": "service"} == found[-1]
    assert service.get_absolute_url() not in [s["url"] for s in found]
    for n in range(12):
        ServiceFactory(local_authority=north_lincs, name=f"Nursery rhyme time {n}")
    assert len(suggest("nur")) == 8


def test_category_suggestions_link_to_the_category_filter():
    day_nursery = next(s for s in suggest("day nur") if s["name"] == "Day nursery")
    assert day_nursery["kind"] == "category"
    assert day_nursery["url"].startswith("/services/?category=")


def test_the_endpoint_answers_nur_and_asd(client):
    nur = client.get("/services/suggest", {"q": "nur"}).json()["suggestions"]
    assert nur[0]["name"] == "nursery"
    asd = client.get("/services/suggest", {"q": "ASD"}).json()["suggestions"]
    assert "autism" in [s["name"] for s in asd]


def test_services_suggested_are_public_shortest_name_first_and_in_the_area_asked(north_lincs):
    other = LocalAuthorityFactory()
    for name in ("Zebra crossing club", "Zebra club", "Zebra"):
        ServiceFactory(local_authority=north_lincs, name=name)
    ServiceFactory(local_authority=north_lincs, name="Zebra draft", is_public=False)
    past = dt.date.today() - dt.timedelta(days=1)
    ServiceFactory(local_authority=north_lincs, name="Zebra ended", hide_from_public_after=past)
    ServiceFactory(local_authority=other, name="Zebra elsewhere")

    assert names("zeb", local_authority_id=north_lincs.pk) == [
        "Zebra",
        "Zebra club",
        "Zebra crossing club",
    ]
    assert "Zebra elsewhere" in names("zeb")
    assert not {"Zebra draft", "Zebra ended"} & set(names("zebra"))
