"""axe-core at 375 px and 1280 px on the guidance pages, the step-by-step guides, the lead's
confirm-completion and commentary pages, the annual report and investment by ECM aim."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mapping.models import EcmAim, SectionAssignment
from tests.mapping.conftest import add_lines
from tests.mapping.conftest import world as world  # noqa: F401 (the mapping world fixture)

from .conftest import assert_accessible
from .test_mapping import default_site as default_site  # noqa: F401 (header settings)
from .test_mapping import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_guidance_and_written_product_pages_pass_axe(live_server, page_with_js, world):
    call_command("seed_mapping_outcomes")
    add_lines(world.mapping_return)
    world.mapping_return.ecm_aims.set(EcmAim.objects.filter(number__in=[1, 2]))
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(status="approved")
    page = page_with_js
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"
    query = f"?la={world.la.code}&cycle={world.cycle.label}&basis=budget"
    sign_in(page, live_server, world.users["lead"])
    for url in [
        "/mapping/guidance/",
        "/mapping/guidance/tutorials/lead/",
        "/mapping/guidance/tutorials/viewer/",
        base + "confirm-completion/",
        base + "annual-report/commentary/",
        "/mapping/reports/annual-report/" + query,
        "/mapping/reports/ecm-aims/" + query,
        f"/mapping/returns/{world.mapping_return.pk}/service_details/",
        f"/mapping/returns/{world.mapping_return.pk}/finance/",
    ]:
        assert_accessible(page, live_server.url + url)
    page.goto(live_server.url + f"/mapping/returns/{world.mapping_return.pk}/service_details/")
    page.click("text=What the sectors mean")
    assert "Delivered by a charity" in page.inner_text("main")
    sign_in(page, live_server, world.users["national_admin"])
    assert_accessible(page, live_server.url + "/mapping/guidance/tier/universal/")
    assert_accessible(page, live_server.url + "/mapping/guidance/")
