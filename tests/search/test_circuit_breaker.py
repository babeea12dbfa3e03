"""Elasticsearch that accepts connections but never answers: the circuit breaker.

A loopback socket that listens and never accepts stands in for a hung cluster: the client
connects (the kernel completes the handshake) and then waits for a reply that never comes.
"""

from __future__ import annotations

import socket
import time

import pytest

from search import ServiceQuery, backend_health, search_services, suggest
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
TIMEOUT = 2.0  # the default client timeout
FAST = 1.0  # the database answers in milliseconds; generous for a busy shared machine


@pytest.fixture
def silent_elasticsearch(settings, client):
    # Warm up first (URL resolvers, templates) so the timings below measure the backends.
    client.get("/services/", {"q": "warm"})
    suggest("warm up")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    settings.WAYMARK_ELASTICSEARCH = {
        "URL": f"http://127.0.0.1:{port}",
        "INDEX": "waymark-test",
        "TIMEOUT": TIMEOUT,
        "BREAKER_FAILURES": 2,
        "BREAKER_SECONDS": 30,
    }
    yield listener
    listener.close()


def _timed(call):
    started = time.perf_counter()
    answer = call()
    return answer, time.perf_counter() - started


def test_after_n_failures_searches_skip_elasticsearch(silent_elasticsearch):
    ServiceFactory(name="Little Acorns Nursery")
    query = ServiceQuery(text="nursery")
    for _ in range(2):
        results, seconds = _timed(lambda: search_services(query, log=False))
        assert results.backend == "database" and results.total == 1
        assert seconds >= TIMEOUT * 0.9  # each waited for the silent cluster
    for _ in range(5):
        results, seconds = _timed(lambda: search_services(query, log=False))
        assert results.backend == "database" and results.total == 1
        assert seconds < FAST
        names, seconds = _timed(lambda: suggest("little ac"))
        assert names[0]["name"] == "Little Acorns Nursery" and seconds < FAST


def test_api_and_search_page_answer_at_database_speed_once_open(client, silent_elasticsearch):
    ServiceFactory(name="Little Acorns Nursery")
    for _ in range(2):
        client.get("/services/", {"q": "nursery"})
    for url, params in [
        ("/services/", {"q": "nursery"}),
        ("/services/suggest", {"q": "little"}),
        ("/api/oruk/services", {"text": "nursery"}),
    ]:
        response, seconds = _timed(lambda url=url, params=params: client.get(url, params))
        assert response.status_code == 200 and seconds < FAST, (url, seconds)
        assert "Little Acorns Nursery" in response.content.decode()


def test_when_the_open_time_is_up_one_trial_failure_reopens_it(settings, silent_elasticsearch):
    from django.core.cache import cache

    from search import health

    ServiceFactory(name="Little Acorns Nursery")
    query = ServiceQuery(text="nursery")
    for _ in range(2):
        search_services(query, log=False)
    assert health.breaker_open()
    cache.delete(health.OPEN_KEY)  # the open period has run out
    _, seconds = _timed(lambda: search_services(query, log=False))
    assert seconds >= TIMEOUT * 0.9  # the trial call went to Elasticsearch
    assert health.breaker_open()  # one failed trial is enough
    _, seconds = _timed(lambda: search_services(query, log=False))
    assert seconds < FAST


def test_healthz_checks_elasticsearch_actively_and_caches_the_answer(client, silent_elasticsearch):
    response, seconds = _timed(lambda: client.get("/healthz"))
    body = response.json()
    assert body["checks"]["search"] == "degraded" and body["status"] == "degraded"
    assert seconds >= TIMEOUT * 0.9  # it asked the cluster, no search had failed yet
    response, seconds = _timed(lambda: client.get("/healthz"))
    assert response.json()["checks"]["search"] == "degraded" and seconds < FAST
    assert backend_health() == "degraded"


def test_healthz_reports_ok_without_elasticsearch(client):
    assert client.get("/healthz").json()["checks"]["search"] == "ok"
