import pytest

from tests.second_factor import VerifiedClient


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
