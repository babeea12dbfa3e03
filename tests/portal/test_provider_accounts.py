"""Provider accounts: invitations by LA staff, accepting them, and what a provider may reach."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from directory.models import ProviderAccess, ProviderInvitation
from tests.directory.admin_support import admin_url
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    ServiceFactory,
    staff_user,
)

from .provider_support import provider_for, urls_under

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "plum orbit lantern 42"


@pytest.fixture
def world():
    la, other_la = LocalAuthorityFactory(name="Own Council"), LocalAuthorityFactory()
    own_org = OrganisationFactory(local_authority=la, name="Little Acorns")
    other_org = OrganisationFactory(local_authority=la, name="Big Oaks")
    return {
        "la": la,
        "other_la": other_la,
        "org": own_org,
        "other_org": other_org,
        "own": ServiceFactory(local_authority=la, organisation=own_org, name="Acorns Nursery"),
        "other": ServiceFactory(
            local_authority=la, organisation=other_org, name="Oaks Club", ofsted_urn="EY999999"
        ),
        "staff": staff_user(la, username="sam.staffer", first_name="Samira", last_name="Staff"),
    }


@pytest.fixture
def invite(client, world, django_capture_on_commit_callbacks):
    """Staff send an invitation through the admin (the email goes once the save commits)."""

    def send(email="owner@acorns.example"):
        client.force_login(world["staff"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                admin_url("providerinvitation", "add"),
                {"organisation": world["org"].pk, "email": email},
            )
        client.logout()
        return response

    return send


def link_from_email() -> str:
    return re.search(r"http\S+/provider/invitation/\S+/", mail.outbox[-1].body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_staff_invite_by_email_and_the_person_sets_a_password(client, world, invite):
    response = invite(email="Owner@Acorns.example")
    assert response.status_code == 302
    invitation = ProviderInvitation.objects.get()
    assert (invitation.email, invitation.local_authority, invitation.invited_by) == (
        "owner@acorns.example",
        world["la"],
        world["staff"],
    )
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["owner@acorns.example"]
    assert "Little Acorns" in mail.outbox[0].subject

    url = path_of(link_from_email())
    page = client.get(url).content.decode()
    assert "Little Acorns" in page and "Create a password" in page

    short = client.post(url, {"password1": "short pass", "password2": "short pass"})
    assert short.status_code == 200
    assert "at least 12 characters" in short.content.decode()
    assert not get_user_model().objects.filter(username="owner@acorns.example").exists()

    done = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/provider/"
    user = get_user_model().objects.get(username="owner@acorns.example")
    assert user.check_password(GOOD_PASSWORD) and not user.is_staff
    assert list(ProviderAccess.objects.values_list("user", "organisation")) == [
        (user.pk, world["org"].pk)
    ]
    home = client.get("/provider/").content.decode()
    assert "Acorns Nursery" in home and "Oaks Club" not in home


def test_a_used_invitation_is_refused(client, world, invite):
    invite()
    url = path_of(link_from_email())
    client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    client.logout()
    assert client.get(url).status_code == 410
    again = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert again.status_code == 410
    assert ProviderAccess.objects.count() == 1


def test_an_expired_invitation_is_refused(client, world, invite):
    invite()
    url = path_of(link_from_email())
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert client.get(url).status_code == 410
        response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
        assert response.status_code == 410
    assert not ProviderAccess.objects.exists()


def test_a_tampered_or_withdrawn_invitation_is_refused(client, world, invite):
    invite()
    url = path_of(link_from_email())
    assert client.get(url[:-3] + "xx/").status_code == 404
    ProviderInvitation.objects.all().delete()
    assert client.get(url).status_code == 410


def test_an_invitation_for_another_councils_organisation_cannot_be_made(client, world):
    foreign = OrganisationFactory(local_authority=world["other_la"])
    client.force_login(world["staff"])
    response = client.post(
        admin_url("providerinvitation", "add"), {"organisation": foreign.pk, "email": "x@y.example"}
    )
    assert response.status_code == 200 and not ProviderInvitation.objects.exists()
    assert not mail.outbox


def test_staff_logins_cannot_be_invited(client, world, invite):
    response = invite(email=world["staff"].email)
    assert response.status_code == 200
    assert "council staff login" in response.content.decode()


def test_an_existing_provider_accepts_a_second_organisation_without_a_new_password(
    client, world, invite
):
    user = provider_for(world["other_org"], username="owner@acorns.example")
    invite(email="owner@acorns.example")
    url = path_of(link_from_email())
    assert "Create a password" not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert set(user.provider_access.values_list("organisation", flat=True)) == {
        world["org"].pk,
        world["other_org"].pk,
    }


def test_provider_is_refused_everything_outside_their_organisation(client, world):
    """Another organisation's service, every mapping URL and every admin URL."""
    provider = provider_for(world["org"])
    client.force_login(provider)
    other = world["other"]
    for url in (
        f"/provider/services/{other.uuid}/",
        f"/provider/services/{other.uuid}/description/",
        f"/provider/services/{other.uuid}/opening-times/",
        f"/provider/services/{other.uuid}/vacancies/",
        f"/provider/services/{other.uuid}/childcare-offer/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/provider/services/{other.uuid}/still-correct/").status_code == 404
    assert (
        client.post(
            f"/provider/services/{other.uuid}/description/", {"summary": "Hijacked"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.last_reviewed != timezone.localdate() or other.summary != "Hijacked"
    assert other.revisions.count() == 0

    mapping_urls = urls_under("/mapping/")
    assert len(mapping_urls) > 20
    for url, name in mapping_urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, name, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith("/mapping/"), url

    public_admin = {
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    }
    admin_urls = [(u, n) for u, n in urls_under("/admin/") if n not in public_admin]
    assert len(admin_urls) > 200
    for url, name in admin_urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404, 405), (url, name, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], (url, response["Location"])


def test_provider_area_needs_a_provider_login(client, world):
    response = client.get("/provider/")
    assert response.status_code == 302 and response["Location"].startswith("/provider/sign-in/")
    client.force_login(world["staff"])
    assert client.get("/provider/").status_code == 403
    assert client.get(f"/provider/services/{world['own'].uuid}/").status_code == 403


def test_provider_signs_in_with_email_and_password(client, world):
    provider_for(world["org"], username="owner@acorns.example", password=GOOD_PASSWORD)
    bad = client.post("/provider/sign-in/", {"username": "owner@acorns.example", "password": "x"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    good = client.post(
        "/provider/sign-in/", {"username": "owner@acorns.example", "password": GOOD_PASSWORD}
    )
    assert good.status_code == 302 and good["Location"] == "/provider/"


def test_staff_credentials_do_not_open_the_provider_area(client, world):
    response = client.post(
        "/provider/sign-in/", {"username": "sam.staffer", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "This is not a provider account" in response.content.decode()


def test_provider_resets_a_forgotten_password_with_the_same_rules(client, world):
    user = provider_for(world["org"], username="owner@acorns.example", email="owner@acorns.example")
    assert (
        client.post("/provider/password-reset/", {"email": world["staff"].email}).status_code == 302
    )
    assert mail.outbox == []  # staff logins are not reset from the provider area
    client.post("/provider/password-reset/", {"email": "owner@acorns.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/provider/password-reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(path_of(link)).url  # Django swaps the token for a session marker
    short = client.post(form_url, {"new_password1": "short pass", "new_password2": "short pass"})
    assert "at least 12 characters" in short.content.decode()
    done = client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/provider/"
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    client.logout()
    assert "This link cannot be used" in client.get(path_of(link)).content.decode()
