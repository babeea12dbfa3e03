"""A list of ids in order as one SQL row source, for a statement that joins, counts and pages it.

The whole list is ONE parameter however long it is: on PostgreSQL a text of digits and commas
(psycopg quotes a Python list element by element: 60 ms of Python for the 23,000 matches of
"nursery", in each statement that reads it), on SQLite a JSON array.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection


def positions(ids: Iterable[int], alias: str) -> tuple[str, list]:
    """A row source ``alias(id, rank)``: each id with its position, ranks rising in the
    list's order; and its one parameter."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        source = f"unnest(string_to_array(%s, ',')::bigint[]) WITH ORDINALITY AS {alias}(id, rank)"
        return source, [",".join(map(str, ids))]
    source = f"(SELECT value AS id, CAST(key AS INTEGER) AS rank FROM json_each(%s)) AS {alias}"
    return source, [json.dumps(ids)]
