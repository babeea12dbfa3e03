"""Writing many rows at once without ``save()``, ``delete()`` or model signals: the one home
for raw row writes (imports, the mapping returns import, demo data).

A caller does itself whatever those would (checks a lock once, indexes once per batch); any
figure derived in the database (triggers) still follows. ``insert_rows`` is several times
faster than ``bulk_create`` for the many small rows that hang off a record; ``update_rows``
than ``bulk_update``, which builds a ``CASE WHEN pk = … THEN …`` expression per row and column
(on PostgreSQL it is one ``UPDATE … FROM (VALUES …)`` per chunk).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

BATCH_SIZE = 2000
MAX_PARAMETERS = 65_000  # PostgreSQL takes at most 65,535 in one statement

# Fields whose ``get_db_prep_save`` hands a value of this type to the driver unchanged, and
# whose ``pre_save`` is the attribute's value: for those, the conversion is skipped.
_UNCHANGED_TYPES: dict[type[models.Field], type] = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.EmailField: str,
    models.URLField: str,
    models.BooleanField: bool,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
}


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
    converters = [_converter(field, connection) for field in fields]
    params = []
    for row in rows:
        values = []
        for field, default, convert in zip(fields, defaults, converters, strict=True):
            value = row.get(field.attname, missing)
            if value is missing:
                value = field.get_default() if default is missing else default
            values.append(convert(value))
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


def insert_records(model: type[models.Model], records: Sequence[models.Model]) -> None:
    """Insert model instances as ``bulk_create`` does (each gets its id, ``auto_now`` fields
    their time), without signals. On PostgreSQL the ids come from the table's sequence in one
    query and the rows go in one COPY (``bulk_create`` sends them as arrays, whose every text
    psycopg escapes in Python); elsewhere it is ``bulk_create``."""
    if not records:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(records, batch_size=BATCH_SIZE)
        return
    prepare = _related_preparer(model)
    for record in records:  # first: a refusal inside the COPY would break the transaction
        prepare(record)
    opts = model._meta
    fields = [field for field in opts.concrete_fields if not field.generated]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    missing = [record for record in records if record.pk is None]
    for record, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
        record.pk = pk
    with connection.cursor() as cursor:
        read = _record_reader(fields, connection)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(read(record))
    for record in records:
        record._state.adding = False
        record._state.db = alias


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new ids for rows of ``model``, taken from its sequence now and never given
    again, so that the rows may be written later in the transaction and other rows point
    at them first. (SQLite: the table's ``AUTOINCREMENT`` counter, which the transaction's
    write lock keeps to itself until it ends.)"""
    if count <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is looked up once, in FROM: named in ``nextval``'s argument, it
            # was looked up again for every id (3 µs each; 1 µs so).
            cursor.execute(
                "SELECT nextval(s) FROM CAST(pg_get_serial_sequence(%s, %s) AS regclass) s, "
                "generate_series(1, %s)",
                [opts.db_table, opts.pk.column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"No id reservation on {connection.vendor}.")
        quote = connection.ops.quote_name
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [opts.db_table])
        counter = cursor.fetchone()
        cursor.execute(f"SELECT MAX({quote(opts.pk.column)}) FROM {quote(opts.db_table)}")
        last = max(counter[0] if counter else 0, cursor.fetchone()[0] or 0)
        if counter:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last + count, opts.db_table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                [opts.db_table, last + count],
            )
    return list(range(last + 1, last + count + 1))


def _related_preparer(model: type[models.Model]) -> Callable[[models.Model], None]:
    """Django's ``_prepare_related_fields_for_save`` for records of ``model``, looking at its
    relations only: Django's walks every concrete field of every record (a service has about
    sixty) for the few relations among them, a twentieth of a bulk insert's processor time.
    Each related object held is checked as Django does: its id copied in if the record has
    none, the cached object dropped if the ids differ; an unsaved one, and a model with a
    generic foreign key, are left to Django's own check (which raises for the unsaved)."""
    relations = [field for field in model._meta.concrete_fields if field.is_relation]
    if any(hasattr(field, "fk_field") for field in model._meta.private_fields):
        return lambda record: record._prepare_related_fields_for_save("insert_records")

    def prepare(record: models.Model) -> None:
        for field in relations:
            if not field.is_cached(record):
                continue
            related = field.get_cached_value(record)
            if not related:
                continue
            if not related._is_pk_set():
                record._prepare_related_fields_for_save(operation_name="insert_records")
            elif getattr(record, field.attname) in field.empty_values:
                setattr(record, field.name, related)
            if getattr(related, field.target_field.attname) != getattr(record, field.attname):
                field.delete_cached_value(record)

    return prepare


def _unchanged_type(field: models.Field) -> type | None:
    """The type of value ``field`` sends to the database as it is (None: convert every value)."""
    if isinstance(field, models.ForeignKey):
        if type(field).get_db_prep_save is not models.ForeignKey.get_db_prep_save:
            return None
        field = field.target_field
    return _UNCHANGED_TYPES.get(type(field))


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    """``field.get_db_prep_save``, skipped for a value already as the database takes it
    (about a fifth of a bulk insert's processor time went on converting strings to strings)."""
    kind = _unchanged_type(field)

    def convert(value: Any) -> Any:
        if value is None or type(value) is kind:
            return value
        return field.get_db_prep_save(value, connection)

    return convert


_READING_PRE_SAVE = {
    models.Field.pre_save,
    models.DateField.pre_save,
    models.DateTimeField.pre_save,
}


def pre_save_reads_only(field: models.Field, adding: bool) -> bool:
    """Whether ``field.pre_save`` of a record (being added, or not) only reads the attribute:
    none of the field's own, nor an ``auto_now`` (or, when adding, ``auto_now_add``) date."""
    return (
        type(field).pre_save in _READING_PRE_SAVE
        and not getattr(field, "auto_now", False)
        and not (adding and getattr(field, "auto_now_add", False))
    )


def _record_reader(fields: list[models.Field], connection) -> Callable[[models.Model], list[Any]]:
    """A record's values of ``fields`` for an INSERT: each ``pre_save`` then
    ``get_db_prep_save``, skipped where they would hand the attribute over as it is. The
    attributes are read together from the instance's own dictionary (every field of a
    record being added is there; a deferred one sends the record down the long way)."""
    take = operator.itemgetter(*[field.attname for field in fields])
    plain, steps = [], []
    for field in fields:
        if pre_save_reads_only(field, adding=True):
            kind = _unchanged_type(field)
            plain.append(frozenset({type(None), kind} if kind else {type(None)}))
            steps.append(
                lambda record, value, field=field: field.get_db_prep_save(value, connection)
            )
        else:
            plain.append(frozenset())
            steps.append(
                lambda record, value, field=field: field.get_db_prep_save(
                    field.pre_save(record, True), connection
                )
            )
    columns = list(zip(plain, steps, strict=True))

    def read(record: models.Model) -> list[Any]:
        try:
            values = take(record.__dict__)
        except KeyError:
            values = tuple(getattr(record, field.attname) for field in fields)
        if len(fields) == 1:
            values = (values,)
        return [
            value if type(value) in kept else step(record, value)
            for value, (kept, step) in zip(values, columns, strict=True)
        ]

    return read


def delete_rows(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by id with plain DELETEs: no ``delete()``, signals or cascades (for rows
    nothing points at, such as return lines)."""
    for start in range(0, len(ids), BATCH_SIZE):
        doomed = model.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
        doomed._raw_delete(doomed.db)


def update_rows(
    model: type[models.Model], records: Sequence[models.Model], fields: list[str]
) -> None:
    """Write ``fields`` (names) of ``records`` to their rows, as ``bulk_update`` does."""
    if not records or not fields:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(records, fields, batch_size=BATCH_SIZE // 2)
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
    size = max(1, min(BATCH_SIZE, MAX_PARAMETERS // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(records), size):
            chunk = records[start : start + size]
            params = [
                field.get_db_prep_save(getattr(record, field.attname), connection)
                for record in chunk
                for field in columns
            ]
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
