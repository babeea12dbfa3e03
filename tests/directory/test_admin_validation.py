"""Bad input in the admin forms gets a clear, specific message and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from directory.models import Location, Organisation, Service
from tests.directory.admin_support import (
    admin_url,
    edit_data_for,
    location_form_data,
    organisation_form_data,
    service_form_data,
)
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

AGE_ORDER = "Maximum age must be the same as or more than the minimum age."
POSTCODE = "Enter a real UK postcode, like DN15 6NL."
PHONE = "Enter a UK phone number, like 01724 296296 or +44 1724 296296."
URL = "Enter a web address in the correct format, like https://www.example.org"
EMAIL = "Enter an email address in the correct format, like name@example.org"
CLOSING = "Closing time must be after opening time."


@pytest.fixture
def la():
    return LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")


@pytest.fixture
def editor(la, client):
    user = staff_user(la)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "not a web address", URL),
        ("email", "parents-at-example", EMAIL),
        ("phone", "call us", PHONE),
        ("referral_form_url", "www example org", URL),
    ],
)
def test_new_service_with_a_bad_field_is_not_saved(client, la, editor, field, value, message):
    data = service_form_data(la, **{field: value})
    response = client.post(admin_url("service", "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Service.objects.exists()


def test_age_range_must_be_in_order(client, la, editor):
    data = service_form_data(la, minimum_age=11, maximum_age=5)
    response = client.post(admin_url("service", "add"), data)
    assert response.status_code == 200
    assert AGE_ORDER in response.content.decode()
    assert not Service.objects.exists()


def test_publishing_an_edit_with_a_bad_age_range_keeps_the_live_record(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Youth Club", minimum_age=11)
    data = edit_data_for(
        service, minimum_age=11, maximum_age=5, **{"action-publish": "action-publish"}
    )
    response = client.post(admin_url("service", "edit", service.pk), data)
    assert response.status_code == 200
    assert AGE_ORDER in response.content.decode()
    service.refresh_from_db()
    assert service.maximum_age is None
    assert service.revisions.count() == 0


def test_a_referral_form_needs_a_referral_route(client, la, editor):
    data = service_form_data(la, referral_form_url="https://forms.example.org/refer")
    data.pop("self_referral")
    response = client.post(admin_url("service", "add"), data)
    assert "Say who can refer before adding a referral form." in response.content.decode()
    assert not Service.objects.exists()


def test_opening_times_and_contacts_are_checked_row_by_row(client, la, editor):
    data = service_form_data(la)
    data.update(
        {
            "schedules-TOTAL_FORMS": "1",
            "schedules-0-weekday": "0",
            "schedules-0-opens_at": "15:00",
            "schedules-0-closes_at": "09:00",
            "schedules-0-notes": "",
            "schedules-0-id": "",
            "schedules-0-ORDER": "1",
            "schedules-0-DELETE": "",
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Sam Taylor",
            "contacts-0-title": "",
            "contacts-0-email": "sam-at-example",
            "contacts-0-phone": "12",
            "contacts-0-id": "",
            "contacts-0-ORDER": "1",
            "contacts-0-DELETE": "",
        }
    )
    html = client.post(admin_url("service", "add"), data).content.decode()
    assert CLOSING in html
    assert EMAIL in html
    assert PHONE in html
    assert not Service.objects.exists()


def test_location_postcode_must_be_a_real_uk_postcode(client, la, editor):
    response = client.post(admin_url("location", "add"), location_form_data(la, postcode="ZZ1"))
    assert response.status_code == 200
    assert POSTCODE in response.content.decode()
    assert not Location.objects.exists()


def test_a_cost_cannot_be_negative(client, la, editor):
    data = service_form_data(la)
    data.update(
        {
            "cost_options-TOTAL_FORMS": "1",
            "cost_options-0-option": "Per session",
            "cost_options-0-amount": "-1",
            "cost_options-0-amount_description": "",
            "cost_options-0-id": "",
            "cost_options-0-ORDER": "1",
            "cost_options-0-DELETE": "",
        }
    )
    html = client.post(admin_url("service", "add"), data).content.decode()
    assert "A price cannot be negative." in html
    assert 'value="Per session"' in html  # what was typed comes back
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("-0.6545", "53.5886", "A latitude in the UK is at least 49.0."),  # swapped
        ("53.5886", "6.65", "A longitude in the UK is at most 2.5."),
    ],
)
def test_location_coordinates_must_be_in_the_uk(client, la, editor, latitude, longitude, message):
    data = location_form_data(la, latitude=latitude, longitude=longitude)
    response = client.post(admin_url("location", "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Location.objects.exists()
    data = location_form_data(la, latitude="53.5886", longitude="-0.6545")
    assert client.post(admin_url("location", "add"), data).status_code == 302
    assert Location.objects.get().latitude == Decimal("53.588600")


def test_organisation_contact_details_are_checked(client, la, editor):
    data = organisation_form_data(la, website="nope", email="nope", phone="nope")
    html = client.post(admin_url("organisation", "add"), data).content.decode()
    for message in (URL, EMAIL, PHONE):
        assert message in html
    assert not Organisation.objects.exists()
