"""The content of an imported record's revision, as ``serializable_data()`` gives it, built
from each model's field plan, worked out once.

modelcluster's serialiser asks every field of the record and of each child through one call
chain per field (``pre_save``, a type test, ``value_to_string``), and searches the model's
relations for its child relations on every call: most of the cost of an import's revisions.
Here a field whose ``pre_save`` only reads it and that holds text, a number, a date or
nothing gives its value as it is, which is what that chain returns for it. Everything else
(date-times, made aware and in UTC; ``auto_now`` fields; other types) still goes through
modelcluster's own ``get_field_value``, and a model that serialises itself in its own way
is left to do so.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from django.db import models
from modelcluster.models import (
    ClusterableModel,
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_field_value,
)
from wagtail.models import RevisionMixin

from directory.bulk_rows import pre_save_reads_only

#: Values ``get_field_value`` returns unchanged (``is_protected_type``, less date-times).
AS_THEY_ARE = frozenset({type(None), int, bool, float, Decimal, dt.date, dt.time})
_OWN_SERIALISERS = {ClusterableModel.serializable_data, RevisionMixin.serializable_data}
_MISSING = object()


def _plain(field: models.Field) -> bool:
    """Whether a plain value of the field is serialised as it is: its ``pre_save`` only
    reads it (for any record, with its key or not) and its text form is ``str`` of it."""
    return (
        pre_save_reads_only(field, adding=True)
        and type(field).value_to_string is models.Field.value_to_string
    )


@functools.cache
def _columns(model: type[models.Model]) -> tuple[tuple[str, models.Field, bool, bool], ...]:
    """(name, field, is a key, is plain) of each column modelcluster serialises."""
    pk_field = model._meta.pk
    while pk_field.remote_field and pk_field.remote_field.parent_link:
        pk_field = pk_field.remote_field.model._meta.pk
    fields = [("pk", pk_field)] + [(f.name, f) for f in model._meta.fields if f.serialize]
    return tuple(
        (name, field, field.remote_field is not None, _plain(field)) for name, field in fields
    )


@functools.cache
def _relations(model: type[models.Model]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The accessors of the model's child relations and the names of its child
    many-to-many fields, as modelcluster serialises them."""
    children = tuple(rel.get_accessor_name() for rel in get_all_child_relations(model))
    m2m = tuple(f.name for f in get_all_child_m2m_relations(model) if f.serialize)
    return children, m2m


def _fields(record: models.Model) -> dict[str, Any]:
    """modelcluster's ``get_serializable_data_for_fields``."""
    data = {}
    values = record.__dict__
    for name, field, key, plain in _columns(type(record)):
        value = values.get(field.attname, _MISSING)
        if value is not _MISSING and (key or (plain and type(value) in AS_THEY_ARE)):
            data[name] = value
        elif key:
            data[name] = getattr(record, field.attname)
        elif plain and type(value) is str:
            data[name] = value
        else:
            data[name] = get_field_value(field, record)
    return data


def revision_content(record: models.Model) -> dict[str, Any]:
    """``record.serializable_data()``: what a revision of the record holds."""
    model = type(record)
    if model.serializable_data not in _OWN_SERIALISERS or not issubclass(model, ClusterableModel):
        return record.serializable_data()
    data = _fields(record)
    children, m2m = _relations(model)
    try:
        for accessor in children:
            data[accessor] = [_child(child) for child in getattr(record, accessor).all()]
        for name in m2m:
            data[name] = [child.pk for child in getattr(record, name).all()]
    except AttributeError:
        if model.serializable_data is not RevisionMixin.serializable_data:
            raise
        # As RevisionMixin does when the cluster cannot be serialised (a child's time
        # still text, say): the record's own fields alone.
        return _fields(record)
    return data


def _child(record: models.Model) -> dict[str, Any]:
    if hasattr(record, "serializable_data"):
        return revision_content(record)
    return _fields(record)
