"""axe-core at 375 px and 1280 px on the team pages: registration, the lead's team page (members,
waiting invitations, invite form with errors), national approvals, the invitation link (anonymous
and refused), the performance section, and a read-only viewer's home and reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from directory.models import Membership, StaffRole
from mapping.models import (
    CycleState,
    PartnerOrganisation,
    Partnership,
    Registration,
    TeamInvitation,
)
from mapping.services.team import invitation_token, link_partner
from tests.factories import staff_user
from tests.mapping.conftest import world as world  # noqa: F401 (the mapping world fixture)

from .conftest import assert_accessible, axe_violations, click_and_load
from .test_mapping import default_site as default_site  # noqa: F401
from .test_mapping import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def team(world):
    trust = Partnership.objects.create(local_authority=world.la, name="North CT", slug="north-ct")
    nhs = PartnerOrganisation.objects.create(
        partnership=trust, name="North NHS Trust", kind="nhs_trust"
    )
    Registration.objects.create(
        cycle=world.cycle,
        local_authority=world.la,
        lead=world.users["lead"],
        status=Registration.Status.APPROVED,
    )
    Registration.objects.create(
        cycle=world.cycle,
        local_authority=world.other_la,
        lead=world.users["other_lead"],
        job_title="Head of commissioning",
        note="We start late this year.",
    )
    link_partner(Membership.objects.get(user=world.users["delegate_assigned"]), nhs)
    staff_user(world.la, StaffRole.VIEWER, username="board_member")
    invitation = TeamInvitation.objects.create(
        local_authority=world.la,
        cycle=world.cycle,
        email="sam@north-nhs.example",
        full_name="Sam Patel",
        role="delegate",
        partner_organisation=nhs,
        invited_by=world.users["lead"],
    )
    return {"invitation": invitation}


def la_cycle(world, name: str) -> str:
    return reverse(f"mapping:{name}", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk})


def test_the_leads_team_pages_pass_axe(live_server, page_with_js, world, team):
    page = page_with_js
    sign_in(page, live_server, world.users["lead"])
    membership = Membership.objects.get(user=world.users["delegate_assigned"])
    for path in (
        la_cycle(world, "team"),
        la_cycle(world, "register"),
        reverse(
            "mapping:member_remove",
            kwargs={
                "la_slug": world.la.slug,
                "cycle_id": world.cycle.pk,
                "membership_id": membership.pk,
            },
        ),
        reverse(
            "mapping:section_edit",
            kwargs={"pk": world.mapping_return.pk, "section": "performance"},
        ),
    ):
        assert_accessible(page, live_server.url + path)
    # The invite form with its errors shown.
    page.goto(live_server.url + la_cycle(world, "team"))
    click_and_load(page.locator("text=Send the invitation"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_registration_form_in_october_passes_axe(live_server, page_with_js, world):
    world.cycle.registration_opens = dt.date.today() - dt.timedelta(days=1)
    world.cycle.data_entry_opens = dt.date.today() + dt.timedelta(days=10)
    world.cycle.save()
    page = page_with_js
    sign_in(page, live_server, world.users["lead"])
    assert_accessible(page, live_server.url + la_cycle(world, "register"))
    assert page.locator("text=Register North Testshire").is_visible()


def test_national_approvals_page_passes_axe(live_server, page_with_js, world, team):
    page = page_with_js
    sign_in(page, live_server, world.users["national_admin"])
    assert_accessible(page, live_server.url + reverse("mapping:registrations"))
    assert page.locator("text=We start late this year.").is_visible()


def test_the_invitation_link_passes_axe_signed_out(live_server, page_with_js, world, team):
    page = page_with_js
    path = reverse("mapping:accept_invitation", args=[invitation_token(team["invitation"])])
    assert_accessible(page, live_server.url + path)
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "short")
    click_and_load(page.locator("text=Create account and accept"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    refused = reverse("mapping:accept_invitation", args=["not-a-real-invitation"])
    assert_accessible(page, live_server.url + refused, status=404)


def test_a_viewers_pages_pass_axe(live_server, page_with_js, world, team):
    from django.contrib.auth import get_user_model

    viewer = get_user_model().objects.get(username="board_member")
    page = page_with_js
    sign_in(page, live_server, viewer)
    assert_accessible(page, live_server.url + reverse("mapping:dashboard"))
    world.cycle.state = CycleState.PUBLISHED
    world.cycle.save()
    assert_accessible(page, live_server.url + reverse("mapping:dashboard"))
    assert_accessible(page, live_server.url + "/mapping/reports/")
    report = f"/mapping/reports/la-profile/?la={world.la.code}&cycle=2009/10&basis=actual"
    assert_accessible(page, live_server.url + report)
    assert_accessible(page, live_server.url + "/mapping/cycles/", status=403)
