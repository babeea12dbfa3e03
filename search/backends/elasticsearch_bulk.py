"""Loading Elasticsearch in bulk: a whole new index (200,000 services), or what changed.

Documents are read in primary-key order, one chunk of services a query (keyset paging: memory
stays flat however many services there are, and no cursor stays open through a long load),
and built in the calling thread, so they come from its database connection and transaction.
They are sent with the client's ``parallel_bulk`` helper, a window of a few chunks at a time:
``threads`` bulk requests in flight while the next window waits to be read.

A rebuild creates a new index (no refresh while loading), then points the alias at it and
drops the old one, so searches never see a half-built index. Changes after that (a mapping
cycle's tier refresh, an import batch) are sent by ``reindex``: an index action for each
service still public, a delete for each that is not. Synonyms live in a synonyms set that the
search analyzer reads; ``put_synonyms`` replaces it and Elasticsearch reloads the analyzers.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from uuid import uuid4

from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.helpers import parallel_bulk
from tqdm import tqdm

from directory.models import Service

from ..models import SynonymGroup
from . import elasticsearch as es

logger = logging.getLogger(__name__)
#: Documents per bulk request.
CHUNK_SIZE = 500
#: Bulk requests in flight at once.
THREADS = 2
#: Seconds one bulk request may take (searches keep their own short timeout).
BULK_TIMEOUT = 120.0


# --- the actions ---------------------------------------------------------------------------


def index_action(index: str, service: Service) -> dict:
    return {
        "_op_type": "index",
        "_index": index,
        "_id": str(service.pk),
        "_source": es.to_document(service).to_dict(),
    }


def delete_action(index: str, service_id: int) -> dict:
    return {"_op_type": "delete", "_index": index, "_id": str(service_id)}


def public_chunks(chunk_size: int = CHUNK_SIZE) -> Iterator[list[Service]]:
    """Every public service, ``chunk_size`` a query, by primary key after the last one read."""
    last = 0
    while True:
        chunk = list(es.public_services().filter(pk__gt=last).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def index_actions(index: str, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """An index action into ``index`` for every public service (a rebuild)."""
    for chunk in public_chunks(chunk_size):
        for service in chunk:
            yield index_action(index, service)


def reindex_actions(service_ids: Iterable[int], chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """For services that changed, through the alias: index those the public may see, delete
    the others (unpublished, hidden, withheld; a delete of a missing document is harmless)."""
    ids = sorted(set(service_ids))
    target = es.alias()
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        public = es.public_services().in_bulk(chunk)
        for service_id in chunk:
            if service_id in public:
                yield index_action(target, public[service_id])
            else:
                yield delete_action(target, service_id)


# --- sending -------------------------------------------------------------------------------


def windows(actions: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """The actions in lists of at most ``size``, each read only when the last was sent."""
    iterator = iter(actions)
    while window := list(islice(iterator, size)):
        yield window


def bulk_load(
    client: Elasticsearch,
    actions: Iterable[dict],
    *,
    threads: int = THREADS,
    chunk_size: int = CHUNK_SIZE,
    ignore_status: tuple[int, ...] = (),
    sent: Callable[[int], object] | None = None,
) -> int:
    """Send ``actions`` with ``parallel_bulk``; the number that succeeded. A document
    Elasticsearch refuses raises ``elasticsearch.helpers.BulkIndexError``."""
    done = 0
    for window in windows(actions, chunk_size * threads * 2):
        results = parallel_bulk(
            client,
            window,
            thread_count=threads,
            chunk_size=chunk_size,
            queue_size=threads,
            ignore_status=ignore_status,
        )
        ok = sum(1 for success, _item in results if success)
        done += ok
        if sent is not None:
            sent(len(window))
    return done


# --- synonyms ------------------------------------------------------------------------------


def synonym_groups_now() -> list[list[str]]:
    """From the database, not the cache: a worker's cached copy may be a minute old."""
    return [group.term_list for group in SynonymGroup.objects.order_by("pk")]


def put_synonyms(client: Elasticsearch) -> int:
    """Replace the synonyms set with the staff's groups; Elasticsearch reloads the search
    analyzers of every index that reads it. Returns the number of rules."""
    rules = es.synonym_rules(synonym_groups_now())
    client.synonyms.put_synonym(id=es.synonyms_set_name(), synonyms_set=rules)
    return len(rules)


# --- rebuilding behind the alias, and reindexing what changed ------------------------------


@dataclass(frozen=True)
class Rebuilt:
    index: str
    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"Elasticsearch: {self.count:,} services loaded into {self.index} in "
            f"{self.seconds:.1f} s ({self.per_second:,.0f} services/s); "
            f"alias {es.alias()} now points to it."
        )


def new_index_name() -> str:
    """Unique even when two rebuilds start in the same second (or under a frozen clock)."""
    return f"{es.alias()}-{timezone.now():%Y%m%d%H%M%S}-{uuid4().hex[:8]}"


def bulk_client() -> Elasticsearch:
    return es.client().options(request_timeout=BULK_TIMEOUT)


def rebuild(
    *, threads: int = THREADS, chunk_size: int = CHUNK_SIZE, progress: bool = False
) -> Rebuilt:
    """Load every public service into a new index, then swap the alias to it.

    The first request has the search timeout, so a cluster that is not there fails at once
    (``es.UNAVAILABLE``) rather than after a bulk request's long one.
    """
    es.client().info()
    client = bulk_client()
    put_synonyms(client)
    name = new_index_name()
    es.build_index(name, loading=True).create(using=client)
    total = Service.objects.public().count()
    started = time.perf_counter()
    try:
        with tqdm(total=total, disable=not progress, desc="Elasticsearch", unit="service") as bar:
            count = bulk_load(
                client,
                index_actions(name, chunk_size),
                threads=threads,
                chunk_size=chunk_size,
                sent=bar.update,
            )
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=name)
    except BaseException:
        with contextlib.suppress(*es.UNAVAILABLE):  # leave no half-built index behind
            client.options(ignore_status=404).indices.delete(index=name)
        raise
    seconds = time.perf_counter() - started
    swap_alias(client, name)
    return Rebuilt(name, count, seconds)


def swap_alias(client: Elasticsearch, name: str) -> None:
    alias = es.alias()
    old = (
        list(client.indices.get_alias(name=alias, ignore_unavailable=True).keys())
        if client.indices.exists_alias(name=alias)
        else []
    )
    client.indices.update_aliases(
        actions=[{"remove": {"index": i, "alias": alias}} for i in old]
        + [{"add": {"index": name, "alias": alias}}]
    )
    for index in old:
        client.indices.delete(index=index)


def reindex(service_ids: Iterable[int]) -> int:
    """Bring these services' documents in line with the database; how many were written or
    deleted. Nothing is written before a rebuild has created the alias (writing through a
    missing alias would create an index with a guessed mapping)."""
    client = bulk_client()
    if not client.indices.exists_alias(name=es.alias()):
        logger.warning("No %s alias yet; run manage.py rebuild_search_index", es.alias())
        return 0
    return bulk_load(client, reindex_actions(service_ids), ignore_status=(404,))
