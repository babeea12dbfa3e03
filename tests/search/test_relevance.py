"""Relevance on realistic records: precision at 5 over the relevance set (relevance_data.py).

Run with ``-s`` to see each query's precision and the mean (reported in the notes).
"""

from __future__ import annotations

import pytest

from directory.models import Service
from search import ServiceQuery, search_services
from tests.factories import ServiceFactory

from .relevance_data import QUERIES, build_records

# Each test runs on the database backend and, with ELASTICSEARCH_URL, on Elasticsearch too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]
MINIMUM_MEAN_PRECISION_AT_5 = 0.9


@pytest.fixture
def directory(north_lincs, term):
    categories = {}
    kinds = {}
    for record in build_records():
        if record.category and record.category not in categories:
            categories[record.category] = term(record.category)
        service = ServiceFactory(
            local_authority=north_lincs,
            name=record.name,
            slug=record.key,
            summary=record.summary,
            description=record.description,
            categories=[categories[record.category]] if record.category else [],
        )
        kinds[service.id] = record.kind
    return kinds


def top_five(text: str) -> list[int]:
    results = search_services(ServiceQuery(text=text, page_size=5), log=False)
    return [hit.service_id for hit in results.hits]


def test_precision_at_5(directory):
    precision = {}
    for query, relevant in QUERIES.items():
        kinds = [directory[i] for i in top_five(query)]
        precision[query] = sum(kind in relevant for kind in kinds) / 5
    mean = sum(precision.values()) / len(precision)
    for query, value in sorted(precision.items(), key=lambda item: item[1]):
        print(f"p@5={value:.1f}  {query}")
    print(f"mean_precision_at_5={mean:.3f} queries={len(precision)} records={len(directory)}")
    assert len(QUERIES) >= 30 and len(directory) >= 250
    assert mean >= MINIMUM_MEAN_PRECISION_AT_5


def test_rare_telling_words_and_specific_needs_come_first(directory):
    # Not every word matches ("swimming lessons": music lessons and tuition have "lessons").
    assert {directory[i] for i in top_five("swimming lessons")} == {"swimming"}
    # "parenting" stems to "parent", which nearly every record mentions in passing.
    assert {directory[i] for i in top_five("parenting")} <= {"parenting", "separation"}
    assert Service.objects.count() == len(directory)


def test_a_filter_narrows_the_matches_without_scoring_them_differently(directory):
    # SQLite scores only the matches that pass the filters; how rare each word is still
    # counts every service, so a filtered search lists the same services, scored the same.
    for service in Service.objects.order_by("pk")[::2]:
        service.is_free = True
        service.save()
    free_ids = set(Service.objects.filter(is_free=True).values_list("pk", flat=True))
    checked = 0
    for text in QUERIES:
        every = search_services(ServiceQuery(text=text, page_size=100), log=False)
        free = search_services(ServiceQuery(text=text, free_only=True, page_size=100), log=False)
        if free.total < 5 or every.total > 100 or free.notice or every.notice:
            continue  # only searches with every match on one page, none relaxed
        expected = [(h.service_id, h.score) for h in every.hits if h.service_id in free_ids]
        assert [(h.service_id, h.score) for h in free.hits] == expected, text
        checked += 1
    assert checked >= 5
