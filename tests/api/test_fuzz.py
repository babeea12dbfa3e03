"""Schemathesis fuzzes every operation of our served OpenAPI document through the WSGI app.

A bounded, deterministic run: ``EXAMPLES`` valid and ``EXAMPLES`` invalid requests per
operation, each answer checked for a server error, a status code and content type the
document declares, and (for 200, 400 and 404) a body that matches the declared schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import populate

EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Thousands of requests from one address: without this, most would be answered 429."""
    settings.WAYMARK_RATE_LIMITS = []


def exercise(strategy, seen: set[int], examples: int = EXAMPLES) -> None:
    """Send ``examples`` generated requests and check every answer."""

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def send(case):
        response = case.call()
        seen.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    send()


@pytest.mark.django_db
@override_settings(WAYMARK_RATE_LIMITS=[])  # hundreds of requests from one client: not a flood
def test_no_generated_request_gets_a_server_error():
    directory = populate(6)
    # In-process WSGI calls share the test's transaction: no live server, no flush afterwards.
    # As Django's test client does, keep the handler from closing that connection per request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(directory)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(directory) -> None:
    service = directory.public[0]
    real_ids = {
        "/services/{id}": service.uuid,
        "/service_at_locations/{id}": service.service_locations.first().uuid,
        "/taxonomies/{id}": directory.terms[0].taxonomy.uuid,
        "/taxonomy_terms/{id}": directory.terms[0].uuid,
        "/organizations/{id}": service.organisation.uuid,
    }
    schema = schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11  # the nine ORUK 3.0 endpoints and /organizations
    seen: dict[str, set[int]] = {}

    for operation in operations:
        codes = seen.setdefault(operation.path, set())
        exercise(operation.as_strategy(), codes)
        if any(str(p.location).endswith("QUERY") for p in operation.iter_parameters()):
            exercise(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), codes)
        if operation.path in real_ids:  # also fetch a record that exists
            strategy = operation.as_strategy(path_parameters={"id": str(real_ids[operation.path])})
            exercise(strategy, codes, examples=3)

    assert all(max(codes) < 500 for codes in seen.values()), seen
    assert {200, 400} <= seen["/services"] and {200, 400} <= seen["/service_at_locations"]
    assert {200, 404} <= seen["/services/{id}"]
