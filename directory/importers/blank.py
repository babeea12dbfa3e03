"""New model instances (``Model()``, ``Model(**values)``), made without Django's field-by-field
constructor.

An import starts each new row from a blank record, and ``Model()`` asks each of a service's
seventy-odd fields for its default and sets it through ``setattr``, sending ``pre_init`` and
``post_init`` as it goes: about 4% of a spreadsheet import of new rows. Each imported row
also makes six or eight more records (opening times, costs, links, its revision and log
entries), each through the same constructor: 10-15 µs each, against 4-9 µs here.

The defaults that are values (not callables) are the same for every record, so they are
worked out once per model and copied; callable defaults (``uuid4``, ``dict``…) are called
for each record, as Django does. A model with ``pre_init`` or ``post_init`` receivers is
made by Django's constructor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=models.Model)


def blank_record(model: type[M]) -> M:
    """What ``model()`` returns: every field at its default, nothing saved."""
    return model() if _has_init_receivers(model) else _blank(model)


def new_record(model: type[M], **values: Any) -> M:
    """What ``model(**values)`` returns, for values given by field name (a related record
    through its descriptor, as the constructor does) or attribute name (``service_id``)."""
    if _has_init_receivers(model):  # they see the values given, so the constructor sets them
        return model(**values)
    record = _blank(model)
    for name, value in values.items():
        setattr(record, name, value)
    return record


def _blank(model: type[M]) -> M:
    """``blank_record`` for a model without init receivers."""
    values, fresh = _defaults(model)
    record = model.__new__(model)
    record._state = ModelState()
    record.__dict__.update(values)
    for attname, default in fresh:
        record.__dict__[attname] = default()
    return record


def _has_init_receivers(model: type[models.Model]) -> bool:
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


@functools.cache
def _defaults(
    model: type[models.Model],
) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """The defaults the same for every record (by attribute), and the callables whose
    value each record gets afresh."""
    values, fresh = {}, []
    for field in model._meta.concrete_fields:
        if field.column is None or field.generated:
            continue
        if field.has_default() and callable(field.default):
            fresh.append((field.attname, field.get_default))
        else:
            values[field.attname] = field.get_default()
    return values, tuple(fresh)
