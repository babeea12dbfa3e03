"""A clustered record's revision content, as modelcluster's ``serializable_data`` gives it,
built from each model's field plan, worked out once; and never without its child records.

modelcluster's serialiser asks every field of the record and of each child through one call
chain per field (``pre_save``, a type test, ``value_to_string``), and searches the model's
relations for its child relations on every call: most of the cost of an import's revisions.
Here a field whose ``pre_save`` only reads it and that holds text, a number or nothing gives
its value as it is, which is what that chain returns for it. Everything else (dates and
times; ``auto_now`` fields; other types) still goes through modelcluster's own
``get_field_value``, and a child model that serialises itself in its own way does so.

Wagtail's ``RevisionMixin`` answers any ``AttributeError`` from the cluster (a child's time
still text, say) with the record's own fields alone: a revision without a single child
record, which, once published, leaves out every change to them. ``cluster_data`` lets the
error through instead, so the save that wanted the revision fails and keeps nothing.
"""

from __future__ import annotations

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

from .bulk_rows import pre_save_reads_only

#: Values ``get_field_value`` returns unchanged (of ``is_protected_type``'s: no dates).
AS_THEY_ARE = frozenset({type(None), int, bool, float, Decimal})
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
def child_relations(model: type[models.Model]) -> tuple[tuple[str, ...], tuple[models.Field, ...]]:
    """The accessors of the model's child relations and its child many-to-many fields."""
    children = tuple(rel.get_accessor_name() for rel in get_all_child_relations(model))
    return children, tuple(get_all_child_m2m_relations(model))


@functools.cache
def child_names(model: type[models.Model]) -> frozenset[str]:
    """Every child relation's name: the keywords ``ClusterableModel`` takes for them, and
    the keys of a revision's content that hold them."""
    children, m2m = child_relations(model)
    return frozenset([*children, *(field.name for field in m2m)])


def field_data(record: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of ``record`` as ``cluster_data`` holds them."""
    return _fields(record, _named_columns(type(record), names))


@functools.cache
def _named_columns(model: type[models.Model], names: tuple[str, ...]) -> tuple:
    """``_columns`` of the named fields alone: the same for every record of a batch."""
    return tuple(column for column in _columns(model) if column[0] in names)


def _fields(record: models.Model, columns=None) -> dict[str, Any]:
    """modelcluster's ``get_serializable_data_for_fields`` (of ``columns`` alone, if given)."""
    data = {}
    values = record.__dict__
    for name, field, key, plain in _columns(type(record)) if columns is None else columns:
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


def cluster_data(record: models.Model) -> dict[str, Any]:
    """modelcluster's ``serializable_data()`` of ``record``: its fields, its child records'
    and its child many-to-many ids."""
    data = _fields(record)
    children, m2m = child_relations(type(record))
    for accessor in children:
        data[accessor] = [_child(child) for child in held_children(record, accessor)]
    for field in m2m:
        if field.serialize:
            data[field.name] = [child.pk for child in getattr(record, field.name).all()]
    return data


def held_children(record: models.Model, accessor: str):
    """``getattr(record, accessor).all()``: the child records modelcluster holds for the
    relation in memory, in their order, read without making a relation manager to ask it
    (one per relation per record: 2% of a spreadsheet import); anything else, as asked."""
    held = record.__dict__.get("_cluster_related_objects")
    if held is not None and accessor in held:
        return held[accessor]
    return getattr(record, accessor).all()


def _child(record: models.Model) -> dict[str, Any]:
    serialiser = getattr(type(record), "serializable_data", None)
    if serialiser is None:
        return _fields(record)
    if serialiser is ClusterableModel.serializable_data:
        return cluster_data(record)
    return record.serializable_data()
