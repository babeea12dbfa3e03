"""The service edit screen's tabs fit across the page (no tab hidden off the edge)."""

from __future__ import annotations

import pytest

from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1024, 1280])
def test_service_edit_tabs_fit(live_server, page_with_js, width):
    la = LocalAuthorityFactory()
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    editor = staff_user(la)
    page = page_with_js
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/snippets/directory/service/edit/{service.pk}/")
    tabs = page.locator("[role=tablist]").first
    overflow = tabs.evaluate("list => list.scrollWidth - list.clientWidth")
    assert overflow <= 0, f"the tabs are {overflow} px wider than the page at {width} px"
    last = page.locator("[role=tablist] [role=tab]").last
    box = last.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
