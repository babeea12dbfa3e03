"""Schemathesis fuzzes every operation of our served OpenAPI document against a live server.

A bounded, deterministic run: ``EXAMPLES`` valid and ``EXAMPLES`` invalid requests per
operation, each answer checked for a server error, a status code and content type the
document declares, and (for 200, 400 and 404) a body that matches the declared schema.
"""

from __future__ import annotations

import pytest
import schemathesis
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


def exercise(strategy, base: str, seen: set[int], examples: int = EXAMPLES) -> None:
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
        response = case.call(base_url=base, timeout=30)
        seen.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    send()


@pytest.mark.django_db(transaction=True)
def test_no_generated_request_gets_a_server_error(live_server):
    directory = populate(6)
    service = directory.public[0]
    real_ids = {
        "/services/{id}": service.uuid,
        "/service_at_locations/{id}": service.service_locations.first().uuid,
        "/taxonomies/{id}": directory.terms[0].taxonomy.uuid,
        "/taxonomy_terms/{id}": directory.terms[0].uuid,
    }
    base = f"{live_server.url}/api/oruk"
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    seen: dict[str, set[int]] = {}

    for operation in operations:
        codes = seen.setdefault(operation.path, set())
        exercise(operation.as_strategy(), base, codes)
        if any(str(p.location).endswith("QUERY") for p in operation.iter_parameters()):
            exercise(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), base, codes)
        if operation.path in real_ids:  # also fetch a record that exists
            strategy = operation.as_strategy(path_parameters={"id": str(real_ids[operation.path])})
            exercise(strategy, base, codes, examples=3)

    assert all(max(codes) < 500 for codes in seen.values()), seen
    assert {200, 400} <= seen["/services"] and {200, 400} <= seen["/service_at_locations"]
    assert {200, 404} <= seen["/services/{id}"]
