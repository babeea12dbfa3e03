"""Shared arrangements for the search tests: places, categories and crafted services, and
the backend a behavioural test runs on (``search_backend``)."""

from __future__ import annotations

import contextlib
import os
from uuid import uuid4

import pytest
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.signals import records_saved
from search.models import Postcode
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

#: Real ONSPD points (OGL) in North Lincolnshire, and one in North East Lincolnshire.
PLACES = {
    "DN15 6NL": (53.592985, -0.642786, "E06000013"),  # Scunthorpe
    "DN15 7BH": (53.589, -0.652, "E06000013"),
    "DN16 1AA": (53.567, -0.626, "E06000013"),
    "DN20 8AA": (53.551, -0.49, "E06000013"),  # Brigg, about 7 miles
    "DN31 1HU": (53.56528, -0.081449, "E06000012"),  # Grimsby, about 23 miles
}


@pytest.fixture
def postcodes(db):
    for postcode, (lat, lon, la) in PLACES.items():
        Postcode.objects.create(
            postcode=postcode,
            outward=postcode.split()[0],
            latitude=lat,
            longitude=lon,
            local_authority_code=la,
        )
    return PLACES


@pytest.fixture
def north_lincs(db):
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


@pytest.fixture
def location_at():
    def make(postcode: str, la):
        lat, lon, _ = PLACES[postcode]
        return LocationFactory(local_authority=la, postcode=postcode, latitude=lat, longitude=lon)

    return make


@pytest.fixture
def term(db):
    taxonomy = TaxonomyFactory(name="Search test categories")

    def make(name: str, parent=None):
        return TaxonomyTermFactory(taxonomy=taxonomy, name=name, parent=parent)

    return make


# --- which backend answers -----------------------------------------------------------------


@pytest.fixture
def live_elasticsearch(settings):
    """The cluster at ELASTICSEARCH_URL, behind an alias and synonyms set of this test's own,
    removed afterwards. Only for tests marked ``elasticsearch_live`` (deselected without it)."""
    from search.backends import elasticsearch as es

    alias = f"waymark-test-{os.getpid()}-{uuid4().hex[:8]}"
    settings.WAYMARK_ELASTICSEARCH = {
        **settings.WAYMARK_ELASTICSEARCH,
        "URL": settings.WAYMARK_TEST_ELASTICSEARCH_URL,
        "INDEX": alias,
        "TIMEOUT": 10.0,
    }
    yield alias
    client = es.client().options(ignore_status=404)
    with contextlib.suppress(*es.UNAVAILABLE):  # a cluster gone away already failed the test
        # By name: Elasticsearch 8+ refuses wildcard deletes (action.destructive_requires_name).
        for index in list(client.indices.get(index=f"{alias}-*", allow_no_indices=True).keys()):
            client.indices.delete(index=index)
        client.synonyms.delete_synonym(id=es.synonyms_set_name())


class InStep:
    """Keeps the test's Elasticsearch index equal to the database it searches.

    Tests arrange records with factories (saved live, never published through Wagtail) inside
    a transaction that never commits, so nothing reaches Elasticsearch by the production
    path. Instead any write marks the index stale, and the next search first rebuilds it with
    ``rebuild_search_index``'s own code (the documents come from this test's transaction).
    An Elasticsearch error fails the test: it must never quietly answer from the database.
    """

    def __init__(self) -> None:
        self.stale = True

    def note(self, sender=None, **kwargs) -> None:
        meta = getattr(sender, "_meta", None)
        if meta is None or meta.app_label != "search" or sender.__name__ == "SynonymGroup":
            self.stale = True

    def wrap(self, call):
        from search.backends import elasticsearch as es
        from search.backends import elasticsearch_bulk

        def in_step(*args, **kwargs):
            try:
                if self.stale:
                    elasticsearch_bulk.rebuild()
                    self.stale = False
                return call(*args, **kwargs)
            except es.UNAVAILABLE as error:
                raise AssertionError(f"Elasticsearch failed: {error}") from error

        return in_step


@pytest.fixture
def elasticsearch_in_step(live_elasticsearch, monkeypatch):
    from search.backends import elasticsearch as es

    state = InStep()
    signals = (post_save, post_delete, m2m_changed, records_saved)
    for signal in signals:
        signal.connect(state.note, weak=False, dispatch_uid="tests-es-in-step")
    monkeypatch.setattr(es, "run", state.wrap(es.run))
    monkeypatch.setattr(es, "suggest", state.wrap(es.suggest))
    yield state
    for signal in signals:
        signal.disconnect(dispatch_uid="tests-es-in-step")


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch_live)]
)
def search_backend(request, settings):
    """Run a behavioural search test on each backend, with the same expected results. The
    Elasticsearch run needs ELASTICSEARCH_URL; without it it is deselected (tests/conftest.py).
    Use with ``pytestmark = pytest.mark.usefixtures("search_backend")``."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch_in_step")
    else:
        settings.WAYMARK_ELASTICSEARCH = {**settings.WAYMARK_ELASTICSEARCH, "URL": ""}
    return request.param
