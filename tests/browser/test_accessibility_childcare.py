"""axe-core finds no violation on a service page with a full childcare offer, or on the
search page with the childcare filters open, at 375 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from directory.models import ChildcareAgeGroup, ChildcareExtra
from tests.factories import LocationFactory, ServiceFactory

from .conftest import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_service_page_with_a_childcare_offer_is_accessible(live_server, page_with_js):
    location = LocationFactory()
    service = ServiceFactory(
        name="Acorn Day Nursery (synthetic)",
        ofsted_urn="EY300001",
        ofsted_provision_type="CCN",
        on_early_years_register=True,
        on_compulsory_childcare_register=True,
        ofsted_grade="good",
        ofsted_inspection_date=dt.date(2025, 5, 10),
        childcare_places=48,
        minimum_age=0,
        maximum_age=7,
        funded_working_from_9_months=True,
        funded_two_year_olds_disadvantaged=True,
        funded_universal_15_hours=True,
        funded_30_hours=True,
        tax_free_childcare=True,
        opening_weeks="all year",
        vacancies_updated=dt.date(2026, 11, 20),
        locations=[location],
    )
    ChildcareAgeGroup.objects.create(service=service, age_from=0, age_to=4, places=40, vacancies=3)
    ChildcareAgeGroup.objects.create(service=service, age_from=5, age_to=7, places=8, vacancies=0)
    ChildcareExtra.objects.create(
        service=service,
        kind="meals",
        description="Hot lunch",
        price=Decimal("2.50"),
        unit="per day",
    )
    ChildcareExtra.objects.create(
        service=service, kind="trips", price=Decimal("5"), unit="per trip"
    )

    assert_accessible(page_with_js, f"{live_server.url}{service.get_absolute_url()}")
    assert_accessible(
        page_with_js, f"{live_server.url}/services/?funded=on&age=3&vacancies=on&provision_type=CCN"
    )
