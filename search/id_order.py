"""A list of ids in order as one SQL row source, for a statement that joins, counts and pages it.

The whole list is ONE parameter however long it is: on PostgreSQL a text of digits and commas
(psycopg quotes a Python list element by element: 60 ms of Python for the 23,000 matches of
"nursery", in each statement that reads it), on SQLite a JSON array. Each further column of
integers the rows carry is one more such parameter on PostgreSQL, and on SQLite the array
holds each row's values as an array of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection


def positions(ids: Iterable[int], alias: str, **columns: Sequence[int]) -> tuple[str, list]:
    """A row source ``alias(id, rank)``: each id with its position, ranks rising in the
    list's order; and its parameters. Each of ``columns`` (a value for each id, in the same
    order) is a column of its own, named by its keyword, between ``id`` and ``rank``."""
    ids = list(ids)
    names = ["id", *columns]
    if connection.vendor == "postgresql":
        arrays = ", ".join("string_to_array(%s, ',')::bigint[]" for _ in names)
        source = f"unnest({arrays}) WITH ORDINALITY AS {alias}({', '.join(names)}, rank)"
        return source, [",".join(map(str, values)) for values in (ids, *columns.values())]
    if not columns:
        source = f"(SELECT value AS id, CAST(key AS INTEGER) AS rank FROM json_each(%s)) AS {alias}"
        return source, [json.dumps(ids)]
    values = ", ".join(f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(names))
    source = f"(SELECT {values}, CAST(key AS INTEGER) AS rank FROM json_each(%s)) AS {alias}"
    return source, [json.dumps(list(zip(ids, *columns.values(), strict=True)))]
