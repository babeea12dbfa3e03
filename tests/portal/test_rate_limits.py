"""Per-client rate limits on public search, suggestions and the ORUK API (shared cache)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.WAYMARK_RATE_LIMITS = [
        ("suggest", r"^/services/suggest$", 3, 60),
        ("search", r"^/services/$", 3, 60),
        ("api", r"^/api/oruk/", 3, 60),
    ]
    ServiceFactory(name="Little Acorns Nursery")
    # The clock stands still: the limits count in fixed windows, and requests that straddle
    # a window's end (slow on a busy machine) would start a new count.
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        yield


def test_search_past_the_limit_gets_the_govuk_429_page_with_retry_after(client, limits):
    for _ in range(3):
        assert client.get("/services/", {"q": "acorns"}).status_code == 200
    response = client.get("/services/", {"q": "acorns"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    html = response.content.decode()
    assert "Sorry, you have made too many requests" in html
    assert "govuk-heading-l" in html and "try again" in html
    # Other pages are not limited.
    assert client.get("/").status_code == 200


def test_suggestions_are_limited_separately(client, limits):
    for _ in range(3):
        assert client.get("/services/suggest", {"q": "little"}).status_code == 200
    assert client.get("/services/suggest", {"q": "little"}).status_code == 429
    assert client.get("/services/", {"q": "acorns"}).status_code == 200


def test_the_api_answers_429_with_a_json_body(client, limits):
    for _ in range(3):
        assert client.get("/api/oruk/services").status_code == 200
    response = client.get("/api/oruk/services")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "rate_limited"
    assert f"Wait {response['Retry-After']} seconds" in body["message"]


def test_each_client_has_its_own_allowance(client, limits):
    for _ in range(4):
        client.get("/services/", REMOTE_ADDR="192.0.2.10")
    assert client.get("/services/", REMOTE_ADDR="192.0.2.10").status_code == 429
    assert client.get("/services/", REMOTE_ADDR="192.0.2.11").status_code == 200


def test_forwarded_addresses_count_only_from_a_trusted_proxy(client, limits, settings):
    settings.WAYMARK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.1.2.3"}
    for _ in range(3):
        client.get("/services/", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    blocked = client.get("/services/", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert blocked.status_code == 429
    # Another client behind the same proxy is not blocked ...
    other = client.get("/services/", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 200
    # ... and a forged header from an untrusted address changes nothing: the address counts.
    for forged in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]:
        response = client.get("/services/", HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429


def test_counts_live_in_redis_so_every_process_shares_them(client, limits, settings):
    import uuid

    import redis

    prefix = f"wm-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        for _ in range(3):
            assert client.get("/services/").status_code == 200
        assert client.get("/services/").status_code == 429
        (key,) = server.keys(f"{prefix}:*waymark-ratelimit:search:127.0.0.1:*")
        assert int(server.get(key)) == 4 and 0 < server.ttl(key) <= 61
    finally:
        for key in server.keys(f"{prefix}:*"):
            server.delete(key)
