import pytest
from django.db import transaction

from .factories import Directory, populate


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker) -> Directory:
    """23 public services (5 a page gives first, middle and last pages) and hidden records.

    Built once per module inside a transaction that is rolled back afterwards; each test
    runs in its own savepoint within it, so what a test changes is undone too.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield populate(23)
        transaction.set_rollback(True)


@pytest.fixture
def served_openapi(client) -> dict:
    response = client.get("/api/oruk/openapi.json")
    assert response.status_code == 200
    return response.json()
