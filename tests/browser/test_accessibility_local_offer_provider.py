"""axe-core finds no WCAG 2.2 AA violation on the Local Offer pages and the provider area,
at 375 px and 1280 px, including their error states."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.invitations import invitation_token
from directory.models import ChildcareAgeGroup, LocalOfferFeedback, ProviderInvitation
from tests.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory
from tests.portal.provider_support import provider_for

from .conftest import DESKTOP, PHONE, assert_accessible, axe_violations, click_and_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "plum orbit lantern 42"


def assert_current_page_accessible(page) -> None:
    """The page as it stands (after a form post), at phone and desktop widths."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{page.url} at {viewport['width']} px: {violations}"


def test_local_offer_pages_are_accessible(live_server, page_with_js):
    la = LocalAuthorityFactory(name="Testshire")
    LocalOfferFeedback.objects.create(
        local_authority=la,
        about="health",
        comment="Private.",
        you_said="Families could not find the wheelchair service.",
        we_did="We listed it under health.",
        publish=True,
        created_at=timezone.make_aware(dt.datetime(2025, 3, 1, 12)),
    )
    base = live_server.url
    assert_accessible(page_with_js, f"{base}/local-offer/feedback/")
    assert_accessible(page_with_js, f"{base}/local-offer/feedback/thanks/")
    assert_accessible(page_with_js, f"{base}/local-offer/you-said-we-did/")
    assert_accessible(page_with_js, f"{base}/local-offer/you-said-we-did/2025/")

    page = page_with_js
    page.goto(f"{base}/local-offer/feedback/")
    page.fill("#id_email", "not-an-email")
    click_and_load(page.locator("button[type=submit]"))
    assert "There is a problem" in page.content()
    assert_current_page_accessible(page)


def test_provider_area_pages_are_accessible(live_server, page_with_js):
    la = LocalAuthorityFactory(name="Testshire")
    organisation = OrganisationFactory(local_authority=la, name="Little Acorns")
    service = ServiceFactory(
        local_authority=la, organisation=organisation, name="Acorns", ofsted_urn="EY123456"
    )
    ChildcareAgeGroup.objects.create(service=service, age_from=2, age_to=4, places=8, vacancies=1)
    invitation = ProviderInvitation.objects.create(
        local_authority=la, organisation=organisation, email="new@acorns.example"
    )
    provider_for(organisation, username="owner@acorns.example", password=PASSWORD)
    base, page = live_server.url, page_with_js

    assert_accessible(page, f"{base}/provider/sign-in/")
    assert_accessible(page, f"{base}/provider/invitation/{invitation_token(invitation)}/")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "different")
    click_and_load(page.locator("button[type=submit]"))
    assert "There is a problem" in page.content()
    assert_current_page_accessible(page)
    assert page.goto(f"{base}/provider/invitation/not-a-real-token/").status == 404
    assert_current_page_accessible(page)  # the refusal page

    page.goto(f"{base}/provider/sign-in/")
    page.fill("#id_username", "owner@acorns.example")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/provider/$"))

    assert_accessible(page, f"{base}/provider/")
    assert_accessible(page, f"{base}/provider/services/{service.uuid}/")
    sections = ("description", "opening-times", "costs", "contacts", "childcare-offer", "vacancies")
    for section in sections:
        assert_accessible(page, f"{base}/provider/services/{service.uuid}/{section}/")

    page.goto(f"{base}/provider/services/{service.uuid}/opening-times/")
    page.select_option("#id_schedules-0-weekday", "0")
    page.fill("#id_schedules-0-opens_at", "18:00")
    page.fill("#id_schedules-0-closes_at", "08:00")
    click_and_load(page.locator("main button[type=submit]"))
    assert "Closing time must be after opening time." in page.content()
    assert_current_page_accessible(page)

    page.goto(f"{base}/provider/services/{service.uuid}/vacancies/")
    page.fill("input[name^=group_]", "9")
    click_and_load(page.locator("main button[type=submit]"))
    assert "cannot be more than places" in page.content()
    assert_current_page_accessible(page)
