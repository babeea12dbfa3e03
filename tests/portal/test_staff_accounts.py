"""Staff accounts: second factor by role, passwords, password reset throttling, session
timeouts, and login throttling keyed by the real client behind a trusted proxy."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP
from portal.security.middleware import SEEN, STARTED
from tests.factories import LocalAuthorityFactory, UserFactory, staff_user
from tests.second_factor import confirmed_device, current_code, forget_failures

pytestmark = pytest.mark.django_db
SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/"
PASSWORD = "correct horse battery"


@pytest.fixture
def la():
    return LocalAuthorityFactory(name="North Testshire")


def national_admin():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    return user


# --- second factor --------------------------------------------------------------------


@pytest.mark.parametrize("role", [StaffRole.MAPPING_LEAD, StaffRole.DCS, "national_admin"])
def test_roles_that_need_a_second_factor_are_sent_to_set_it_up(password_only_client, la, role):
    user = national_admin() if role == "national_admin" else staff_user(la, role)
    client = password_only_client
    client.force_login(user)
    for url in ["/mapping/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP + "?next=")


def test_setting_up_an_authenticator_then_signing_in_again_asks_for_the_code(
    password_only_client, la
):
    lead = staff_user(la, StaffRole.MAPPING_LEAD)
    client = password_only_client
    client.force_login(lead)
    page = client.get(SETUP, {"next": "/mapping/"})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Set up your authenticator app" in html
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000", "next": "/mapping/"})
    assert wrong.status_code == 200 and "The security code is not right" in wrong.content.decode()
    bad = client.post(SETUP, {"code": "12ab", "next": "/mapping/"})
    assert "Enter the security code as 6 digits" in bad.content.decode()
    forget_failures(device)
    done = client.post(SETUP, {"code": current_code(device), "next": "/mapping/"})
    assert done.status_code == 302 and done["Location"] == "/mapping/"
    assert client.get("/mapping/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    client.force_login(lead)
    response = client.get("/mapping/")
    assert response["Location"].startswith(VERIFY + "?next=")
    assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    forget_failures(device)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a later 30-second step
    ok = client.post(VERIFY, {"code": current_code(device), "next": "/mapping/"})
    assert ok.status_code == 302 and ok["Location"] == "/mapping/"
    assert client.get("/mapping/").status_code == 200


def test_signing_in_through_the_login_form_leads_to_the_second_factor(password_only_client, la):
    lead = staff_user(la, StaffRole.MAPPING_LEAD)
    client = password_only_client
    response = client.post(
        "/admin/login/", {"username": lead.username, "password": PASSWORD, "next": "/mapping/"}
    )
    assert response.status_code == 302
    assert client.get("/mapping/")["Location"].startswith(SETUP)


def test_editors_may_go_on_without_a_second_factor_but_once_set_up_it_is_asked_for(
    password_only_client, la
):
    editor = staff_user(la, StaffRole.EDITOR)
    client = password_only_client
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(SETUP).status_code == 200  # optional: they may set one up
    confirmed_device(editor)
    client.logout()
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_the_public_site_never_asks_for_a_second_factor(password_only_client, la):
    password_only_client.force_login(staff_user(la, StaffRole.MAPPING_LEAD))
    assert password_only_client.get("/services/").status_code == 200


def test_next_must_stay_on_this_site(password_only_client, la):
    lead = staff_user(la, StaffRole.MAPPING_LEAD)
    device = confirmed_device(lead)
    password_only_client.force_login(lead)
    response = password_only_client.post(
        VERIFY, {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


# --- passwords --------------------------------------------------------------------------


def test_passwords_need_twelve_characters_and_are_checked_against_common_and_similar_ones():
    user = UserFactory(username="fionawalker", email="fiona.walker@example.org")
    for weak, message in [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("fionawalker1", "too similar"),
    ]:
        with pytest.raises(ValidationError, match=message):
            validate_password(weak, user)
    validate_password("grey-heron-paddles-quietly", user)


def test_password_reset_requests_are_throttled_per_address_and_per_email(client):
    UserFactory(email="someone@example.org")
    for _ in range(3):
        assert (
            client.post("/admin/password_reset/", {"email": "someone@example.org"}).status_code
            == 302
        )
    assert (
        client.post("/admin/password_reset/", {"email": "someone@example.org"}).status_code == 429
    )
    # From one address: five an hour, whatever the email.
    client.post("/admin/password_reset/", {"email": "a@example.org"})
    assert client.post("/admin/password_reset/", {"email": "b@example.org"}).status_code == 429
    # Showing the form is not counted.
    assert client.get("/admin/password_reset/").status_code == 200


# --- sessions ---------------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_staff_sessions_end_after_thirty_minutes_idle(client, la):
    client.force_login(staff_user(la))
    assert client.get("/admin/").status_code == 200
    _age_session(client, **{SEEN: 29 * 60})
    assert client.get("/admin/").status_code == 200  # still within the idle time
    _age_session(client, **{SEEN: 31 * 60})
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_sessions_end_after_twelve_hours_however_busy(client, la):
    client.force_login(staff_user(la))
    assert client.get("/admin/").status_code == 200
    _age_session(client, **{STARTED: 12 * 3600 + 60, SEEN: 10})
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- login throttling behind a reverse proxy ---------------------------------------------


def test_login_throttling_locks_the_attacker_not_everyone_behind_the_proxy(
    password_only_client, settings, la
):
    settings.WAYMARK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    editor = staff_user(la)
    client = password_only_client
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": editor.username, "password": "wrong password!"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )
    locked = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        **proxy,
    )
    assert locked.status_code == 429
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    colleague = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxy,
    )
    assert colleague.status_code == 302


def test_reset_second_factor_sends_a_lost_phone_back_to_set_up(password_only_client, la):
    from django.core.management import call_command

    lead = staff_user(la, StaffRole.MAPPING_LEAD, username="lost-phone")
    confirmed_device(lead)
    call_command("reset_second_factor", "lost-phone", stdout=__import__("io").StringIO())
    password_only_client.force_login(lead)
    assert password_only_client.get("/mapping/")["Location"].startswith(SETUP)


def test_demo_security_code_completes_a_demo_logins_set_up(password_only_client, la, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    lead = staff_user(la, StaffRole.MAPPING_LEAD, username="demo-lead")
    client = password_only_client
    client.force_login(lead)
    assert client.get(SETUP).status_code == 200
    settings.WAYMARK_DEMO_MODE = True
    out = StringIO()
    call_command("demo_security_code", "demo-lead", stdout=out)
    done = client.post(SETUP, {"code": out.getvalue().strip(), "next": "/mapping/"})
    assert done.status_code == 302 and client.get("/mapping/").status_code == 200
    settings.WAYMARK_DEMO_MODE = False
    with pytest.raises(CommandError, match="Only in demo mode"):
        call_command("demo_security_code", "demo-lead")
