"""The mapping returns import writes in bulk (no save() or signals per line): what it writes
must be what the one-at-a-time path wrote, all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ReferenceIndex

from directory.bulk_rows import insert_rows
from directory.models import Service
from mapping.models import (
    InvestmentLine,
    MappingReturn,
    ReturnChange,
    Section,
    SectionAssignment,
    SectionStatus,
)
from mapping.services import importer
from mapping.services.importer import BATCH_SIZE, ImportRefused, import_returns
from search import indexing
from search.models import SearchDocument, SearchEntry
from tests.mapping import test_import
from tests.mapping.test_import import CARERS, HUB, INV_HEADER, INV_OK, row_counts

northshire = test_import.northshire  # the fixture: one LA with the hub service


def investment(rows: list[str]) -> bytes:
    return ("\n".join([INV_HEADER, *rows]) + "\n").encode()


def test_new_returns_get_sections_and_one_change_record_each(northshire):
    user = get_user_model().objects.create_user("importer", password="x")
    import_returns(investment(INV_OK), None, user=user, investment_name="investment.csv")
    hub = MappingReturn.objects.get(service__la_reference="NS-001")
    sections = SectionAssignment.objects.filter(mapping_return=hub)
    assert sorted(sections.values_list("section", flat=True)) == sorted(Section.values)
    assert {(s.status, s.delegate_id, s.updated_at is not None) for s in sections} == {
        (SectionStatus.NOT_STARTED, None, True)
    }
    change = ReturnChange.objects.get(mapping_return=hub)
    assert (change.action, change.user, change.section, change.comment) == (
        "imported",
        user,
        "",
        "",
    )
    assert change.at is not None
    assert change.changes == {
        "investment_lines": [None, 2],
        "investment_total": [None, "1484567.89"],
    }


def test_equal_lines_keep_their_ids_and_a_changed_one_is_replaced(northshire):
    import_returns(investment(INV_OK), None)
    before = dict(InvestmentLine.objects.values_list("amount", "pk"))
    changes = ReturnChange.objects.count()

    import_returns(investment(INV_OK), None)
    assert dict(InvestmentLine.objects.values_list("amount", "pk")) == before
    assert ReturnChange.objects.count() == changes

    edited = [INV_OK[0], INV_OK[1].replace("250000", "250001"), INV_OK[2]]
    import_returns(investment(edited), None)
    after = dict(InvestmentLine.objects.values_list("amount", "pk"))
    assert after[Decimal("1234567.89")] == before[Decimal("1234567.89")]
    assert after[Decimal("0.10")] == before[Decimal("0.10")]
    assert Decimal("250000.00") not in after
    assert after[Decimal("250001.00")] not in before.values()
    latest = ReturnChange.objects.latest("pk")
    assert latest.mapping_return.service.la_reference == "NS-001"
    assert latest.changes == {
        "investment_lines": [None, 2],
        "investment_total": [None, "1484568.89"],
    }
    assert ReturnChange.objects.count() == changes + 1


def test_a_failure_after_the_bulk_writes_leaves_nothing_behind(northshire, monkeypatch):
    counts = row_counts()

    def lines_then_fail(model, rows):
        if model is ReturnChange:  # the last write, after sections and lines
            raise RuntimeError("disk full")
        insert_rows(model, rows)

    monkeypatch.setattr(importer, "insert_rows", lines_then_fail)
    with pytest.raises(RuntimeError):
        import_returns(investment(INV_OK), None)
    assert row_counts() == counts


def test_a_bad_row_after_several_batches_refuses_the_whole_file(northshire):
    amounts = [f"{HUB},staffing,revenue,LA,budget,{n}.00" for n in range(1, BATCH_SIZE + 2)]
    rows = [*amounts, f"{CARERS},contracts,revenue,PCT,budget,-5"]
    counts = row_counts()
    with pytest.raises(ImportRefused) as refused:
        import_returns(investment(rows), None, investment_name="big.csv")
    assert refused.value.errors == [
        f"big.csv line {len(rows) + 1}: '-5' is not an amount in pounds (for example 1,234.50; "
        "up to two decimals, no minus sign)."
    ]
    assert row_counts() == counts

    import_returns(investment(amounts), None)
    assert InvestmentLine.objects.count() == BATCH_SIZE + 1


def search_and_references(service) -> tuple:
    """What the per-save handlers keep for a service: its search rows and reference rows."""
    return (
        list(SearchDocument.objects.filter(service=service).values("name", "summary")),
        list(
            SearchEntry.objects.filter(service=service).values(
                "local_authority", "listed", "name", "updated_at", "tier"
            )
        ),
        sorted(
            ReferenceIndex.objects.filter(object_id=str(service.pk)).values_list(
                "content_type", "to_content_type", "to_object_id", "model_path"
            )
        ),
    )


def test_services_the_import_creates_are_indexed_as_a_save_would(northshire):
    import_returns(investment(INV_OK), None)
    created = Service.objects.get(la_reference="NS-002")
    after_import = search_and_references(created)
    assert after_import[0] == [{"name": "Young Carers Project", "summary": ""}]
    assert after_import[2], "a new service refers to its local authority"

    indexing.index_service(created.pk)
    ReferenceIndex.create_or_update_for_object(created)
    assert search_and_references(created) == after_import
