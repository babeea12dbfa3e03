"""A blank record made for an import is the record ``Model()`` makes."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_init

from directory.importers.blank import blank_record
from directory.models import Location, Organisation, Service


def fields(record) -> dict:
    return {key: value for key, value in vars(record).items() if key != "_state"}


@pytest.mark.parametrize("model", [Service, Organisation, Location])
def test_every_field_holds_the_default_model_gives_and_each_record_its_own_uuid(model):
    made, blank, other = model(), blank_record(model), blank_record(model)

    assert fields(blank).keys() == fields(made).keys()
    assert {k: v for k, v in fields(blank).items() if k != "uuid"} == {
        k: v for k, v in fields(made).items() if k != "uuid"
    }
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
