"""The bulk import's reference finder yields what Wagtail's reference index yields, for
records with every kind of child, held in memory or read back, and for a generic key."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem
from wagtail.models import Page, ReferenceIndex

from directory.importers.references import references
from directory.models import (
    ChildcareAgeGroup,
    Contact,
    CostOption,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests.factories import LocalAuthorityFactory, LocationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def wagtails(record) -> list:
    return sorted(ReferenceIndex._extract_references_from_object(record))


def ours(record) -> list:
    return sorted(references(record))


@pytest.fixture
def service():
    la = LocalAuthorityFactory()
    page = Page.objects.filter(depth__gt=1).first()
    hub = LocationFactory(local_authority=la)
    library = LocationFactory(local_authority=la)
    return Service(
        name="Rhyme time",
        local_authority=la,
        organisation=OrganisationFactory(local_authority=la),
        description=f'<p>See <a linktype="page" id="{page.pk}">our page</a>.</p>',
        service_locations=[ServiceAtLocation(location=hub), ServiceAtLocation(location=library)],
        schedules=[Schedule(weekday=1, opens_at="09:00", closes_at="12:00")],
        cost_options=[CostOption(amount="2.50", option="Per session")],
        contacts=[Contact(name="Front desk")],
        age_groups=[ChildcareAgeGroup(age_from=0, age_to=5)],
    )


def test_a_new_record_and_its_children_in_memory(service):
    found = ours(service)
    assert found == wagtails(service)
    paths = {model_path for _, _, model_path, _ in found}
    # it found each kind: keys, the link in the rich text and the children's own keys
    assert {"local_authority", "organisation", "service_locations.item.location"} <= paths
    assert any(path.startswith("description.") for path in paths)


def test_a_saved_record_read_back(service):
    service.save()
    again = Service.objects.get(pk=service.pk)
    assert ours(again) == wagtails(again)
    assert len({content_path for *_, content_path in ours(again)}) == len(ours(again))


def test_records_without_children_or_values(service):
    bare = Service(name="No links", local_authority=service.local_authority)
    assert ours(bare) == wagtails(bare)
    assert ours(Location(name="Hall")) == wagtails(Location(name="Hall")) == []


def test_a_generic_key():
    tag = Tag.objects.create(name="stories", slug="stories")
    page = Page.objects.filter(depth__gt=1).first()
    pages = ContentType.objects.get_for_model(Page)
    item = TaggedItem(tag=tag, content_type=pages, object_id=page.pk)
    assert ours(item) == wagtails(item)
    assert (str(page.pk), "content_object") in {(to_id, path) for _, to_id, path, _ in ours(item)}
