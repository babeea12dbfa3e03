"""A parent reports a problem with a service page; the owning LA's staff see the report."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import ProblemReport
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

VALID = {"kind": "wrong_times", "details": "The Tuesday session has moved to Thursday."}


def report_url(service) -> str:
    return f"/services/{service.slug}/report-a-problem/"


def test_form_is_shown_with_radios(client):
    service = ServiceFactory(name="Tiny Tots")
    response = client.get(report_url(service))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-radios__input"' in page
    assert "csrfmiddlewaretoken" in page


def test_valid_report_is_stored_and_listed_for_the_owning_la_only(client):
    own_la, other_la = LocalAuthorityFactory(), LocalAuthorityFactory()
    service = ServiceFactory(local_authority=own_la, name="Tiny Tots")
    response = client.post(report_url(service), {**VALID, "reply_email": "parent@example.org"})
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.slug}/report-a-problem/thanks/"
    assert "Report sent" in client.get(response["Location"]).content.decode()

    report = ProblemReport.objects.get()
    assert (report.service, report.local_authority) == (service, own_la)
    assert report.kind == "wrong_times" and report.reply_email == "parent@example.org"

    listing = reverse("wagtailsnippets_directory_problemreport:list")
    own_staff, other_staff = staff_user(own_la), staff_user(other_la)
    client.force_login(own_staff)
    assert "Tiny Tots" in client.get(listing).content.decode()
    client.force_login(other_staff)
    other_view = client.get(listing)
    assert other_view.status_code == 200
    assert "Tiny Tots" not in other_view.content.decode()


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Select what is wrong with this page", "Tell us what is wrong with this page"]),
        (
            {**VALID, "reply_email": "not-an-email"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        ({**VALID, "details": "x" * 2001}, ["Details must be 2,000 characters or fewer"]),
        ({**VALID, "kind": "nonsense"}, ["Select what is wrong with this page from the list"]),
    ],
)
def test_invalid_report_is_re_rendered_with_messages_and_not_stored(client, data, messages):
    service = ServiceFactory()
    response = client.post(report_url(service), data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in page
    for message in messages:
        assert message in page
    assert ProblemReport.objects.count() == 0
    if data.get("details"):
        assert data["details"][:50] in page  # what the person typed is kept


def test_missing_csrf_token_is_refused():
    service = ServiceFactory()
    response = Client(enforce_csrf_checks=True).post(report_url(service), VALID)
    assert response.status_code == 403
    assert ProblemReport.objects.count() == 0


def test_sixth_report_in_an_hour_is_refused(client):
    service = ServiceFactory()
    for _ in range(5):
        assert client.post(report_url(service), VALID).status_code == 302
    response = client.post(report_url(service), VALID)
    assert response.status_code == 429
    assert "You have sent too many reports" in response.content.decode()
    assert ProblemReport.objects.count() == 5
    # Another address is not held back by the first one's reports.
    other = client.post(report_url(service), VALID, REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302
    assert ProblemReport.objects.count() == 6


def test_invalid_attempts_do_not_use_up_the_allowance(client):
    service = ServiceFactory()
    for _ in range(6):
        client.post(report_url(service), {})
    assert client.post(report_url(service), VALID).status_code == 302


def test_no_report_form_for_a_hidden_service(client):
    service = ServiceFactory(live=False)
    assert client.get(report_url(service)).status_code == 404
    assert client.post(report_url(service), VALID).status_code == 404
