"""New imported records written in batches: the rows, their children, revisions, log entries
and reference index rows in a handful of INSERTs per batch instead of a dozen queries per row.

An import validates each new record as it reads it (``full_clean`` without the uniqueness
checks, which would cost a query per row) and hands it to a ``NewRecordWriter``. ``flush()``
then checks uniqueness for the whole batch at once (against the database and within the
batch), gives auto-generated slugs their final ``-2``, ``-3`` suffixes, and writes everything
that the one-at-a-time path (``saving.save_imported``) would have written, in the same shape:
a draft (or, when publishing, a live record whose live revision is its only revision), one
revision holding the record as it was first saved, a ``wagtail.create`` log entry (and
``wagtail.publish``), reference index rows, and the batch's search indexing
(``batch.note_saved``). Records that clash come back as failures, keyed as the caller gave
them; nothing of theirs is written.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Revision
from wagtail.signals import published

from directory.bulk_rows import insert_records, reserve_ids
from directory.serialisation import field_data
from directory.slugs import free_slugs

from .batch import note_saved
from .blank import new_record
from .history import write_log, write_references, write_revisions
from .saving import save_imported

BATCH_SIZE = 1000
# The fields a write sets for a new record's history (a draft's; a published record's): its
# revision holds them as they were before, as ``save_revision`` and ``publish`` leave them.
DRAFT_HISTORY = ("latest_revision", "has_unpublished_changes")
PUBLISHED_HISTORY = (
    *DRAFT_HISTORY,
    "live",
    "expired",
    "first_published_at",
    "last_published_at",
    "live_revision",
)
logger = logging.getLogger(__name__)


@dataclass
class Pending:
    key: Hashable
    instance: models.Model
    auto_slug: bool


class NewRecordWriter:
    """Collects new draft-state cluster records (e.g. services) and writes them in batches."""

    def __init__(self, model: type[models.Model], *, user=None, publish: bool = False) -> None:
        self.model = model
        self.user = user
        self.publish = publish
        self.pending: list[Pending] = []

    def __len__(self) -> int:
        return len(self.pending)

    def add(self, instance: models.Model, key: Hashable, *, auto_slug: bool = False) -> None:
        """Queue a validated new record; ``auto_slug``: its slug is the name's, to be made
        unique at flush (``-2``, ``-3``…) as ``unique_slug`` would have."""
        self.pending.append(Pending(key, instance, auto_slug))

    def flush(self) -> list[tuple[Hashable, Exception]]:
        """Write every queued record that clashes with nothing; return the ones that do.

        Should the database still refuse the batch (a clash this module does not foresee),
        the batch is written again one record at a time, each in its own savepoint, so the
        failures name their records exactly as the one-at-a-time path would.
        """
        pending, self.pending = self.pending, []
        if not pending:
            return []
        failures: list[tuple[Hashable, Exception]] = [
            (item.key, error) for item, error in self._clashes(pending)
        ]
        failed = {key for key, _ in failures}
        ready = [item for item in pending if item.key not in failed]
        if not ready:
            return failures
        self._assign_slugs(ready)
        try:
            with transaction.atomic():
                self._write([item.instance for item in ready])
        except DatabaseError as error:
            logger.warning(
                "The batch of %d new %s was refused (%s); writing them one at a time.",
                len(ready),
                self.model._meta.verbose_name_plural,
                error,
            )
            for item in ready:
                _forget_keys(item.instance)
                try:
                    with transaction.atomic():
                        save_imported(
                            item.instance, created=True, user=self.user, publish=self.publish
                        )
                except (DatabaseError, ValidationError) as error:
                    failures.append((item.key, error))
        return failures

    # --- uniqueness, for the batch at once ------------------------------------------------

    def _clashes(self, pending: list[Pending]) -> list[tuple[Pending, ValidationError]]:
        """What ``validate_unique`` and ``validate_constraints`` would have said, per record:
        against the database and against records earlier in the batch."""
        model = self.model
        failures: list[tuple[Pending, ValidationError]] = []
        checks = unique_checks(model)
        for name, fields, condition, constraint in checks:
            candidates = [
                item
                for item in pending
                if not (name == "slug" and item.auto_slug)
                and (condition is None or matches_condition(item.instance, condition))
            ]
            if not candidates:
                continue
            attnames = [model._meta.get_field(f).attname for f in fields]
            values = [tuple(getattr(item.instance, a) for a in attnames) for item in candidates]
            taken = _existing(model, attnames, values, condition)
            for item, value in zip(candidates, values, strict=True):
                if value in taken:
                    failures.append((item, unique_error(model, item.instance, fields, constraint)))
                taken.add(value)
        return per_item(failures, pending)

    def _assign_slugs(self, ready: list[Pending]) -> None:
        auto = [item for item in ready if item.auto_slug]
        if not auto:
            return
        explicit = {item.instance.slug for item in ready if not item.auto_slug}
        bases = [item.instance.slug for item in auto]
        free = free_slugs(self.model.objects, bases, reserved=explicit)
        for item in auto:
            item.instance.slug = free[item.instance.slug].pop(0)

    # --- writing --------------------------------------------------------------------------

    def _write(self, records: list[models.Model]) -> None:
        """Write the records already pointing at the revisions that hold them (ids taken
        first): pointing them there afterwards was an UPDATE of every new row, which wrote
        each one twice over, with all of its indexes."""
        model = self.model
        now = timezone.now()
        names = PUBLISHED_HISTORY if self.publish else DRAFT_HISTORY
        held_as = []
        for record in records:
            record.live = False  # as first saved; publishing below sets the rest
            held_as.append(field_data(record, names))  # as its revision holds it
        revision_ids = reserve_ids(Revision, len(records))
        for record, revision_id in zip(records, revision_ids, strict=True):
            record.latest_revision_id = revision_id
            if self.publish:
                record.live = True
                record.has_unpublished_changes = False
                record.expired = False
                record.first_published_at = record.last_published_at = now
                record.live_revision_id = revision_id
            else:
                record.has_unpublished_changes = True
        insert_records(model, records)
        _hold_relations(model, records)
        self._write_children(records)
        revisions = write_revisions(
            model, records, user=self.user, now=now, ids=revision_ids, held_as=held_as
        )
        for record, revision in zip(records, revisions, strict=True):
            record.latest_revision = revision
            if self.publish:
                record.live_revision = revision
        actions = [("wagtail.create", False)]
        if self.publish:
            actions.append(("wagtail.publish", True))
        write_log(model, records, revisions, actions, user=self.user, now=now)
        write_references(model, records, new=True)
        for record in records:
            note_saved(record, references_done=True, inserted=True)
        if self.publish:
            for record, revision in zip(records, revisions, strict=True):
                published.send(sender=model, instance=record, revision=revision)

    def _write_children(self, records: list[models.Model]) -> None:
        children: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        links: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        relations = get_all_child_relations(self.model)
        m2m_fields = get_all_child_m2m_relations(self.model)
        for record in records:
            cluster = getattr(record, "_cluster_related_objects", {})
            for relation in relations:
                for child in cluster.get(relation.get_accessor_name(), ()):
                    setattr(child, relation.field.name, record)
                    children[relation.related_model].append(child)
            for field in m2m_fields:
                through = field.remote_field.through
                source = field.m2m_field_name() + "_id"
                target = field.m2m_reverse_field_name() + "_id"
                # Each term once, as the database keeps it (and the revision then reads it).
                items = list({item.pk: item for item in cluster.get(field.name, ())}.values())
                if field.name in cluster:
                    cluster[field.name] = items
                links[through] += [
                    new_record(through, **{source: record.pk, target: item.pk}) for item in items
                ]
        for child_model, items in children.items():
            insert_records(child_model, items)
            for item in items:
                _as_read_back(item)
        for through, items in links.items():
            insert_records(through, items)


def _hold_relations(model: type[models.Model], records: list[models.Model]) -> None:
    """A new record has no children but those in memory: say so for every child relation,
    so the revision and the reference index read them from memory, not with a query each."""
    names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    names += [field.name for field in get_all_child_m2m_relations(model)]
    for record in records:
        if not hasattr(record, "_cluster_related_objects"):
            record._cluster_related_objects = {}
        cluster = record._cluster_related_objects
        for name in names:
            cluster.setdefault(name, [])


def _as_read_back(record: models.Model) -> None:
    """Give a saved child the values it would have if read back from the database (a time
    given as ``"09:00"`` becomes a ``time``; ``2.5`` in a two-place decimal column ``2.50``),
    so its revision holds what the one-at-a-time path's revision held."""
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if value is None or field.is_relation:
            continue
        value = field.to_python(value)
        if isinstance(field, models.DecimalField):
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        setattr(record, field.attname, value)


def _forget_keys(record: models.Model) -> None:
    """Undo what a rolled-back bulk insert left on a record and its children in memory: the
    ids, and the history fields back at their defaults, as on any new record."""
    for obj in [record, *_children_of(record)]:
        obj.pk = None
        obj._state.adding = True
    for name in PUBLISHED_HISTORY:
        field = record._meta.get_field(name)
        if field.is_relation and field.is_cached(record):
            field.delete_cached_value(record)
        setattr(record, field.attname, field.get_default())


def _children_of(record: models.Model) -> list[models.Model]:
    cluster = getattr(record, "_cluster_related_objects", {})
    return [
        child
        for relation in get_all_child_relations(type(record))
        for child in cluster.get(relation.get_accessor_name(), ())
    ]


def matches_condition(instance: models.Model, condition: models.Q) -> bool:
    """A constraint's condition, for the simple ``~Q(field="")`` / ``Q(field=value)`` kinds."""
    result = True
    for child in condition.children:
        if isinstance(child, models.Q):
            result = result and matches_condition(instance, child)
        else:
            lookup, value = child
            name = lookup.split("__")[0]
            result = result and getattr(instance, name) == value
    return not result if condition.negated else result


def _existing(model, attnames: list[str], values: list[tuple], condition) -> set[tuple]:
    """Which of ``values`` (tuples of ``attnames``) the table already holds."""
    queryset = model.objects.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    wanted = set(values)
    found: set[tuple] = set()
    ordered = sorted(wanted, key=str)
    for chunk in _chunks(ordered, 500):
        narrowed = queryset.filter(
            **{f"{a}__in": {value[i] for value in chunk} for i, a in enumerate(attnames)}
        )
        found |= {tuple(row) for row in narrowed.values_list(*attnames)} & wanted
    return found


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unique_error(model, instance, fields: list[str], constraint) -> ValidationError:
    """Django's own message: a conditional constraint's applies to the whole record."""
    if constraint is not None and constraint.condition is not None:
        message = constraint.get_violation_error_message()
        return ValidationError({NON_FIELD_ERRORS: [ValidationError(message)]})
    key = fields[0] if len(fields) == 1 else NON_FIELD_ERRORS
    return ValidationError({key: [instance.unique_error_message(model, fields)]})


def per_item(
    failures: list[tuple[Any, ValidationError]], items: list
) -> list[tuple[Any, ValidationError]]:
    """One error per item holding all its messages, as ``full_clean`` raises them together,
    in the order of ``items``."""
    merged: dict[int, dict] = {}
    for item, error in failures:
        error.update_error_dict(merged.setdefault(id(item), {}))
    return [(item, ValidationError(merged[id(item)])) for item in items if id(item) in merged]


def unique_checks(
    model: type[models.Model],
) -> list[tuple[str, list[str], models.Q | None, models.UniqueConstraint | None]]:
    """The uniqueness ``validate_unique`` and ``validate_constraints`` check: (name, fields,
    condition, constraint) for each unique field (but the UUID) and unique constraint."""
    checks: list[tuple[str, list[str], models.Q | None, models.UniqueConstraint | None]] = []
    for field in model._meta.local_fields:
        if field.unique and not field.primary_key and field.name not in ("uuid",):
            checks.append((field.name, [field.name], None, None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            fields = list(constraint.fields)
            checks.append((constraint.name, fields, constraint.condition, constraint))
    return checks
