"""``indexing.deferred()``: bulk writers index their services once, at the end of a block."""

from __future__ import annotations

import threading

import pytest

from search import indexing
from search.models import SearchDocument
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_saves_inside_the_block_are_indexed_when_it_ends(north_lincs):
    with indexing.deferred():
        services = [ServiceFactory(local_authority=north_lincs, live=True) for _ in range(3)]
        assert not SearchDocument.objects.exists()
    assert set(SearchDocument.objects.values_list("service_id", flat=True)) == {
        s.pk for s in services
    }


def test_an_exception_leaves_the_indexing_to_the_rollback(north_lincs):
    with pytest.raises(RuntimeError), indexing.deferred():
        ServiceFactory(local_authority=north_lincs, live=True)
        raise RuntimeError("boom")
    assert not SearchDocument.objects.exists()
    # And the deferral is over: the next save indexes at once.
    service = ServiceFactory(local_authority=north_lincs, live=True)
    assert SearchDocument.objects.filter(service=service).exists()


def test_deferring_in_one_thread_does_not_hold_back_another(north_lincs):
    seen: list[object] = []

    def other_thread() -> None:
        seen.append(indexing._pending.get())

    with indexing.deferred():
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert indexing._pending.get() is not None
    assert seen == [None]


def test_index_services_writes_and_removes_rows(north_lincs):
    live = ServiceFactory(local_authority=north_lincs, live=True, name="Otter walk")
    draft = ServiceFactory(local_authority=north_lincs, live=False)
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(service=draft, name="stale")
    indexing.index_services([live.pk, draft.pk])
    assert list(SearchDocument.objects.values_list("service_id", "name")) == [
        (live.pk, "Otter walk")
    ]
