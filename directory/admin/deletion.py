"""What stops a record being deleted, said in words before anyone presses "Delete".

Wagtail's delete screens count references from its reference index, which does not know about
``on_delete=PROTECT`` links from other apps (a service's mapping returns, an organisation's
services), so the screen said "referenced 0 times" and the delete then failed with a
``ProtectedError``. Django's own deletion collector finds every protecting and restricting row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import router
from django.db.models import Model
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

SHOWN = 5


def blocking_records(objects: Iterable[Model]) -> list[Model]:
    """The rows that would make deleting ``objects`` fail (empty when deleting is possible)."""
    objects = list(objects)
    if not objects:
        return []
    collector = Collector(using=router.db_for_write(type(objects[0])))
    try:
        collector.collect(objects)
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []


def refusal_message(subject: str, blockers: list[Model]) -> str:
    """``"<subject>" cannot be deleted: 2 mapping returns refer to it (...). ...``"""
    kinds: dict[str, list[str]] = {}
    for blocker in blockers:
        kinds.setdefault(str(blocker._meta.verbose_name_plural), []).append(str(blocker))
    parts = []
    for kind, names in kinds.items():
        listed = "; ".join(names[:SHOWN]) + (
            f"; and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        )
        parts.append(f"{len(names)} {kind} ({listed})")
    return (
        f"“{subject}” cannot be deleted because {' and '.join(parts)} refer to it. "
        "Remove or move those first, or unpublish it instead."
    )
