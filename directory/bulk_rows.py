"""Writing many rows at once without model instances or signals: for imports and demo data.

``insert_rows`` and ``delete_rows`` skip ``save()``, ``delete()`` and every model signal, so a
caller does itself whatever those would (checks a lock once, indexes once per batch); any
figure derived in the database (triggers) still follows. Several times faster than
``bulk_create`` for the many small rows that hang off a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

BATCH_SIZE = 2000


def _fields(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[models.Field]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in fields}
    unknown = set().union(*rows) - known
    if unknown:
        raise ValueError(f"{model.__name__} has no column(s) {', '.join(sorted(unknown))}")
    return fields


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as ``{attname: value}``, without model instances or signals.

    A column a row leaves out gets the field's default, as a new instance would (``auto_now``
    and ``auto_now_add`` fields: now). Values are converted by each field for the database in
    use; PostgreSQL takes the rows in one COPY, other databases in batched ``executemany``.
    Ids are not read back: use ``bulk_create`` where the caller needs them.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = _fields(model, rows)
    now = timezone.now()
    missing = object()
    defaults = [
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else missing
        for f in fields
    ]
    params = []
    for row in rows:
        values = []
        for field, default in zip(fields, defaults, strict=True):
            value = row.get(field.attname, missing)
            if value is missing:
                value = field.get_default() if default is missing else default
            values.append(field.get_db_prep_save(value, connection))
        params.append(values)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def delete_rows(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by id with plain DELETEs: no ``delete()``, signals or cascades (for rows
    nothing points at, such as return lines)."""
    for start in range(0, len(ids), BATCH_SIZE):
        doomed = model.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
        doomed._raw_delete(doomed.db)
