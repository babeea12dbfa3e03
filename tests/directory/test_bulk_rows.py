"""Rows written in bulk without model instances: defaults as a new instance would get them,
values converted by each field, unknown columns refused, deletes by id, updates of the named
columns only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from directory.bulk_rows import (
    delete_rows,
    insert_records,
    insert_rows,
    reserve_ids,
    update_rows,
)
from directory.models import CostOption, Schedule, Service
from tests.factories import LocalAuthorityFactory, ServiceFactory

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


def test_insert_records_takes_the_id_of_a_related_record_saved_after_it_was_assigned():
    la = LocalAuthorityFactory()
    service = Service(local_authority=la, name="Held", slug="held")
    option = CostOption(service=service, option="Per session")  # service has no id yet
    insert_records(Service, [service])
    insert_records(CostOption, [option])
    assert CostOption.objects.get(pk=option.pk).service_id == service.pk


def test_insert_records_refuses_a_record_whose_related_record_is_unsaved():
    option = CostOption(service=Service(name="Never saved"), option="Per session")
    with pytest.raises(ValueError, match="unsaved related object 'service'"):
        insert_records(CostOption, [option])
    assert not CostOption.objects.exists()


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


def test_update_rows_writes_only_the_named_columns_of_each_record():
    service = ServiceFactory()
    insert_rows(
        CostOption,
        [{"service_id": service.pk, "option": f"Option {n}", "amount": n} for n in range(3)],
    )
    options = list(CostOption.objects.filter(service=service).order_by("option"))
    for n, option in enumerate(options):
        option.amount = Decimal(n) + Decimal("0.5")
        option.amount_description = "not written"
    # A long text is written whole, not cut to the column's length by a cast.
    options[0].option = "x" * 120
    update_rows(CostOption, options, ["option", "amount"])
    stored = list(
        CostOption.objects.filter(service=service)
        .order_by("pk")
        .values_list("option", "amount", "amount_description")
    )
    assert stored == [
        ("x" * 120, Decimal("0.50"), ""),
        ("Option 1", Decimal("1.50"), ""),
        ("Option 2", Decimal("2.50"), ""),
    ]


def test_reserved_ids_are_never_given_again():
    """Ids reserved for rows written later in the transaction go to no row written meanwhile,
    and the rows can then be written with them."""
    service = ServiceFactory()
    first = CostOption.objects.create(service=service, option="Per session")
    reserved = reserve_ids(CostOption, 3)
    assert len(set(reserved)) == 3 and min(reserved) > first.pk
    meanwhile = CostOption.objects.create(service=service, option="Per term")
    assert meanwhile.pk > max(reserved)
    later = [CostOption(pk=pk, service=service, option="Later") for pk in reserved]
    insert_records(CostOption, later)
    written = CostOption.objects.filter(option="Later").values_list("pk", flat=True)
    assert set(written) == set(reserved)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's AUTOINCREMENT counter")
def test_reserving_ids_where_sqlite_keeps_no_counter_yet_starts_after_the_last_row():
    service = ServiceFactory()
    last = CostOption.objects.create(service=service, option="Per session")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'directory_costoption'")
    assert reserve_ids(CostOption, 2) == [last.pk + 1, last.pk + 2]
    assert CostOption.objects.create(service=service, option="Per term").pk == last.pk + 3
