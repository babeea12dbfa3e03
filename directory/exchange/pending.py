"""The one preview-and-confirm mechanism of every import.

1. ``stage()`` keeps the uploaded files (in the database) after a dry run found them
   importable; each person has at most one unconfirmed upload of each kind.
2. ``pending_for()`` finds it again from its token, for the person who uploaded it only.
3. ``start()`` hands the confirmed upload to the task worker (``tasks.run_pending_import``):
   nothing slow runs inside a web request. The worker calls the runner registered for its
   kind (``register_runner``) through ``confirm()``, which runs the real import once, under a
   row lock, so a double click or a second tab cannot import the same rows twice; the files
   are deleted once it has committed. A runner that finds the records changed since the
   preview raises ``ImportStale``: nothing is saved and the upload is marked failed, with why.
4. ``outcome()`` tells the person's status page whether it is running, finished or refused.

Used by the spreadsheet import (``views.py``), the Open Referral UK feed import
(``oruk_views.py``) and the mapping returns import (``mapping.views.imports``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import PendingImport

logger = logging.getLogger(__name__)
UNEXPECTED = (
    "The import stopped because of a problem we did not expect, so nothing was imported. Ask "
    "your administrator, who can see the details in the log."
)

#: A runner imports a locked upload for real and returns the summary to keep.
Runner = Callable[[PendingImport], dict]
_RUNNERS: dict[str, Runner] = {}


class ImportStale(Exception):
    """The records changed since the preview; nothing was saved.

    ``errors`` are ``{"row", "column", "message"}`` dicts (row and column may be empty)."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s); nothing was imported")


def register_runner(*kinds: str) -> Callable[[Runner], Runner]:
    """Declare the function that imports uploads of ``kinds`` (each app registers its own)."""

    def register(runner: Runner) -> Runner:
        for kind in kinds:
            _RUNNERS[kind] = runner
        return runner

    return register


def runner_for(kind: str) -> Runner:
    return _RUNNERS[kind]


def stage(
    *,
    user,
    kind: str,
    files: dict[str, tuple[str, bytes]],
    local_authority=None,
    publish: bool = False,
    options: dict | None = None,
) -> PendingImport:
    """Keep ``files`` ({role: (file name, bytes)}) until the person confirms the import."""
    with transaction.atomic():
        PendingImport.objects.filter(user=user, kind=kind, completed_at__isnull=True).delete()
        pending = PendingImport.objects.create(
            user=user,
            kind=kind,
            local_authority=local_authority,
            file_name=" and ".join(name for name, _ in files.values())[:255],
            publish=publish,
            options=options or {},
        )
        for role, (name, content) in files.items():
            pending.files.create(role=role, name=name[:255], content=content)
    return pending


def file_of(pending: PendingImport, role: str) -> bytes | None:
    """The bytes of the file uploaded as ``role``; None if there was none."""
    found = pending.files.filter(role=role).values_list("content", flat=True).first()
    return None if found is None else bytes(found)


def pending_for(user, token, kinds) -> PendingImport:
    """The person's own upload of one of ``kinds``; anyone else's is a 404."""
    try:
        return PendingImport.objects.select_related("local_authority").get(
            token=uuid.UUID(str(token)), user=user, kind__in=list(kinds)
        )
    except (ValueError, PendingImport.DoesNotExist):  # not a token, or not theirs
        raise Http404 from None


def start(pending: PendingImport) -> None:
    """Queue the confirmed import for the task worker, once however often it is confirmed.

    With the immediate task backend (tests, or ``WAYMARK_TASKS_BACKEND=immediate``) it has run
    by the time this returns."""
    from .tasks import run_pending_import

    queued = PendingImport.objects.filter(
        pk=pending.pk, queued_at__isnull=True, completed_at__isnull=True
    ).update(queued_at=timezone.now())
    if queued:  # committed already (no ATOMIC_REQUESTS), so the worker finds it queued
        run_pending_import.enqueue(pending.pk)
    pending.refresh_from_db()


def run_queued(pending: PendingImport) -> None:
    """The worker's part: import with the kind's runner, or record why nothing was saved."""
    try:
        confirm(pending, runner_for(pending.kind))
    except ImportStale as stale:
        _failed(pending, {"errors": stale.errors})
    except Exception:
        # Rolled back, so nothing was saved; without a failure mark the status page would say
        # "running" for ever. The worker still records the task's own failure.
        logger.exception("Import %s failed unexpectedly", pending.pk)
        errors = [{"row": "", "column": "", "message": UNEXPECTED}]
        _failed(pending, {"errors": errors, "unexpected": True})
        raise


def _failed(pending: PendingImport, summary: dict) -> None:
    PendingImport.objects.filter(pk=pending.pk).update(failed_at=timezone.now(), summary=summary)


def outcome(pending: PendingImport) -> str:
    """ "done", "refused", "running" or "waiting" (not yet confirmed)."""
    if pending.completed_at:
        return "done"
    if pending.failed_at:
        return "refused"
    return "running" if pending.queued_at else "waiting"


def confirm(pending: PendingImport, run: Runner) -> None:
    """Run the import once: ``run`` imports and returns the summary to keep, or raises
    ``ImportStale`` having saved nothing (the transaction is rolled back).

    An import already completed by an earlier call is not run again.
    """
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if locked.completed_at is None:
            summary = run(locked)
            locked.summary = summary
            locked.completed_at = timezone.now()
            locked.save(update_fields=["summary", "completed_at"])
            locked.files.all().delete()
    pending.refresh_from_db()
