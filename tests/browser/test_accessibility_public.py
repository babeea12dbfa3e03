"""axe-core finds no WCAG 2.2 AA violation on the public pages, at 375 px and 1280 px."""

from __future__ import annotations

import pytest

from tests.factories import ServiceFactory

from .conftest import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_results_and_no_results_pages_are_accessible(live_server, page_with_js):
    service = ServiceFactory(name="Rhyme Time Club", summary="Songs and stories for babies.")
    assert_accessible(page_with_js, f"{live_server.url}/")
    assert_accessible(page_with_js, f"{live_server.url}/services/?q=rhyme")
    assert_accessible(page_with_js, f"{live_server.url}/services/?q=zzzzqqq")
    assert_accessible(page_with_js, f"{live_server.url}{service.get_absolute_url()}")
