"""Index maintenance once per import batch instead of on every save.

Saving one imported service fires post_save twice (the row, then its revision), and each
save updates Wagtail's reference index, Wagtail's search index and the directory search
tables. Inside ``import_batch()`` those per-save updates are held back (per thread / task,
never process-wide) and done once for every record the batch saved, reading the rows as
they are in the database (a record just inserted from memory is read there: its row is the
same), exactly as the signal handlers would have: Wagtail's indexes here, the apps above
``directory`` (search) on the ``records_saved`` signal sent at the end. If the block raises,
nothing is indexed: the transaction it leaves is being rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from directory.models import Service
from directory.models.service import wagtail_search_deferred
from directory.signals import records_saved

from .search_entries import add_entries


@dataclass
class _Batch:
    """What the current batch saved, by model: every record's pk; of those, the ones whose
    reference index rows were written with them (``bulk``); and the records whose rows were
    inserted from them as they are (by pk)."""

    saved: defaultdict[type[models.Model], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    referenced: defaultdict[type[models.Model], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    inserted: defaultdict[type[models.Model], dict[int, models.Model]] = field(
        default_factory=lambda: defaultdict(dict)
    )


# The current batch; None outside one.
_batch: ContextVar[_Batch | None] = ContextVar("import_batch", default=None)


def in_import_batch() -> bool:
    """True inside ``import_batch()``: the records saved now are indexed when it ends."""
    return _batch.get() is not None


def note_saved(
    instance: models.Model, *, references_done: bool = False, inserted: bool = False
) -> None:
    """Remember a record saved inside a batch, to index it when the batch ends;
    ``references_done``: its reference index rows are already written; ``inserted``: its
    row was just inserted from ``instance`` as it is, so the search index reads the record
    from memory rather than reading the row back."""
    batch = _batch.get()
    if batch is None:
        return
    model = type(instance)
    batch.saved[model].add(instance.pk)
    if references_done:
        batch.referenced[model].add(instance.pk)
    if inserted:
        batch.inserted[model][instance.pk] = instance


@contextmanager
def import_batch() -> Iterator[None]:
    if _batch.get() is not None:  # nested: the outer batch indexes
        yield
        return
    batch = _Batch()
    tokens = (_batch.set(batch), wagtail_search_deferred.set(True))
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        wagtail_search_deferred.reset(tokens[1])
        _batch.reset(tokens[0])
    _update_indexes(batch)
    for model, pks in batch.saved.items():
        records_saved.send(sender=model, pks=frozenset(pks))


def _update_indexes(batch: _Batch) -> None:
    for model, pks in batch.saved.items():
        pending = pks - batch.referenced[model]
        for instance in model.objects.filter(pk__in=pending) if pending else ():
            ReferenceIndex.create_or_update_for_object(instance)
    service_ids = batch.saved.get(Service)
    if service_ids:
        # Wagtail's search indexes every service (``get_indexed_objects`` is all of them).
        inserted = batch.inserted[Service]
        services = [inserted[pk] for pk in service_ids if pk in inserted]
        others = service_ids - inserted.keys()
        if others:
            services += Service.get_indexed_objects().filter(pk__in=others)
        for backend in get_search_backends(with_auto_update=True):
            if not add_entries(backend, Service, services):
                backend.add_bulk(Service, services)
