import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; start every test with it empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
