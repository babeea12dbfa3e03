"""Many rows' columns updated in one statement.

Django's ``bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression per row and column,
which costs more Python time than the import's every other step for a batch of hundreds of
rows. On PostgreSQL the same update is one ``UPDATE … FROM (VALUES …)``; elsewhere it is
``bulk_update``.
"""

from __future__ import annotations

from django.db import connections, models, router

BATCH_SIZE = 1000


def update_rows(model: type[models.Model], records: list[models.Model], fields: list[str]) -> None:
    """Write ``fields`` (names) of ``records`` to their rows, as ``bulk_update`` does."""
    if not records or not fields:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(records, fields, batch_size=BATCH_SIZE)
        return
    opts = model._meta
    pk = opts.pk
    columns = [pk] + [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    casts = ", ".join(f"CAST(%s AS {_cast_type(field, connection)})" for field in columns)
    names = ", ".join(quote(field.column) for field in columns)
    assignments = ", ".join(
        f"{quote(field.column)} = v.{quote(field.column)}" for field in columns[1:]
    )
    with connection.cursor() as cursor:
        for start in range(0, len(records), BATCH_SIZE):
            chunk = records[start : start + BATCH_SIZE]
            params = []
            for record in chunk:
                for field in columns:
                    value = getattr(record, field.attname)
                    params.append(field.get_db_prep_save(value, connection))
            values = ", ".join([f"({casts})"] * len(chunk))
            cursor.execute(
                f"UPDATE {quote(opts.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {values}) AS v ({names}) "
                f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


def _cast_type(field: models.Field, connection) -> str:
    # Text as text: an explicit cast to varchar(n) would cut a long value, not refuse it.
    if isinstance(field, models.CharField | models.TextField):
        return "text"
    return field.db_type(connection)
