"""A family saves services without an account, lists, removes, clears, emails, shares them."""

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.test import Client

from portal.shortlist.sharing import SALT, make_token
from portal.shortlist.store import MAX_SERVICES
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def saved_names(client) -> list[str]:
    html = client.get("/shortlist/").content.decode()
    return re.findall(
        r'<h2 class="govuk-heading-m[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )


def test_save_needs_a_csrf_token():
    service = ServiceFactory()
    client = Client(enforce_csrf_checks=True)
    assert client.post("/shortlist/add/", {"service": service.pk}).status_code == 403


def test_save_without_javascript_returns_to_the_page_it_came_from(client):
    service = ServiceFactory(name="Rhyme Time")
    response = client.post("/shortlist/add/", {"service": service.pk, "next": "/services/?q=rhyme"})
    assert response.status_code == 302
    assert response["Location"] == f"/services/?q=rhyme#service-{service.pk}"
    assert saved_names(client) == ["Rhyme Time"]


def test_save_never_redirects_off_the_site(client):
    service = ServiceFactory()
    response = client.post(
        "/shortlist/add/", {"service": service.pk, "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/shortlist/")


def test_save_with_javascript_answers_json(client):
    first, second = ServiceFactory(), ServiceFactory()
    headers = {"Accept": "application/json"}
    assert client.post("/shortlist/add/", {"service": first.pk}, headers=headers).json() == {
        "saved": True,
        "count": 1,
    }
    client.post("/shortlist/add/", {"service": second.pk}, headers=headers)
    answer = client.post("/shortlist/remove/", {"service": first.pk}, headers=headers).json()
    assert answer == {"saved": False, "count": 1}


def test_services_stay_in_the_order_they_were_saved_and_once_each(client):
    a, b = ServiceFactory(name="Zebra Club"), ServiceFactory(name="Apple Club")
    for service in (a, b, a):
        client.post("/shortlist/add/", {"service": service.pk})
    assert saved_names(client) == ["Zebra Club", "Apple Club"]


def test_a_non_public_service_cannot_be_saved(client):
    hidden = ServiceFactory(is_public=False)
    draft = ServiceFactory(live=False)
    for service in (hidden, draft):
        assert client.post("/shortlist/add/", {"service": service.pk}).status_code == 404
    assert client.post("/shortlist/add/", {"service": "x"}).status_code == 400


def test_a_service_withdrawn_after_saving_drops_out(client):
    kept, withdrawn = ServiceFactory(name="Kept"), ServiceFactory(name="Withdrawn")
    for service in (kept, withdrawn):
        client.post("/shortlist/add/", {"service": service.pk})
    withdrawn.live = False
    withdrawn.save()
    assert saved_names(client) == ["Kept"]


def test_the_shortlist_is_full_at_its_limit_and_keeps_what_it_has(client):
    session = client.session
    session["waymark_shortlist"] = list(range(100_000, 100_000 + MAX_SERVICES))
    session.save()
    service = ServiceFactory()
    response = client.post(
        "/shortlist/add/", {"service": service.pk}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 409
    assert "full" in response.json()["message"]


def test_remove_and_clear(client):
    a, b = ServiceFactory(name="A club"), ServiceFactory(name="B club")
    for service in (a, b):
        client.post("/shortlist/add/", {"service": service.pk})
    client.post("/shortlist/remove/", {"service": a.pk})
    assert saved_names(client) == ["B club"]
    assert client.post("/shortlist/clear/").status_code == 302
    assert saved_names(client) == []
    assert "You have not saved any services yet." in client.get("/shortlist/").content.decode()


def test_the_page_shows_what_a_family_needs_to_print(client):
    location = LocationFactory(name="Ashby Hub", address_1="12 Mill Lane", postcode="DN16 2AB")
    service = ServiceFactory(
        name="Stay and Play",
        phone="01724 000000",
        is_free=True,
        locations=[location],
        schedules=[(0, dt.time(9), dt.time(11)), (2, dt.time(9), dt.time(11))],
    )
    client.post("/shortlist/add/", {"service": service.pk})
    html = client.get("/shortlist/").content.decode()
    assert f'href="http://testserver/services/{service.slug}/"' in html  # printed in full
    assert "12 Mill Lane, Scunthorpe, DN16 2AB" in html
    assert "Monday and Wednesday" in html and "Free" in html and "01724 000000" in html
    assert "Print your shortlist" in html


def test_header_counts_saved_services(client):
    client.post("/shortlist/add/", {"service": ServiceFactory().pk})
    html = client.get("/").content.decode()
    assert re.search(r"data-waymark-shortlist-count>1<", html)


def _share_url(client) -> str:
    html = client.get("/shortlist/").content.decode()
    return re.search(r'id="share-link" type="text" value="([^"]+)"', html).group(1)


def test_a_shared_link_shows_the_public_services_read_only(client):
    a, b = ServiceFactory(name="Rhyme Time"), ServiceFactory(name="Baby Massage")
    for service in (a, b):
        client.post("/shortlist/add/", {"service": service.pk})
    url = _share_url(client).replace("http://testserver", "")
    b.is_public = False
    b.save()
    stranger = Client()
    response = stranger.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rhyme Time" in html and "Baby Massage" not in html
    assert "shortlist/remove" not in html  # read-only
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Opening it does not touch the stranger's own shortlist.
    assert saved_names(stranger) == []


def test_a_forged_or_altered_link_is_not_found(client):
    service = ServiceFactory()
    token = make_token([service.pk])
    payload, rest = token.split(":", 1)
    assert client.get(f"/shortlist/shared/{payload}x:{rest}/").status_code == 404
    forged = signing.dumps([service.pk], salt="another-salt", compress=True)
    assert client.get(f"/shortlist/shared/{forged}/").status_code == 404
    assert client.get("/shortlist/shared/12/").status_code == 404


def test_a_link_expires_after_the_share_period(client, settings, monkeypatch):
    service = ServiceFactory(name="Rhyme Time")
    settings.WAYMARK_SHORTLIST_SHARE_DAYS = 90
    made = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setattr("time.time", lambda: made)
    token = signing.dumps([service.pk], salt=SALT, compress=True)
    monkeypatch.setattr("time.time", lambda: made + 89 * 86400)
    response = client.get(f"/shortlist/shared/{token}/")
    assert response.status_code == 200 and "1 April 2026" in response.content.decode()
    monkeypatch.setattr("time.time", lambda: made + 91 * 86400)
    response = client.get(f"/shortlist/shared/{token}/")
    assert response.status_code == 410
    assert "This shortlist link has expired" in response.content.decode()


def test_email_sends_the_link_and_keeps_no_address(client):
    service = ServiceFactory(name="Rhyme Time")
    client.post("/shortlist/add/", {"service": service.pk})
    response = client.post("/shortlist/email/", {"email": "parent@example.org"}, follow=True)
    assert "We have emailed your shortlist." in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["parent@example.org"]
    assert "Rhyme Time" in message.body and "/shortlist/shared/" in message.body
    assert "parent@example.org" not in str(dict(client.session))


def test_email_with_a_bad_address_says_what_is_wrong_and_keeps_the_list(client):
    client.post("/shortlist/add/", {"service": ServiceFactory(name="Rhyme Time").pk})
    response = client.post("/shortlist/email/", {"email": "not an address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an email address in the correct format" in html
    assert "Rhyme Time" in html
    assert mail.outbox == []


def test_email_is_rate_limited(client):
    client.post("/shortlist/add/", {"service": ServiceFactory().pk})
    for _ in range(5):
        client.post("/shortlist/email/", {"email": "parent@example.org"})
    response = client.post("/shortlist/email/", {"email": "parent@example.org"})
    assert response.status_code == 429
    assert "5 times an hour" in response.content.decode()
    assert len(mail.outbox) == 5
