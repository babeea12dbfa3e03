"""An import's revisions hold exactly what Wagtail's own ``serializable_data()`` gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from directory.importers.revision_content import revision_content
from directory.models import (
    ChildcareAgeGroup,
    ChildcareExtra,
    Contact,
    CostOption,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def la():
    return LocalAuthorityFactory()


def _in_memory_service(la, stored: Service | None = None) -> Service:
    """A service as an import builds it: every kind of child and value, held in memory."""
    service = stored or Service(local_authority=la, name="Little Acorns", slug="little-acorns")
    service.summary = "Play and learn"
    service.minimum_age, service.maximum_age = 0, 5
    service.is_free = False
    service.ofsted_inspection_date = dt.date(2025, 3, 4)
    service.go_live_at = timezone.now() + dt.timedelta(days=3)
    service.categories = [TaxonomyTermFactory(), TaxonomyTermFactory()]
    service.schedules = [Schedule(weekday=0, opens_at=dt.time(9), closes_at=dt.time(15, 30))]
    service.cost_options = [CostOption(option="Session", amount=Decimal("12.50"))]
    service.contacts = [Contact(name="Front desk", email="desk@example.org")]
    service.age_groups = [ChildcareAgeGroup(age_from=2, age_to=4, places=12, vacancies=3)]
    service.childcare_extras = [ChildcareExtra(kind="meals", price=Decimal("3.20"))]
    service.service_locations = [ServiceAtLocation(location=LocationFactory(local_authority=la))]
    return service


def test_a_new_record_and_its_children_serialise_as_wagtail_does(la):
    service = _in_memory_service(la)
    service.save()
    assert_same_but_the_clock(revision_content(service), service.serializable_data())


def test_a_stored_record_read_back_serialises_as_wagtail_does(la):
    stored = ServiceFactory(local_authority=la)
    changed = _in_memory_service(la, Service.objects.get(pk=stored.pk))
    changed.save()
    assert_same_but_the_clock(revision_content(changed), changed.serializable_data())


def assert_same_but_the_clock(content: dict, expected: dict) -> None:
    """Equal, but for ``updated_at``: both serialisers set it to now (``auto_now``)."""
    assert isinstance(content.pop("updated_at"), dt.datetime)
    expected.pop("updated_at")
    assert content == expected
    assert content["schedules"] and content["categories"] and content["age_groups"]
