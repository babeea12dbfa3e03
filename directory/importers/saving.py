"""Saving imported records the Wagtail way: with a revision, as a draft unless publishing.

Shared by the spreadsheet import and the ORUK feed import so neither bypasses the
public visibility rules: a new record is a draft (``live=False``) until published, and a
change to a live record is a draft revision, leaving the published version as it was,
unless the import publishes.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Revision

from .batch import note_saved


def save_imported(
    instance, *, created: bool, user=None, publish: bool = False, clean: bool = True
) -> None:
    """Save ``instance`` as described above; ``clean=False`` when the caller has just run
    ``full_clean()`` on it (the revision would otherwise validate it a second time)."""
    if not isinstance(instance, DraftStateMixin):
        instance.save()
        note_saved(instance)
        return
    if created or not instance.live:
        if created:
            instance.live = False
        instance.save()
    revision = instance.save_revision(user=user, log_action=not created, clean=clean)
    if created:
        log(instance, "wagtail.create", user=user, revision=revision)
    note_saved(instance)
    if publish:
        revision.publish(user=user)


def latest_version(instance):
    """The record as last edited: its latest draft revision if one is pending."""
    if (
        isinstance(instance, DraftStateMixin)
        and instance.has_unpublished_changes
        and instance.latest_revision_id
    ):
        return instance.get_latest_revision_as_object()
    return instance


def latest_versions(records: list) -> list:
    """``latest_version`` for many records of one model at once: their latest revisions read
    in one query, and the records the revisions link to checked (and their terms loaded) in
    one query per linked model rather than several per record. A revision that links to a
    record no longer there is read the one-at-a-time way, which knows what to drop."""
    drafts = [
        record
        for record in records
        if isinstance(record, DraftStateMixin)
        and record.has_unpublished_changes
        and record.latest_revision_id
    ]
    if not drafts:
        return list(records)
    model = type(drafts[0])
    revisions = Revision.objects.in_bulk([record.latest_revision_id for record in drafts])
    contents = {record.pk: revisions[record.latest_revision_id].content for record in drafts}
    links = _RevisionLinks(model, contents.values())
    versions = {}
    for record in drafts:
        content = contents[record.pk]
        if not links.all_present(content):
            versions[record.pk] = record.get_latest_revision_as_object()
            continue
        revision = revisions[record.latest_revision_id]
        record.latest_revision = revision  # read by with_content_json: no query for it
        # with_content_json (with every mixin's part: live, locks...) as the one-at-a-time
        # path runs it, building the version from links checked above.
        record.from_serializable_data = links.build
        try:
            version = record.with_content_json(content)
        finally:
            del record.from_serializable_data
        _share_loaded_links(record, version)
        # Its id is all that is read of it from here on; the revision's content would only
        # be copied with the version (import-export copies each row's record).
        type(version).latest_revision.field.delete_cached_value(version)
        versions[record.pk] = version
    return [versions.get(record.pk, record) for record in records]


class _RevisionLinks:
    """The foreign keys and many-to-many terms that revisions of one model hold."""

    def __init__(self, model: type[models.Model], contents) -> None:
        self.model = model
        self.relations = [
            (relation.get_accessor_name(), relation.related_model)
            for relation in get_all_child_relations(model)
        ]
        self.m2m = [
            field
            for field in model._meta.get_fields()
            if field.many_to_many and not field.auto_created and field.concrete
        ]
        wanted: dict[models.Field, set] = defaultdict(set)
        terms: dict[str, set] = defaultdict(set)
        for content in contents:
            for field, value in self._links(content):
                wanted[field].add(value)
            for field in self.m2m:
                terms[field.name].update(content.get(field.name) or ())
        self.present: dict[models.Field, set] = {}
        # The records children link to (a service's locations), to hand them over as read.
        self.linked: dict[models.Field, dict] = {}
        children_links = {
            field
            for _, related_model in self.relations
            for field in related_model._meta.concrete_fields
            if field.many_to_one and field.related_model is not model
        }
        for field, values in wanted.items():
            target = field.remote_field.field_name
            found = field.related_model._default_manager.filter(**{f"{target}__in": values})
            if field in children_links:
                self.linked[field] = {getattr(obj, target): obj for obj in found}
                self.present[field] = set(self.linked[field])
            else:
                self.present[field] = set(found.values_list(target, flat=True))
        self.terms = {
            field.name: list(field.related_model._default_manager.filter(pk__in=terms[field.name]))
            for field in self.m2m
            if terms[field.name]
        }

    def _links(self, content: dict):
        yield from _foreign_keys(self.model, content)
        for name, related_model in self.relations:
            for child in content.get(name) or ():
                yield from _foreign_keys(related_model, child)

    def all_present(self, content: dict) -> bool:
        return all(value in self.present[field] for field, value in self._links(content))

    def build(self, data: dict, **kwargs) -> models.Model:
        """``from_serializable_data`` for revision content whose links are all present: no
        query per link, and the terms (as ``filter(pk__in=...)`` returns them, in their own
        order) from those loaded for the batch."""
        names = {field.name for field in self.m2m}
        plain = {key: value for key, value in data.items() if key not in names}
        version = self.model.from_serializable_data(plain, check_fks=False)
        for field in self.m2m:
            if field.name in data:
                wanted = set(data[field.name] or ())
                terms = self.terms.get(field.name, ())
                setattr(version, field.name, [term for term in terms if term.pk in wanted])
        cluster = getattr(version, "_cluster_related_objects", {})
        for name, _ in self.relations:
            for child in cluster.get(name, ()):
                for field, objects in self.linked.items():
                    if field.model is type(child) and getattr(child, field.attname) in objects:
                        field.set_cached_value(child, objects[getattr(child, field.attname)])
        return version


def _foreign_keys(model: type[models.Model], data: dict):
    """(field, value) for each foreign key ``data`` sets, as ``from_serializable_data`` checks."""
    for name, value in data.items():
        if value is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and field.many_to_one:
            target = field.related_model._meta.get_field(field.remote_field.field_name)
            yield field, target.to_python(value)


def _share_loaded_links(record: models.Model, version: models.Model) -> None:
    """Give the version the linked records the record was read with, where they agree."""
    for field in record._meta.concrete_fields:
        if (
            field.many_to_one
            and field.is_cached(record)
            and getattr(version, field.attname) == getattr(record, field.attname)
        ):
            field.set_cached_value(version, field.get_cached_value(record))
