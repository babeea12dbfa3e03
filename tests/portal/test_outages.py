"""Redis or PostgreSQL going away mid-run: a GOV.UK 503 page, and back without a restart.

Redis: the test starts its own redis-server, stops it and starts it again. PostgreSQL: the
test's own database connection is terminated by the server (as on a restart or failover).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.test import Client

from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield server
    if server.process.poll() is None:
        server.stop()


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html and "govuk-heading-l" in html


def test_redis_going_away_answers_503_and_recovers_without_a_restart(own_redis):
    ServiceFactory(name="Little Acorns Nursery")
    client = Client(raise_request_exception=False)
    assert client.get("/services/", {"q": "acorns"}).status_code == 200

    own_redis.stop()
    assert_unavailable_page(client.get("/services/", {"q": "acorns"}))
    api = client.get("/api/oruk/services")
    assert api.status_code == 503 and api.json()["error"] == "unavailable"
    # Throttled actions fail closed: no password reset mail without its throttle.
    UserFactory(email="someone@example.org")
    assert (
        client.post("/admin/password_reset/", {"email": "someone@example.org"}).status_code == 503
    )
    from django.core import mail

    assert mail.outbox == []

    own_redis.start()  # same address: the running process reconnects by itself
    assert client.get("/services/", {"q": "acorns"}).status_code == 200


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a database server can only go away on PostgreSQL"
)


def _terminate(where: str, params: list) -> None:
    import psycopg

    with psycopg.connect(**{**connection.get_connection_params(), "autocommit": True}) as admin:
        admin.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where}", params
        )


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_dropping_the_connection_answers_the_503_page():
    ServiceFactory(name="Little Acorns Nursery")
    client = Client(raise_request_exception=False)
    assert client.get("/services/", {"q": "acorns"}).status_code == 200
    _terminate("pid = %s", [connection.connection.info.backend_pid])
    assert_unavailable_page(client.get("/services/", {"q": "acorns"}))
    connection.close()  # what the end of a real request does with a failed connection


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_server_recovers_when_postgresql_comes_back(live_server):
    """The live server runs Django's full request cycle (the test client skips closing
    connections): after the server drops every connection, pages work again at once."""
    from urllib.error import HTTPError
    from urllib.request import urlopen

    ServiceFactory(name="Little Acorns Nursery")

    def status(path: str) -> int:
        try:
            with urlopen(live_server.url + path, timeout=10) as response:
                return response.status
        except HTTPError as error:
            return error.code

    assert status("/services/?q=acorns") == 200
    connection.ensure_connection()  # the test's own connection stays; the server's goes
    _terminate(
        "datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
        [connection.connection.info.backend_pid],
    )
    answers = [status("/services/?q=acorns") for _ in range(3)]
    assert answers[-2:] == [200, 200] and set(answers) <= {200, 503}
    assert status("/api/oruk/services") == 200


def test_a_fault_in_the_code_is_still_a_500_not_a_503(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_fault_in_the_api_is_a_json_500(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/api/oruk/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
