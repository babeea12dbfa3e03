"""Wagtail's history of imported records written a batch at a time: revisions, log entries
and reference index rows in one INSERT each (and one SELECT for the references already
there), holding what ``save_revision``, ``log`` and ``ReferenceIndex.create_or_update_for_object``
write for one record at a time."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision

from directory.bulk_rows import insert_records, insert_rows

from .blank import new_record
from .references import references

BATCH_SIZE = 1000


def write_revisions(
    model: type[models.Model],
    records: list[models.Model],
    *,
    user,
    now: dt.datetime,
    ids: list[int] | None = None,
    held_as: list[dict] | None = None,
) -> list[Revision]:
    """One revision per record, holding the record as it is in memory now; ``ids``: the
    revisions' ids (``reserve_ids``); ``held_as``: per record, fields whose values the
    revision holds instead of the record's own (as they were before it pointed at them)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = model.get_base_content_type()
    revisions = []
    for n, record in enumerate(records):
        content = record.serializable_data()
        if held_as is not None:
            content.update(held_as[n])
        revision = new_record(
            Revision,
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(record.pk),
            user=user,
            approved_go_live_at=None,
            content=content,
            object_str=str(record),
            created_at=now,
        )
        if ids is not None:
            revision.pk = ids[n]
        revisions.append(revision)
    insert_records(Revision, revisions)
    return revisions


def write_log(
    model: type[models.Model],
    records: list[models.Model],
    revisions: list[Revision],
    actions: list[tuple[str, bool]],
    *,
    user,
    now: dt.datetime,
) -> None:
    """For each record, a log entry per ``(action, content_changed)``, tied to its revision."""
    log_model = log_registry.get_log_model_for_model(model)
    if log_model is None:
        return
    context = get_active_log_context()
    user = user or context.user
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = []
    for record, revision in zip(records, revisions, strict=True):
        title = log_model.objects.get_instance_title(record)
        for action, changed in actions:
            entries.append(
                new_record(
                    log_model,
                    content_type=content_type,
                    label=title,
                    action=action,
                    timestamp=now,
                    data={},
                    user=user,
                    uuid=context.uuid,
                    revision=revision,
                    content_changed=changed,
                    object_id=str(record.pk),
                )
            )
    insert_records(log_model, entries)


def write_references(model: type[models.Model], records: list[models.Model], *, new: bool) -> None:
    """Bring the reference index rows of ``records`` (as they are in memory, which must be
    as they are in the database) up to date: add the missing, delete the gone; ``new``:
    the records have none yet."""
    if not records or not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = model.get_base_content_type()
    known_types = {content_type.pk} | {
        ContentType.objects.get_for_model(parent, for_concrete_model=False).pk
        for parent in model._meta.get_parent_list()
    }
    existing: dict[str, dict[tuple, tuple[int, int]]] = defaultdict(dict)
    if not new:
        ids = [record.pk for record in records]
        for start in range(0, len(ids), BATCH_SIZE):
            rows = ReferenceIndex.objects.filter(
                base_content_type=base_content_type, object_id__in=ids[start : start + BATCH_SIZE]
            ).values_list(
                "id",
                "object_id",
                "content_type_id",
                "to_content_type",
                "to_object_id",
                "model_path",
                "content_path",
            )
            for pk, object_id, type_id, *reference in rows:
                existing[str(object_id)][tuple(reference)] = (type_id, pk)
    rows, gone = [], []
    # The batch's references share a few paths, each hashed (uuid5) once.
    path_hash = functools.cache(ReferenceIndex._get_content_path_hash)
    for record in records:
        found = set(references(record))
        held = existing.get(str(record.pk), {})
        for to_type, to_id, model_path, content_path in found - set(held):
            rows.append(
                {
                    "content_type_id": content_type.pk,
                    "base_content_type_id": base_content_type.pk,
                    "object_id": str(record.pk),
                    "to_content_type_id": to_type,
                    "to_object_id": to_id,
                    "model_path": model_path,
                    "content_path": content_path,
                    "content_path_hash": path_hash(content_path),
                }
            )
        # Rows under another content type belong to a more specific model: kept, as Wagtail does.
        gone += [
            pk
            for reference, (type_id, pk) in held.items()
            if reference not in found and type_id in known_types
        ]
    if new:  # rows, not instances: a new record's references are most of what is written
        insert_rows(ReferenceIndex, rows)
    else:
        ReferenceIndex.objects.bulk_create(
            [ReferenceIndex(**row) for row in rows], batch_size=BATCH_SIZE, ignore_conflicts=True
        )
    for start in range(0, len(gone), BATCH_SIZE):
        ReferenceIndex.objects.filter(id__in=gone[start : start + BATCH_SIZE]).delete()
