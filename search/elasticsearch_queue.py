"""What Elasticsearch must be told once the transaction commits, gathered into few tasks.

Services changed in bulk (a mapping cycle's tier and hide-date refresh, an import batch: the
``records_saved`` signal) and synonym edits are noted here; when the transaction commits they
are enqueued as background tasks (``search.tasks``), service ids in chunks of ``TASK_SIZE``.
A rolled-back transaction sends nothing. Publishing cycle after cycle or refreshing one tier at
a time inside one transaction still makes one set of tasks: the notes join the transaction's
one pending callback.

That callback is registered once per transaction with ``transaction.on_commit`` and found again
through a weak reference kept per connection. Django holds the only strong reference, in its
list of commit callbacks, and drops it when the transaction, or the savepoint the callback was
registered in, rolls back (CPython frees it at once): the weak reference is then dead and the
next note registers a new callback, so no note joins work that was undone. A callback that has
run is not joined either. Notes made in a savepoint nested inside the callback's own and rolled
back stay: those services are reindexed as they are, which is harmless.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from django.db import transaction

from .health import elasticsearch_enabled

#: Service ids per reindex task.
TASK_SIZE = 5000


class Pending:
    """The changes of one transaction, enqueued when it commits."""

    def __init__(self) -> None:
        self.service_ids: set[int] = set()
        self.synonyms = False
        self.sent = False
        # Django names a robust callback that failed by its __qualname__, which an instance
        # lacks: without it the failure's log line raises AttributeError out of the commit.
        self.__qualname__ = type(self).__qualname__

    def __call__(self) -> None:
        from .tasks import reindex_elasticsearch, update_elasticsearch_synonyms

        self.sent = True
        if self.synonyms:
            update_elasticsearch_synonyms.enqueue()
        ids = sorted(self.service_ids)
        for start in range(0, len(ids), TASK_SIZE):
            reindex_elasticsearch.enqueue(ids[start : start + TASK_SIZE])


#: Per connection, a weak reference to its transaction's registered ``Pending``.
_registered: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _note(change: Callable[[Pending], None]) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: already committed
        pending = Pending()
        change(pending)
        pending()
        return
    ref = _registered.get(connection)
    pending = ref() if ref is not None else None
    if pending is None or pending.sent:
        pending = Pending()
        transaction.on_commit(pending, robust=True)
        _registered[connection] = weakref.ref(pending)
    change(pending)


def reindex_after_commit(service_ids: Iterable[int]) -> None:
    """Reindex these services in Elasticsearch (if configured) after the commit."""
    ids = set(service_ids)
    if ids and elasticsearch_enabled():
        _note(lambda pending: pending.service_ids.update(ids))


def synonyms_after_commit() -> None:
    """Send the synonym groups to Elasticsearch (if configured) after the commit."""
    if elasticsearch_enabled():
        _note(lambda pending: setattr(pending, "synonyms", True))
