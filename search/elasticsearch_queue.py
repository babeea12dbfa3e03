"""What Elasticsearch must be told once the transaction commits, gathered into few tasks.

Services changed in bulk (a mapping cycle's tier and hide-date refresh, an import batch: the
``records_saved`` signal) and synonym edits are noted here; when the transaction commits they
are enqueued as background tasks (``search.tasks``), service ids in chunks of ``TASK_SIZE``.
A rolled-back transaction sends nothing. Publishing cycle after cycle or refreshing one tier at
a time inside one transaction still makes one set of tasks: the notes join the transaction's
one pending callback.
"""

from __future__ import annotations

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

    def __call__(self) -> None:
        from .tasks import reindex_elasticsearch, update_elasticsearch_synonyms

        if self.synonyms:
            update_elasticsearch_synonyms.enqueue()
        ids = sorted(self.service_ids)
        for start in range(0, len(ids), TASK_SIZE):
            reindex_elasticsearch.enqueue(ids[start : start + TASK_SIZE])


def _note(change: Callable[[Pending], None]) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: already committed
        pending = Pending()
        change(pending)
        pending()
        return
    # Django keeps (savepoint ids, callback, robust) per on_commit; a savepoint rolled back
    # drops its callbacks, so a note is never attached to work that was undone.
    pending = next((c for _s, c, _r in connection.run_on_commit if isinstance(c, Pending)), None)
    if pending is None:
        pending = Pending()
        transaction.on_commit(pending, robust=True)
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
