"""What a search means is decided once, above the backends: both follow the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from directory.models import Service
from search import rules
from search.backends import database
from search.backends import elasticsearch as es
from search.backends.base import SearchBackend
from search.prepare import prepare
from search.query import SORTS, ServiceQuery
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [database, es], ids=["database", "elasticsearch"])
def test_each_backend_implements_the_one_interface(backend):
    assert isinstance(backend, SearchBackend)


@pytest.mark.parametrize(
    ("query", "words", "order"),
    [
        (ServiceQuery(sort="relevance"), "", "name"),
        (ServiceQuery(sort="relevance", point=(53.6, -0.65)), "", "distance"),
        (ServiceQuery(text="nursery", sort="relevance"), "nursery", "relevance"),
        (ServiceQuery(text="nursery", sort="distance"), "nursery", "name"),
        (ServiceQuery(sort="updated"), "", "updated"),
        (ServiceQuery(sort="shoe size"), "", "name"),
    ],
)
def test_the_order_used_is_decided_before_a_backend_runs(query, words, order):
    prepared = prepare(query)
    assert prepared.text == words and prepared.sort == order


def test_the_search_page_offers_the_one_list_of_orders(client):
    page = client.get("/services/", {"q": "nursery"}).content.decode()
    for value, label in SORTS.items():
        assert f'value="{value}"' in page and label in page


def test_elasticsearch_sorts_as_prepared():
    near = prepare(ServiceQuery(point=(53.6, -0.65)))
    assert "_geo_distance" in es.build_search(near).to_dict()["sort"][0]
    assert es.build_search(prepare(ServiceQuery())).to_dict()["sort"] == [
        "name.keyword",
        "_doc",
    ]


def test_what_is_public_comes_from_the_service_model():
    today = dt.date(2026, 12, 1)
    statuses = {"terms": {"status": [str(s) for s in Service.PUBLIC_STATUSES]}}
    assert statuses in [q.to_dict() for q in es.public_filters(today)]
    suggest_filters = es.build_suggest("nur", None, 5).to_dict()["query"]["bool"]["filter"]
    assert statuses in suggest_filters
    hide_date = {"range": {"hide_from_public_after": {"lt": dt.date.today().isoformat()}}}
    assert {"bool": {"must_not": [hide_date]}} in suggest_filters


def test_delivery_modes_come_from_the_service_model():
    assert database.DELIVERY_MODES == es.DELIVERY_MODES == tuple(Service.DELIVERY_MODES)
    service = ServiceFactory.build(in_person=False, online=True, by_phone=True, home_visit=False)
    assert service.delivery_modes == ["Online", "By phone"]


def test_any_word_fallback_tells_the_person_whichever_backend_ran(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Autism support group")
    results = rules.search(database, prepare(ServiceQuery(text="autism gardening")))
    assert results.total == 1
    assert results.notice == rules.SOME_WORDS_NOTICE
