"""The Content-Security-Policy in a real browser: nothing is refused, and the admin still works.

Chromium reports every refused script or style on the console; a page with none of those
messages and working widgets shows the policy and the pages agree.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory, staff_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def violations(page_with_js):
    seen: list[str] = []
    page_with_js.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page_with_js.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def test_public_pages_run_govuk_frontend_under_the_policy(live_server, page_with_js, violations):
    service = ServiceFactory(name="Rhyme Time Club")
    page = page_with_js
    for path in ["/", "/services/?q=rhyme", service.get_absolute_url()]:
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
            response.headers
        )
        classes = page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    assert violations == []


def test_wagtail_admin_editing_works_under_the_policy(live_server, page_with_js, violations):
    la = LocalAuthorityFactory()
    organisation = OrganisationFactory(local_authority=la, name="Acorn Trust")
    service = ServiceFactory(local_authority=la, organisation=organisation, name="Little Acorns")
    editor = staff_user(la)
    page = page_with_js
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/snippets/directory/service/edit/{service.pk}/")
    forms = page.locator("[id^='inline_child_schedules-']:not([id*='__prefix__'])")
    before = forms.count()
    assert violations == []
    page.locator("#id_schedules-ADD").evaluate("button => button.click()")  # on a hidden tab
    page.wait_for_function(
        "n => document.querySelectorAll(\"[id^='inline_child_schedules-']\").length > n",
        arg=before + 1,
    )
    # The new form's time input was started by admin-start.js (a time picker is attached).
    new_input = page.locator(f"#id_schedules-{before}-opens_at")
    assert new_input.get_attribute("data-waymark-started") is None
    started = page.locator(f"[data-waymark-for='id_schedules-{before}-opens_at']")
    assert started.get_attribute("data-waymark-started") == "true"
    # The organisation chooser opens its modal.
    page.locator("[data-chooser-action-choose]").first.evaluate("button => button.click()")
    page.wait_for_selector(".modal-content", state="visible")
    assert violations == []


def test_a_mapping_lead_sets_up_the_second_factor_in_the_browser(
    live_server, page_with_js, violations
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from directory.models import StaffRole
    from tests.browser.conftest import assert_accessible
    from tests.second_factor import current_code

    lead = staff_user(LocalAuthorityFactory(), StaffRole.MAPPING_LEAD)
    page = page_with_js
    page.goto(f"{live_server.url}/admin/login/?next=/mapping/")
    page.fill("#id_username", lead.username)
    page.fill("#id_password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/account/two-factor/setup/**")
    assert page.locator("svg title").text_content() == "QR code for your authenticator app"
    assert_accessible(page, page.url)
    page.click("button:has-text('Continue'), button:has-text('Confirm and continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit security code")
    device = TOTPDevice.objects.get(user=lead)
    page.fill("#id_code", current_code(device))
    page.click("button:has-text('Confirm and continue')")
    page.wait_for_url(f"{live_server.url}/mapping/")
    assert violations == []
