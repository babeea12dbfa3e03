"""Rows written in bulk without model instances: defaults as a new instance would get them,
values converted by each field, unknown columns refused, deletes by id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from directory.bulk_rows import delete_rows, insert_rows
from directory.models import CostOption, Schedule
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_insert_rows_converts_values_and_fills_defaults():
    service = ServiceFactory()
    insert_rows(
        CostOption,
        [
            {"service_id": service.pk, "option": "Per session", "amount": Decimal("12.30")},
            {"service_id": service.pk, "option": "Per term"},
        ],
    )
    stored = list(
        CostOption.objects.filter(service=service)
        .order_by("option")
        .values_list("option", "amount", "amount_description", "sort_order")
    )
    assert stored == [
        ("Per session", Decimal("12.30"), "", None),
        ("Per term", None, "", None),
    ]


def test_insert_rows_refuses_unknown_columns_and_writes_nothing():
    service = ServiceFactory()
    with pytest.raises(ValueError, match="CostOption has no column"):
        insert_rows(CostOption, [{"service_id": service.pk, "option": "x", "colour": "red"}])
    assert not CostOption.objects.filter(service=service).exists()


def test_delete_rows_deletes_only_the_ids_given():
    service = ServiceFactory()
    times = {"opens_at": dt.time(9), "closes_at": dt.time(12)}
    insert_rows(Schedule, [{"service_id": service.pk, "weekday": d, **times} for d in range(5)])
    doomed = list(
        Schedule.objects.filter(service=service, weekday__lt=2).values_list("pk", flat=True)
    )
    delete_rows(Schedule, doomed)
    assert sorted(Schedule.objects.filter(service=service).values_list("weekday", flat=True)) == [
        2,
        3,
        4,
    ]
