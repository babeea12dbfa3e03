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

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from directory.models import Service
from directory.models.service import wagtail_search_deferred
from directory.signals import records_saved

from .search_entries import add_entries

# The records saved in the current batch, by model; None outside a batch.
_saved: ContextVar[dict[type[models.Model], set[int]] | None] = ContextVar(
    "import_batch_saved", default=None
)
# Of those, the ones whose reference index rows were written with them (``bulk``).
_referenced: ContextVar[dict[type[models.Model], set[int]] | None] = ContextVar(
    "import_batch_referenced", default=None
)
# Of those, the records whose rows were inserted from them as they are (by pk).
_inserted: ContextVar[dict[type[models.Model], dict[int, models.Model]] | None] = ContextVar(
    "import_batch_inserted", default=None
)


def in_import_batch() -> bool:
    """True inside ``import_batch()``: the records saved now are indexed when it ends."""
    return _saved.get() is not None


def note_saved(
    instance: models.Model, *, references_done: bool = False, inserted: bool = False
) -> None:
    """Remember a record saved inside a batch, to index it when the batch ends;
    ``references_done``: its reference index rows are already written; ``inserted``: its
    row was just inserted from ``instance`` as it is, so the search index reads the record
    from memory rather than reading the row back."""
    saved = _saved.get()
    if saved is not None:
        saved.setdefault(type(instance), set()).add(instance.pk)
        referenced = _referenced.get()
        if references_done and referenced is not None:
            referenced.setdefault(type(instance), set()).add(instance.pk)
        held = _inserted.get()
        if inserted and held is not None:
            held.setdefault(type(instance), {})[instance.pk] = instance


@contextmanager
def import_batch() -> Iterator[None]:
    if _saved.get() is not None:  # nested: the outer batch indexes
        yield
        return
    saved: dict[type[models.Model], set[int]] = {}
    referenced: dict[type[models.Model], set[int]] = {}
    inserted: dict[type[models.Model], dict[int, models.Model]] = {}
    tokens = (
        _saved.set(saved),
        wagtail_search_deferred.set(True),
        _referenced.set(referenced),
        _inserted.set(inserted),
    )
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _inserted.reset(tokens[3])
        _referenced.reset(tokens[2])
        wagtail_search_deferred.reset(tokens[1])
        _saved.reset(tokens[0])
    _update_indexes(saved, referenced, inserted.get(Service, {}))
    for model, pks in saved.items():
        records_saved.send(sender=model, pks=frozenset(pks))


def _update_indexes(
    saved: dict[type[models.Model], set[int]],
    referenced: dict[type[models.Model], set[int]],
    inserted_services: dict[int, Service],
) -> None:
    for model, pks in saved.items():
        pending = pks - referenced.get(model, set())
        for instance in model.objects.filter(pk__in=pending) if pending else ():
            ReferenceIndex.create_or_update_for_object(instance)
    service_ids = saved.get(Service)
    if service_ids:
        # Wagtail's search indexes every service (``get_indexed_objects`` is all of them).
        services = [inserted_services[pk] for pk in service_ids if pk in inserted_services]
        others = service_ids - inserted_services.keys()
        if others:
            services += Service.get_indexed_objects().filter(pk__in=others)
        for backend in get_search_backends(with_auto_update=True):
            if not add_entries(backend, Service, services):
                backend.add_bulk(Service, services)
