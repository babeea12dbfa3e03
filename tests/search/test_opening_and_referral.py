"""Open now / at weekends / after 6pm (Europe/London, frozen clock) and practitioner filters."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from directory.models import ServiceStatus
from search import ServiceQuery, search_services
from search.backends import elasticsearch as es
from search.prepare import prepare
from tests.factories import ServiceFactory

# Each test runs on the database backend and, with ELASTICSEARCH_URL, on Elasticsearch too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]
WEDNESDAY, SATURDAY = 2, 5


def names(results):
    from directory.models import Service

    by_id = Service.objects.in_bulk([h.service_id for h in results.hits])
    return sorted(by_id[h.service_id].name for h in results.hits)


def find(**kwargs):
    return search_services(ServiceQuery(**kwargs), log=False)


@pytest.fixture
def timetable(north_lincs):
    ServiceFactory(
        local_authority=north_lincs,
        name="Day centre",
        schedules=[(WEDNESDAY, dt.time(9), dt.time(18))],
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Evening youth club",
        schedules=[(WEDNESDAY, dt.time(17), dt.time(21))],
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Saturday swim",
        schedules=[(SATURDAY, dt.time(10), dt.time(12))],
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Closed for repairs",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        schedules=[(WEDNESDAY, dt.time(8), dt.time(22)), (SATURDAY, dt.time(8), dt.time(22))],
    )
    ServiceFactory(local_authority=north_lincs, name="No timetable")


@freeze_time("2026-03-04 17:30:00")  # a Wednesday; 17:30 in London (GMT)
def test_open_now_in_winter(timetable):
    assert names(find(open_now=True)) == ["Day centre", "Evening youth club"]


@freeze_time("2026-07-01 17:30:00")  # a Wednesday; 18:30 in London (BST)
def test_open_now_uses_london_summer_time(timetable):
    assert names(find(open_now=True)) == ["Evening youth club"]


@freeze_time("2026-03-07 11:00:00")  # a Saturday morning
def test_open_now_on_a_saturday_and_temporarily_closed_is_never_open(timetable):
    assert names(find(open_now=True)) == ["Saturday swim"]
    assert names(find(open_weekends=True)) == ["Saturday swim"]
    assert names(find(open_after=dt.time(18))) == ["Evening youth club"]
    assert "Closed for repairs" not in names(find(day=WEDNESDAY))
    assert "Closed for repairs" in names(find())  # still listed, with its notice


def test_open_now_at_a_given_moment(timetable):
    moment = dt.datetime(2026, 3, 4, 9, 0)  # naive: London time
    assert names(find(open_now=True, now=moment)) == ["Day centre"]
    assert names(find(open_now=True, open_after=dt.time(18), now=moment)) == []


@pytest.fixture
def referral_routes(north_lincs):
    ServiceFactory(
        local_authority=north_lincs,
        name="Stay and play",
        tier="universal",
        self_referral=True,
        professional_referral=False,
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Family support worker",
        tier="targeted",
        self_referral=True,
        professional_referral=True,
        how_to_refer="Ring the early help hub.",
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Specialist autism team",
        tier="specialist",
        self_referral=False,
        professional_referral=True,
    )


def test_practitioner_filters(referral_routes):
    assert names(find(tiers=("specialist",))) == ["Specialist autism team"]
    assert names(find(tiers=("targeted", "specialist"))) == [
        "Family support worker",
        "Specialist autism team",
    ]
    assert names(find(professional_referral=True)) == [
        "Family support worker",
        "Specialist autism team",
    ]
    assert names(find(self_referral=True, professional_referral=True)) == ["Family support worker"]
    facets = find().facets
    assert facets["professional_referral"] == {"true": 2}
    assert facets["tier"] == {"universal": 1, "targeted": 1, "specialist": 1}


def test_the_page_filters_and_summarises_the_referral_route(client, referral_routes):
    page = client.get("/services/", {"need": "specialist"}).content.decode()
    assert "1 service found" in page and "Specialist autism team" in page
    assert "Professional referral only" in page and "Specialist need" in page
    page = client.get("/services/", {"professional_referral": "on", "need": "targeted"})
    text = page.content.decode()
    assert "Families can refer themselves; professionals can refer" in text
    assert "Ring the early help hub." in text
    assert "Need: Targeted" in text  # the active filter, removable
    plain = client.get("/services/", {"q": "stay"}).content.decode()
    assert "Families can refer themselves; professionals" not in plain
    assert "waymark-result__referral" not in plain
    bad = client.get("/services/", {"need": "urgent"})
    assert "Select a level of need from the list" in bad.content.decode()


@freeze_time("2026-03-04 17:30:00")
def test_the_page_filters_open_now(client, timetable):
    page = client.get("/services/", {"open_now": "on"}).content.decode()
    assert "2 services found" in page and "Evening youth club" in page
    assert "Saturday swim" not in page
    page = client.get("/services/", {"weekends": "on", "evenings": "on"}).content.decode()
    assert "0 services found" in page


def test_elasticsearch_bodies_for_opening_and_referral(timetable):
    moment = dt.datetime(2026, 3, 4, 17, 30)
    request = es.build_search(
        prepare(
            ServiceQuery(
                open_now=True,
                now=moment,
                open_weekends=True,
                open_after=dt.time(18),
                professional_referral=True,
                tiers=("targeted", "specialist"),
            )
        )
    ).to_dict()
    found = request["query"]["bool"]["filter"]
    assert {"term": {"status": "active"}} in found
    assert {"term": {"professional_referral": True}} in found
    assert {"terms": {"tier": ["targeted", "specialist"]}} in found
    nested = [f["nested"]["query"]["bool"]["filter"] for f in found if "nested" in f]
    assert [
        {"term": {"openings.weekday": 2}},
        {"range": {"openings.opens": {"lte": "17:30"}}},
        {"range": {"openings.closes": {"gt": "17:30"}}},
    ] in nested
    assert [{"terms": {"openings.weekday": [5, 6]}}] in nested
    assert [{"range": {"openings.closes": {"gt": "18:00"}}}] in nested
    assert "professional_referral" in request["aggs"]


@freeze_time("2026-07-01 17:30:00")
def test_elasticsearch_open_now_defaults_to_london_time():
    request = es.build_search(prepare(ServiceQuery(open_now=True))).to_dict()
    found = request["query"]["bool"]["filter"]
    nested = [f["nested"]["query"]["bool"]["filter"] for f in found if "nested" in f]
    assert {"range": {"openings.opens": {"lte": "18:30"}}} in nested[0]
