"""The public Local Offer comment form and the "You said, we did" pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from directory.models import LocalOfferFeedback
from portal.models import PortalSettings
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

FORM = "/local-offer/feedback/"
HOST = "fis.testshire.example"
VALID = {"about": "health", "comment": "The speech therapy page has no waiting times."}


@pytest.fixture
def tied_site():
    """A site that serves one LA's portal, as most councils run it."""
    la = LocalAuthorityFactory(name="North Testshire")
    default = Site.objects.get(is_default_site=True)
    site = Site.objects.create(hostname=HOST, port=80, root_page=default.root_page)
    PortalSettings.objects.create(site=site, local_authority=la)
    return la


def comment(la, year=2025, **fields) -> LocalOfferFeedback:
    values = {
        "about": "education",
        "comment": "Private words from a parent.",
        "created_at": timezone.make_aware(dt.datetime(year, 5, 1, 12)),
        **fields,
    }
    return LocalOfferFeedback.objects.create(local_authority=la, **values)


def test_form_is_shown_with_csrf_token_and_radios(client, tied_site):
    page = client.get(FORM, HTTP_HOST=HOST).content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'class="govuk-radios__input"' in page
    assert "Which council" not in page  # the site says which LA


def test_comment_is_stored_for_the_sites_local_authority(client, tied_site):
    data = {**VALID, "sender": "parent", "email": "parent@example.org"}
    response = client.post(FORM, data, HTTP_HOST=HOST)
    assert response.status_code == 302 and response["Location"] == "/local-offer/feedback/thanks/"
    stored = LocalOfferFeedback.objects.get()
    assert (stored.local_authority, stored.about, stored.email) == (
        tied_site,
        "health",
        "parent@example.org",
    )
    assert stored.status == "New"


def test_a_site_serving_every_council_asks_which_one(client):
    la = LocalAuthorityFactory(name="South Testshire")
    page = client.get(FORM).content.decode()
    assert "Which council" in page
    response = client.post(FORM, VALID)
    assert "Select the council whose Local Offer this is about" in response.content.decode()
    assert client.post(FORM, {**VALID, "local_authority": la.pk}).status_code == 302
    assert LocalOfferFeedback.objects.get().local_authority == la


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Select what your comment is about", "Enter your comment"]),
        (
            {**VALID, "email": "not-an-email"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        ({**VALID, "comment": "x" * 3001}, ["Your comment must be 3,000 characters or fewer"]),
    ],
)
def test_bad_input_is_explained_and_kept(client, tied_site, data, messages):
    response = client.post(FORM, data, HTTP_HOST=HOST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count("govuk-error-message") >= len(messages)
    for message in messages:
        assert message in page
    if "email" in data:
        assert "not-an-email" in page  # nothing typed is lost
    assert not LocalOfferFeedback.objects.exists()


def test_post_without_csrf_token_is_refused(tied_site):
    client = Client(enforce_csrf_checks=True)
    assert client.post(FORM, VALID, HTTP_HOST=HOST).status_code == 403
    assert not LocalOfferFeedback.objects.exists()


def test_sixth_comment_in_an_hour_from_one_address_is_refused(client, tied_site):
    for _ in range(5):
        assert client.post(FORM, VALID, HTTP_HOST=HOST).status_code == 302
    refused = client.post(FORM, VALID, HTTP_HOST=HOST)
    assert refused.status_code == 429
    assert "You have sent too many comments" in refused.content.decode()
    assert LocalOfferFeedback.objects.count() == 5
    other = client.post(FORM, VALID, HTTP_HOST=HOST, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_contact_details_past_the_retention_period_are_found_and_removed(settings):
    settings.WAYMARK_CONTACT_RETENTION_DAYS = 365
    la = LocalAuthorityFactory()
    now = timezone.now()
    old = comment(
        la, created_at=now - dt.timedelta(days=366), name="A Parent", phone="01724 296296"
    )
    recent = comment(la, created_at=now - dt.timedelta(days=364), email="p@example.org")
    anonymous = comment(la, created_at=now - dt.timedelta(days=800))

    expired = LocalOfferFeedback.objects.contact_details_expired(now)
    assert list(expired) == [old]
    assert expired.remove_contact_details() == 1

    old.refresh_from_db()
    assert (old.name, old.email, old.phone) == ("", "", "")
    assert old.contact_removed_at is not None and old.comment  # the comment itself stays
    recent.refresh_from_db()
    assert recent.email == "p@example.org"
    assert not LocalOfferFeedback.objects.contact_details_expired(now).exists()
    assert anonymous.contact_removed_at is None


def test_you_said_we_did_shows_only_published_answers_without_personal_data(client, tied_site):
    other_la = LocalAuthorityFactory(name="Elsewhere")
    comment(
        tied_site,
        you_said="Parents could not find short breaks.",
        we_did="We added a short breaks page.",
        publish=True,
        name="Jane Parent",
        email="jane@example.org",
    )
    comment(tied_site, you_said="Not chosen.", we_did="Answered, not published.")
    comment(tied_site, you_said="Unanswered.")
    comment(other_la, you_said="Other council.", we_did="Other answer.", publish=True)
    comment(tied_site, year=2024, you_said="Older.", we_did="Older answer.", publish=True)

    index = client.get("/local-offer/you-said-we-did/", HTTP_HOST=HOST).content.decode()
    assert "/local-offer/you-said-we-did/2025/" in index
    assert "/local-offer/you-said-we-did/2024/" in index

    page = client.get("/local-offer/you-said-we-did/2025/", HTTP_HOST=HOST).content.decode()
    assert "Parents could not find short breaks." in page
    assert "We added a short breaks page." in page
    assert "Health services" not in page and "Education, schools and colleges" in page
    for hidden in (
        "Not chosen.",
        "Unanswered.",
        "Other council.",
        "Older.",
        "Jane Parent",
        "jane@example.org",
        "Private words from a parent.",
    ):
        assert hidden not in page
    assert client.get("/local-offer/you-said-we-did/2023/", HTTP_HOST=HOST).status_code == 404


def test_a_site_for_every_council_groups_the_year_by_council(client):
    north, south = (
        LocalAuthorityFactory(name="North Shire"),
        LocalAuthorityFactory(name="South Shire"),
    )
    comment(north, you_said="North said.", we_did="North did.", publish=True)
    comment(south, you_said="South said.", we_did="South did.", publish=True)
    page = client.get("/local-offer/you-said-we-did/2025/").content.decode()
    assert page.index("North Shire") < page.index("North said.") < page.index("South Shire")


@pytest.mark.parametrize("year", ["0", "10000", "2147483648", "99999999999999999999999"])
def test_a_year_no_calendar_has_is_not_found_not_a_server_error(client, year):
    comment(LocalAuthorityFactory(), you_said="Said.", we_did="Did.", publish=True)
    response = client.get(f"/local-offer/you-said-we-did/{year}/")
    assert response.status_code == 404
