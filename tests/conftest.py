import pytest

from tests.second_factor import VerifiedClient


def pytest_collection_modifyitems(config, items):
    _refuse_unserialized_transactions(items)
    _deselect_live_elasticsearch(config, items)


def _refuse_unserialized_transactions(items) -> None:
    """Every transactional test keeps ``serialized_rollback=True``. The flush after one
    without it recreates content types (post_migrate) under new ids, and the next serialized
    test on that worker then fails to load its own (a clash that depends on test order)."""
    loose = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if loose:
        raise pytest.UsageError(
            "Transactional tests need serialized_rollback=True: " + ", ".join(loose)
        )


def _deselect_live_elasticsearch(config, items) -> None:
    """Tests marked ``elasticsearch_live`` need a real cluster: without ELASTICSEARCH_URL they
    are deselected (pytest reports how many), so a run without a server neither fails on
    them nor counts them as skipped work. With the URL they run beside the others."""
    from django.conf import settings

    if settings.WAYMARK_TEST_ELASTICSEARCH_URL:
        return
    live = [item for item in items if item.get_closest_marker("elasticsearch_live")]
    if live:
        config.hook.pytest_deselected(items=live)
        items[:] = [item for item in items if not item.get_closest_marker("elasticsearch_live")]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; start every test with it empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client; ``force_login`` also completes the second factor (see
    tests/second_factor.py), as staff with an authenticator app would."""
    return VerifiedClient()


@pytest.fixture
def password_only_client():
    """A client whose ``force_login`` stops after the password, for second-factor tests."""
    from django.test import Client

    return Client()
