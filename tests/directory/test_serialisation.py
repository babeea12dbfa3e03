"""A service's revision content: exactly what modelcluster's serialiser gives, and never
without its child records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from modelcluster.models import ClusterableModel
from wagtail.models import Revision

from directory.models import (
    ChildcareAgeGroup,
    ChildcareExtra,
    Contact,
    CostOption,
    Schedule,
    Service,
    ServiceAtLocation,
)
from directory.serialisation import cluster_data
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
    assert_same_but_the_clock(cluster_data(service), ClusterableModel.serializable_data(service))


def test_a_stored_record_read_back_serialises_as_wagtail_does(la):
    stored = ServiceFactory(local_authority=la)
    changed = _in_memory_service(la, Service.objects.get(pk=stored.pk))
    changed.save()
    assert_same_but_the_clock(cluster_data(changed), ClusterableModel.serializable_data(changed))


def assert_same_but_the_clock(content: dict, expected: dict) -> None:
    """Equal, but for ``updated_at``: both serialisers set it to now (``auto_now``)."""
    assert isinstance(content.pop("updated_at"), dt.datetime)
    expected.pop("updated_at")
    assert content == expected
    assert content["schedules"] and content["categories"] and content["age_groups"]


def test_a_revision_is_never_written_without_its_child_records(la):
    """Wagtail's RevisionMixin would write the record's own fields alone, and a draft
    published later would leave out every change to its children."""
    service = ServiceFactory(local_authority=la)
    service.schedules = [Schedule(weekday=0, opens_at="09:00", closes_at="12:00")]  # text
    with pytest.raises(AttributeError):
        service.save_revision()
    assert not Revision.objects.filter(object_id=str(service.pk)).exists()
    service.schedules = [Schedule(weekday=0, opens_at=dt.time(9), closes_at=dt.time(12))]
    revision = service.save_revision()
    assert Revision.objects.get(pk=revision.pk).content["schedules"][0]["opens_at"] == "09:00:00"
