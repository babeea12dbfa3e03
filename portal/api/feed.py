"""The whole feed in one answer, for copies kept in step: ``format=ndjson`` and ``minimal``.

HSDS 3.0: ``format=ndjson`` "should stream all the results without pagination", one item a
line; ``minimal`` returns just each service's ``id`` and ``modified_date`` ("aim to return
all services within one call"). Both are streamed ``CHUNK`` records at a time, so the
memory an answer takes does not grow with the directory: without filters the records come
from one query in primary-key order, read through a server-side cursor; with filters only
the matching ids are held, and their records are read a chunk at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse

from .serializers import timestamp

#: Records read per query while streaming.
CHUNK = 500
NDJSON = "application/x-ndjson; charset=utf-8"


def by_key(qs: QuerySet, size: int | None = None) -> Iterator[list[Model]]:
    """Every record of ``qs`` in primary-key order, ``size`` at a time, from ONE query read
    through a server-side cursor on PostgreSQL (the rows are fetched as they are written
    out; prefetches run per chunk), so the statement is planned and its filters evaluated
    once, not once per chunk."""
    size = size or CHUNK
    chunk: list[Model] = []
    for record in qs.order_by("pk").iterator(chunk_size=size):
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def by_ids(qs: QuerySet, ids: Iterable[int], size: int | None = None) -> Iterator[list[Model]]:
    """The records of ``qs`` with these ids, in the ids' order, ``size`` at a time."""
    size = size or CHUNK
    wanted: list[int] = []
    for pk in ids:
        wanted.append(pk)
        if len(wanted) == size:
            yield _in_order(qs, wanted)
            wanted = []
    if wanted:
        yield _in_order(qs, wanted)


def _in_order(qs: QuerySet, ids: list[int]) -> list[Model]:
    found = qs.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _lines(chunks: Iterable[list[Model]], item: Callable[[Any], dict]) -> Iterator[bytes]:
    for chunk in chunks:
        yield "".join(_encode(item(record)) + "\n" for record in chunk).encode()


def ndjson(chunks: Iterable[list[Model]], item: Callable[[Any], dict]) -> StreamingHttpResponse:
    """One JSON object a line, streamed as the chunks are read."""
    return StreamingHttpResponse(_lines(chunks, item), content_type=NDJSON)


def minimal_item(service) -> dict[str, str]:
    return {"id": str(service.uuid), "modified_date": timestamp(service.updated_at)}


def _minimal_page(chunks: Iterable[list[Model]], total: int) -> Iterator[bytes]:
    head = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    yield (json.dumps(head)[:-1] + ', "contents": [').encode()
    first = True
    for chunk in chunks:
        parts = [json.dumps(minimal_item(service)) for service in chunk]
        if parts:
            yield ((", " if not first else "") + ", ".join(parts)).encode()
            first = False
    yield b"]}"


def minimal_page(chunks: Iterable[list[Model]], total: int) -> StreamingHttpResponse:
    """Every matching service as ``{"id", "modified_date"}`` on one page of the usual
    envelope (``total_items`` is counted first; the items follow as they are read)."""
    return StreamingHttpResponse(_minimal_page(chunks, total), content_type="application/json")
