"""Rebuild the search indexes from the published services.

The database backend's tables are rebuilt in one transaction. With ELASTICSEARCH_URL set, a
new Elasticsearch index is bulk-loaded (streamed, several bulk requests at once) and the alias
swapped to it, so searches never see a half-built index. Each part ends with its throughput.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.health import elasticsearch_enabled


class Command(BaseCommand):
    help = "Rebuild the database search tables and, if configured, the Elasticsearch index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-elasticsearch", action="store_true", help="Only the database tables."
        )
        parser.add_argument(
            "--skip-database",
            action="store_true",
            help="Only the Elasticsearch index (the database tables follow every edit anyway).",
        )
        parser.add_argument(
            "--threads", type=int, default=2, help="Elasticsearch bulk requests at once."
        )
        parser.add_argument(
            "--chunk-size", type=int, default=500, help="Services per bulk request."
        )

    def handle(self, *args, **options):
        progress = options["verbosity"] > 0
        if not options["skip_database"]:
            started = time.perf_counter()
            count = indexing.rebuild(progress=progress)
            seconds = time.perf_counter() - started
            rate = count / seconds if seconds > 0 else 0.0
            self.stdout.write(
                f"Database search: {count:,} services indexed in {seconds:.1f} s "
                f"({rate:,.0f} services/s)."
            )
        if options["skip_elasticsearch"] or not elasticsearch_enabled():
            return
        from elasticsearch.helpers import BulkIndexError

        from search.backends import elasticsearch as es
        from search.backends import elasticsearch_bulk

        try:
            rebuilt = elasticsearch_bulk.rebuild(
                threads=options["threads"], chunk_size=options["chunk_size"], progress=progress
            )
        except es.UNAVAILABLE as error:
            done = "" if options["skip_database"] else "; the database search tables are rebuilt"
            raise CommandError(
                f"Elasticsearch is not answering: {error}. Nothing was changed there{done}."
            ) from error
        except BulkIndexError as error:
            first = error.errors[0] if error.errors else {}
            raise CommandError(
                f"Elasticsearch refused {len(error.errors)} services (the old index is still "
                f"in use); the first: {first}"
            ) from error
        self.stdout.write(rebuilt.summary())
