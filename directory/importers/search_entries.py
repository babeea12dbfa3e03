"""Wagtail search index entries for a batch of imported records, in one short statement.

modelsearch's PostgreSQL index (``add_bulk``) builds three search-vector expressions per record
and compiles each one (about a millisecond a record: more than any other part of a bulk
import's writing). The entries are the same whatever the record: per search field,
``setweight(to_tsvector(config, text), weight)``, joined with ``||``, for the title, body and
autocomplete vectors, and the plain texts for fuzzy search. So here that SQL is written once
per batch, with each record's texts as plain values, and PostgreSQL works out the vectors.
A model whose search fields follow relations, or any other backend, is left to ``add_bulk``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk

BATCH_SIZE = 1000


def add_entries(backend, model: type[models.Model], records: Sequence[models.Model]) -> bool:
    """Index ``records`` in ``backend`` exactly as ``backend.add_bulk`` would; False, with
    nothing written, where this does not know how (the caller then calls ``add_bulk``)."""
    index = backend.get_index_for_model(model)
    search_fields = model.get_search_fields()
    if not isinstance(index, PostgresIndex) or any(
        isinstance(field, RelatedFields) for field in search_fields
    ):
        return False
    if not search_fields or not records:
        return True
    # (vector, weight, config, field) per text, in the order modelsearch joins them.
    parts = []
    for field in search_fields:
        if isinstance(field, SearchField):
            vector = "title" if field.field_name == "title" else "body"
            parts.append((vector, get_weight(field.boost), backend.config, field))
        elif isinstance(field, AutocompleteField):
            parts.append(("autocomplete", "D", backend.autocomplete_config, field))
    vectors, select_params = {}, []
    for vector in ("title", "autocomplete", "body"):
        sql = []
        for number, (name, weight, config, _field) in enumerate(parts):
            if name != vector:
                continue
            text = f"COALESCE(v.t{number}, '')"
            if config:
                sql.append(f"setweight(to_tsvector(%s::regconfig, {text}), '{weight}')")
                select_params.append(config)
            else:
                sql.append(f"setweight(to_tsvector({text}), '{weight}')")
        vectors[vector] = " || ".join(sql) or "to_tsvector('')"
    prepare = ObjectIndexer(records[0], backend).prepare_value
    rows = []
    for record in records:
        texts = [prepare(field.get_value(record)).strip() for *_, field in parts]
        title = [t for t, (name, *_) in zip(texts, parts, strict=True) if name == "title" and t]
        body = [t for t, (name, *_) in zip(texts, parts, strict=True) if name == "body" and t]
        rows.append([str(record.pk), " ".join(title), " ".join(body), *texts])
    columns = ", ".join(["id", "title_text", "body_text", *(f"t{n}" for n in range(len(parts)))])
    table = index.write_connection.ops.quote_name(IndexEntry._meta.db_table)
    with index.write_connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            chunk = rows[start : start + BATCH_SIZE]
            # One array per column, not a placeholder per value: the statement's text is
            # then the same for every batch, and the driver does not parse it for thousands
            # of placeholders (2% of a spreadsheet import's processor time).
            arrays = ", ".join(["%s::text[]"] * len(chunk[0]))
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                SELECT %s, v.id, {vectors["title"]}, {vectors["autocomplete"]},
                       {vectors["body"]}, 1.0, v.title_text, v.body_text
                FROM unnest({arrays}) AS v ({columns})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                [get_content_type_pk(model), *select_params, *map(list, zip(*chunk, strict=True))],
            )
    if any(name == "title" for name, *_ in parts):
        # As add_items ends. Without a title field the batch adds no title, so the average
        # title and every norm stay as they were; the refresh reads the whole index twice,
        # every batch, however large the directory has grown.
        index._refresh_title_norms()
    return True
