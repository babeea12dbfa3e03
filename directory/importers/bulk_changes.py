"""Changed imported records written in batches: what ``saving.save_imported`` writes for a
changed record (``created=False``, not publishing), in a handful of queries per batch.

For each changed record, as the one-at-a-time path: a record that is not live has its row
and children saved (the children and terms it holds in memory replace those stored); a live
record keeps its row and children (the change is a draft revision). Either way it gets a
revision holding the record as saved, a ``wagtail.edit`` log entry, ``latest_revision`` and
``has_unpublished_changes``; a saved row's reference index rows are brought up to date, and
the batch's search indexing follows (``batch.note_saved``). Here that is: uniqueness checked
for the batch at once (against the database and within the batch), the changed columns of
the rows in one UPDATE per set of changed columns, children deleted, inserted and updated in
one query each per relation, and revisions, log entries and references as in ``bulk``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

from directory.bulk_rows import insert_records, update_rows

from .batch import note_saved
from .blank import new_record
from .bulk import BATCH_SIZE, matches_condition, per_item, unique_checks, unique_error
from .history import write_log, write_references, write_revisions

logger = logging.getLogger(__name__)


@dataclass
class Changed:
    key: Hashable
    instance: models.Model
    stored: dict[str, Any]  # the row as read from the database: attname -> value


def stored_values(record: models.Model) -> dict[str, Any]:
    """A record's column values (by attname), to compare a changed copy with."""
    return {field.attname: getattr(record, field.attname) for field in record._meta.concrete_fields}


def unchanged_links(instance: models.Model, stored: dict[str, Any]) -> list[str]:
    """The foreign keys still pointing where the stored row points: no query proves them."""
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.many_to_one
        and field.attname in stored
        and getattr(instance, field.attname) == stored[field.attname]
    ]


class ChangedRecordWriter:
    """Collects changed draft-state cluster records (e.g. services) and writes them in batches."""

    def __init__(self, model: type[models.Model], *, user=None) -> None:
        self.model = model
        self.user = user
        self.pending: list[Changed] = []

    def __len__(self) -> int:
        return len(self.pending)

    def add(self, instance: models.Model, key: Hashable, stored: dict[str, Any]) -> None:
        """Queue a validated changed record; ``stored``: its row as read (``stored_values``)."""
        self.pending.append(Changed(key, instance, stored))

    def flush(self) -> list[tuple[Hashable, Exception]]:
        """Write every queued record that clashes with nothing; return the ones that do.
        Should the database refuse the batch all the same, every record in it is returned
        with that error (the import is then rolled back, as it is for any failed row)."""
        pending, self.pending = self.pending, []
        failures = self._clashes(pending)
        failed = {id(item) for item, _ in failures}
        ready = [item for item in pending if id(item) not in failed]
        refused = [(item.key, error) for item, error in failures]
        if not ready:
            return refused
        try:
            with transaction.atomic():
                self._write(ready)
        except DatabaseError as error:
            logger.warning(
                "The batch of %d changed %s was refused: %s",
                len(ready),
                self.model._meta.verbose_name_plural,
                error,
            )
            refused += [(item.key, error) for item in ready]
        return refused

    # --- uniqueness, for the batch at once ------------------------------------------------

    def _clashes(self, pending: list[Changed]) -> list[tuple[Changed, ValidationError]]:
        """What ``validate_unique`` and ``validate_constraints`` would have said, per record,
        for the unique values a record changes: taken by another stored record (not one of
        the batch's earlier records, whose row has already moved off it), or claimed by an
        earlier record of the batch whose row takes it (a live record's row keeps its values:
        its change is a draft revision)."""
        model = self.model
        failures: list[tuple[Changed, ValidationError]] = []
        for _name, fields, condition, constraint in unique_checks(model):
            attnames = [model._meta.get_field(f).attname for f in fields]
            candidates = [
                item
                for item in pending
                if any(getattr(item.instance, a) != item.stored.get(a) for a in attnames)
                and (condition is None or matches_condition(item.instance, condition))
            ]
            if not candidates:
                continue
            values = [tuple(getattr(item.instance, a) for a in attnames) for item in candidates]
            owners = _owners(model, attnames, values, condition)
            earlier: set = set()
            claimed: set[tuple] = set()
            for item, value in zip(candidates, values, strict=True):
                others = owners.get(value, set()) - {item.instance.pk} - earlier
                if others or value in claimed:
                    failures.append((item, unique_error(model, item.instance, fields, constraint)))
                if not item.instance.live:  # a live record's row keeps its values
                    claimed.add(value)
                    earlier.add(item.instance.pk)
        return per_item(failures, pending)

    # --- writing --------------------------------------------------------------------------

    def _write(self, ready: list[Changed]) -> None:
        model = self.model
        now = timezone.now()
        records = [item.instance for item in ready]
        rows = [item for item in ready if not item.instance.live]
        if rows:
            saved = [item.instance for item in rows]
            prepare = getattr(model, "prepare_bulk_update", None)
            if prepare is not None:
                prepare(saved)
            for record in saved:
                for field in model._meta.concrete_fields:
                    if getattr(field, "auto_now", False):
                        setattr(record, field.attname, field.pre_save(record, False))
            self._write_children(saved)
            _read_back_relations(saved)
        revisions = write_revisions(model, records, user=self.user, now=now)
        for record, revision in zip(records, revisions, strict=True):
            record.latest_revision = revision
            record.has_unpublished_changes = True
        history = {"latest_revision", "has_unpublished_changes"}
        groups: dict[frozenset[str], list[models.Model]] = defaultdict(list)
        for item in ready:
            names = set(history)
            if not item.instance.live:
                names |= {
                    field.name
                    for field in model._meta.concrete_fields
                    if not field.primary_key
                    and getattr(item.instance, field.attname) != item.stored.get(field.attname)
                }
            groups[frozenset(names)].append(item.instance)
        for names, group in groups.items():
            update_rows(model, group, sorted(names))
        write_log(model, records, revisions, [("wagtail.edit", True)], user=self.user, now=now)
        # A live record's row is as it was: so are its references.
        write_references(model, [item.instance for item in rows], new=False)
        for record in records:
            note_saved(record, references_done=True)

    def _write_children(self, records: list[models.Model]) -> None:
        """What each child relation's ``commit()`` does on save, for all the records at once:
        stored children the record no longer holds are deleted, new ones inserted, changed
        ones updated; likewise the terms of each many-to-many relation."""
        for relation in get_all_child_relations(self.model):
            name = relation.get_accessor_name()
            holding = [r for r in records if name in getattr(r, "_cluster_related_objects", {})]
            if holding:
                _commit_children(relation, name, holding)
        for field in get_all_child_m2m_relations(self.model):
            holding = [
                r for r in records if field.name in getattr(r, "_cluster_related_objects", {})
            ]
            if holding:
                _commit_terms(field, holding)


def _commit_children(relation, name: str, records: list[models.Model]) -> None:
    child_model = relation.related_model
    parent = relation.field
    stored: dict[Any, dict[Any, models.Model]] = defaultdict(dict)
    for chunk in _chunks([r.pk for r in records], BATCH_SIZE):
        for child in child_model._default_manager.filter(**{f"{parent.attname}__in": chunk}):
            stored[getattr(child, parent.attname)][child.pk] = child
    columns = [f for f in child_model._meta.concrete_fields if not f.primary_key]
    gone, new, changed = [], [], []
    for record in records:
        held = record._cluster_related_objects[name]
        kept = {child.pk for child in held if child.pk is not None}
        gone += [pk for pk in stored[record.pk] if pk not in kept]
        for child in held:
            setattr(child, parent.name, record)
            before = stored[record.pk].get(child.pk) if child.pk is not None else None
            if before is None:
                new.append(child)
            elif any(getattr(child, f.attname) != getattr(before, f.attname) for f in columns):
                changed.append(child)
    for chunk in _chunks(gone, BATCH_SIZE):
        child_model._default_manager.filter(pk__in=chunk).delete()
    insert_records(child_model, new)
    update_rows(child_model, changed, [f.name for f in columns])


def _commit_terms(field, records: list[models.Model]) -> None:
    through = field.remote_field.through
    source = field.m2m_field_name() + "_id"
    target = field.m2m_reverse_field_name() + "_id"
    stored: dict[Any, set] = defaultdict(set)
    for chunk in _chunks([r.pk for r in records], BATCH_SIZE):
        for owner, term in through._default_manager.filter(**{f"{source}__in": chunk}).values_list(
            source, target
        ):
            stored[owner].add(term)
    gone = models.Q()
    links = []
    for record in records:
        wanted = {item.pk: None for item in record._cluster_related_objects[field.name]}
        removed = stored[record.pk] - set(wanted)
        if removed:
            gone |= models.Q(**{source: record.pk, f"{target}__in": removed})
        links += [
            new_record(through, **{source: record.pk, target: pk})
            for pk in wanted
            if pk not in stored[record.pk]
        ]
    if gone:
        through._default_manager.filter(gone).delete()
    insert_records(through, links)


def _read_back_relations(records: list[models.Model]) -> None:
    """Children and terms as the database now holds them, read in one query per relation,
    as saving one record reads them back for its revision (ordered as stored). The children
    are handed to each record as the ones it holds: Django's prefetch would build a filtered
    queryset per record and relation, which costs more than the query."""
    model = type(records[0])
    by_pk = {record.pk: record for record in records}
    for record in records:
        record._cluster_related_objects = {}
        record._prefetched_objects_cache = {}
    for relation in get_all_child_relations(model):
        parent = relation.field
        held: dict[Any, list[models.Model]] = {pk: [] for pk in by_pk}
        for chunk in _chunks(list(by_pk), BATCH_SIZE):
            manager = relation.related_model._default_manager
            for child in manager.filter(**{f"{parent.attname}__in": chunk}):
                held[getattr(child, parent.attname)].append(child)
        name = relation.get_accessor_name()
        for pk, children in held.items():
            for child in children:
                parent.set_cached_value(child, by_pk[pk])
            by_pk[pk]._cluster_related_objects[name] = children
    prefetch_related_objects(records, *[field.name for field in get_all_child_m2m_relations(model)])


def _owners(model, attnames: list[str], values: list[tuple], condition) -> dict[tuple, set]:
    """For each of ``values`` (tuples of ``attnames``) the table holds: the records holding it."""
    queryset = model._default_manager.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    wanted = set(values)
    found: dict[tuple, set] = defaultdict(set)
    for chunk in _chunks(sorted(wanted, key=str), 500):
        narrowed = queryset.filter(
            **{f"{a}__in": {value[i] for value in chunk} for i, a in enumerate(attnames)}
        )
        for pk, *value in narrowed.values_list("pk", *attnames):
            if tuple(value) in wanted:
                found[tuple(value)].add(pk)
    return found


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
