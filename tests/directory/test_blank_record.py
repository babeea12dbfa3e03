"""A blank record made for an import is the record ``Model()`` makes, and a new record the one
``Model(**values)`` makes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models.signals import post_init
from wagtail.models import ModelLogEntry, Revision

from directory.importers.blank import blank_record, new_record
from directory.models import (
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
)


def fields(record) -> dict:
    return {key: value for key, value in vars(record).items() if key != "_state"}


def fixed_fields(record) -> dict:
    """The fields but a fresh uuid, which each record gets its own of."""
    return {key: value for key, value in fields(record).items() if key != "uuid"}


@pytest.mark.parametrize("model", [Service, Organisation, Location])
def test_every_field_holds_the_default_model_gives_and_each_record_its_own_uuid(model):
    made, blank, other = model(), blank_record(model), blank_record(model)

    assert fields(blank).keys() == fields(made).keys()
    assert fixed_fields(blank) == fixed_fields(made)
    assert blank.uuid and other.uuid and blank.uuid != other.uuid
    assert blank._state.adding and blank._state.db is None and blank.pk is None


def test_a_model_with_init_receivers_is_made_by_its_constructor():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Organisation)
    try:
        record = blank_record(Organisation)
    finally:
        post_init.disconnect(receiver, sender=Organisation)
    assert seen == [record]


def test_a_new_record_holds_the_values_given_by_field_or_attribute_name():
    location = Location(pk=41, name="Hall")
    cases = [
        (Schedule, {"weekday": 2, "opens_at": dt.time(9), "closes_at": dt.time(12), "notes": ""}),
        (CostOption, {"option": "Per session", "amount": Decimal("2.50")}),
        (ServiceAtLocation, {"location": location}),
        (Service.categories.through, {"service_id": 7, "taxonomyterm_id": 9}),
        (Revision, {"object_id": "7", "content": {"name": "Play"}, "user": None}),
        (ModelLogEntry, {"label": "Play", "action": "wagtail.create", "data": {}, "user": None}),
    ]
    for model, values in cases:
        made, new = model(**values), new_record(model, **values)
        assert fields(new).keys() == fields(made).keys(), model
        assert fixed_fields(new) == fixed_fields(made), model
        assert new._state.fields_cache == made._state.fields_cache, model
    link = new_record(ServiceAtLocation, location=location)
    assert link.location is location and link.location_id == 41


def test_a_related_record_of_the_wrong_model_is_refused_as_the_constructor_refuses_it():
    with pytest.raises(ValueError):
        ServiceAtLocation(location=Organisation(pk=1))
    with pytest.raises(ValueError):
        new_record(ServiceAtLocation, location=Organisation(pk=1))


def test_init_receivers_of_a_model_see_the_values_a_new_record_is_given():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.notes)

    post_init.connect(receiver, sender=Schedule)
    try:
        new_record(Schedule, weekday=1, opens_at=dt.time(9), closes_at=dt.time(10), notes="Hall")
    finally:
        post_init.disconnect(receiver, sender=Schedule)
    assert seen == ["Hall"]
