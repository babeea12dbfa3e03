"""Background work for Elasticsearch, enqueued after a commit (``search.elasticsearch_queue``).

A failure is logged and marks search "degraded" (``/healthz``), as a failed search does; the
database tables are already right, and ``manage.py rebuild_search_index`` repairs the index.
"""

from __future__ import annotations

import logging

from django_tasks import task

from .health import record_failure

logger = logging.getLogger(__name__)


def _failures():
    from elasticsearch.helpers import BulkIndexError

    from .backends import elasticsearch as es

    return (*es.UNAVAILABLE, BulkIndexError)


@task()
def reindex_elasticsearch(service_ids: list[int]) -> int:
    """Index these services if the public may see them, else delete their documents."""
    from .backends import elasticsearch_bulk

    try:
        return elasticsearch_bulk.reindex(service_ids)
    except _failures() as error:
        logger.warning("Elasticsearch reindex of %d services failed: %s", len(service_ids), error)
        record_failure(f"reindex: {type(error).__name__}: {error}")
        return 0


@task()
def update_elasticsearch_synonyms() -> int:
    """Replace the synonyms set the search analyzer reads; the number of rules sent."""
    from .backends import elasticsearch_bulk

    try:
        return elasticsearch_bulk.put_synonyms(elasticsearch_bulk.bulk_client())
    except _failures() as error:
        logger.warning("Elasticsearch synonyms update failed: %s", error)
        record_failure(f"synonyms: {type(error).__name__}: {error}")
        return 0
