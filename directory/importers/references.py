"""The references Wagtail's reference index records for a record, found from a plan of its
model's fields made once, not by testing every field of every record.

``ReferenceIndex._extract_references_from_object`` asks each of a model's fields (75 on a
service, and each child record's) what kind it is, on every record: 9% of a spreadsheet
import's processor time. Which fields can hold a reference depends only on the model, so the
plan keeps those fields and the per-record work reads their values alone. The references
found are the same, field for field (tests/directory/test_import_references.py compares
the two on records with every kind of child).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.contrib.contenttypes.models import ContentType
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import ReferenceIndex

from directory.serialisation import held_children

Reference = tuple[int, str, str, str]  # to content type, to object id, model path, content path
Plan = tuple[tuple[tuple[str, models.Field], ...], tuple[str, ...]]

FOREIGN_KEY, GENERIC, EXTRACTING = "fk", "generic", "extract"


@functools.cache
def _plan(model: type[models.Model]) -> Plan:
    """The fields that may hold a reference (each with its kind, in Wagtail's order) and the
    accessors of the child relations, decided as ``_extract_references_from_object`` decides
    them for each record."""
    fields = []
    for field in model._meta.get_fields():
        if field.is_relation and field.many_to_one:
            if getattr(field, "wagtail_reference_index_ignore", False) or getattr(
                field.related_model, "wagtail_reference_index_ignore", False
            ):
                continue
            if isinstance(field, (ParentalKey, GenericRel)):
                continue
            if isinstance(field, GenericForeignKey):
                fields.append((GENERIC, field))
                continue
            fields.append((FOREIGN_KEY, field))
        if hasattr(field, "extract_references"):
            fields.append((EXTRACTING, field))
    children = ()
    if issubclass(model, ClusterableModel):
        children = tuple(rel.get_accessor_name() for rel in get_all_child_relations(model))
    return tuple(fields), children


def references(record: models.Model) -> Iterator[Reference]:
    """What ``ReferenceIndex._extract_references_from_object(record)`` yields."""
    fields, children = _plan(type(record))
    for kind, field in fields:
        if kind == FOREIGN_KEY:
            value = field.value_from_object(record)
            if value is not None:
                yield _base_type_id(field.related_model), str(value), field.name, field.name
        elif kind == GENERIC:
            type_value = record._meta.get_field(field.ct_field).value_from_object(record)
            key_value = record._meta.get_field(field.fk_field).value_from_object(record)
            if type_value is not None and key_value is not None:
                model = ContentType.objects.get_for_id(type_value).model_class()
                yield _base_type_id(model), str(key_value), field.name, field.name
        else:
            value = field.value_from_object(record)
            if value is not None:
                for to_model, to_id, model_path, content_path in field.extract_references(value):
                    yield (
                        _base_type_id(to_model),
                        to_id,
                        f"{field.name}.{model_path}",
                        f"{field.name}.{content_path}",
                    )
    for accessor in children:
        for child in held_children(record, accessor):
            for to_type, to_id, model_path, content_path in references(child):
                yield (
                    to_type,
                    to_id,
                    f"{accessor}.item.{model_path}",
                    f"{accessor}.{child.pk}.{content_path}",
                )


def _base_type_id(model: type[models.Model]) -> int:
    # Not kept in the plan: content type ids belong to a database (ContentType's own cache
    # is cleared with it).
    return ReferenceIndex._get_base_content_type(model).id
