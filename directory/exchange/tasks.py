"""The task that runs a confirmed import in the worker (``pending.start`` enqueues it)."""

from __future__ import annotations

from django_tasks import task

from .models import PendingImport
from .pending import run_queued


@task()
def run_pending_import(pending_id: int) -> None:
    pending = PendingImport.objects.filter(pk=pending_id).first()
    if pending is not None and pending.completed_at is None:  # gone or done: nothing to do
        run_queued(pending)
