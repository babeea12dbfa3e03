"""axe-core at 375 px and 1280 px on the pages added after issue 12: the national client
groups (list, with errors, one group to rename or retire) and the cycle page with "Release
results now" and its confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mapping.models import ClientGroup, CycleState
from tests.mapping.conftest import world as world  # noqa: F401 (the mapping world fixture)

from .conftest import assert_accessible, axe_violations, click_and_load
from .test_mapping import default_site as default_site  # noqa: F401
from .test_mapping import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_national_client_group_pages_pass_axe(live_server, page_with_js, world):
    page = page_with_js
    sign_in(page, live_server, world.users["national_admin"])
    carers = ClientGroup.objects.get(name="Young carers", local_authority=None)
    world.mapping_return.groups_served.add(carers)
    retired = ClientGroup.objects.get(name="Care leavers", local_authority=None)
    retired.retired = True
    retired.save()
    listing = live_server.url + reverse("mapping:client_groups")
    assert_accessible(page, listing)
    assert page.locator("text=Retired").first.is_visible()
    for group in (carers, retired):
        edit = reverse("mapping:client_group_edit", kwargs={"group_id": group.pk})
        assert_accessible(page, live_server.url + edit)
    # The add form with its error shown, at both widths.
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(listing)
        page.fill("#id_name", "young carers")
        click_and_load(page.locator("text=Add client group"))
        assert page.locator(".govuk-error-summary").is_visible()
        assert axe_violations(page) == [], f"client groups with an error at {width} px"


def test_release_results_now_passes_axe(live_server, page_with_js, world):
    world.cycle.state = CycleState.CLOSED
    world.cycle.save()
    page = page_with_js
    sign_in(page, live_server, world.users["national_admin"])
    detail = live_server.url + reverse("mapping:cycle_detail", kwargs={"cycle_id": world.cycle.pk})
    assert_accessible(page, detail)
    click_and_load(page.locator("text=Release results now"))
    assert_accessible(page, page.url)
    page.click("button:has-text('Release results now')")
    expect(page.locator("text=are released")).to_be_visible()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(detail)
        assert axe_violations(page) == [], f"cycle page after the release at {width} px"
