"""The one preview-and-confirm mechanism of every import.

1. ``stage()`` keeps the uploaded files (in the database) after a dry run found them
   importable; each person has at most one unconfirmed upload of each kind.
2. ``pending_for()`` finds it again from its token, for the person who uploaded it only.
3. ``confirm()`` runs the real import once, under a row lock, so a double click or a second
   tab cannot import the same rows twice; the files are deleted once it has committed.

Used by the spreadsheet import (``views.py``), the Open Referral UK feed import
(``oruk_views.py``) and the mapping returns import (``mapping.views.imports``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import PendingImport


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


def confirm(pending: PendingImport, run: Callable[[PendingImport], dict | None]) -> bool:
    """Run the import once. ``run`` imports and returns the summary to keep, or None when it
    saved nothing (the records changed since the preview: the upload stays pending).

    True when the import is complete, by this call or an earlier one (then ``run`` is not
    called again).
    """
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if locked.completed_at is None:
            summary = run(locked)
            if summary is None:
                return False
            locked.summary = summary
            locked.completed_at = timezone.now()
            locked.save(update_fields=["summary", "completed_at"])
            locked.files.all().delete()
    pending.refresh_from_db()
    return True
