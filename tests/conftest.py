import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; start every test with it empty."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    # A transactional test's flush can renumber content types behind this in-process cache.
    ContentType.objects.clear_cache()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    """Give every transactional test a serialized rollback.

    A transactional test ends with a flush that also recreates content types; without the
    rollback the migrations' data (home page, groups, taxonomy) is gone for whichever test
    runs next, so the result would depend on the order xdist happens to choose.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
