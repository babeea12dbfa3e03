"""Rebuild the search indexes from the published services.

The database backend's tables are rebuilt in one transaction. With ELASTICSEARCH_URL set, a
new Elasticsearch index is bulk-loaded and the alias swapped to it, so searches never see a
half-built index.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.health import elasticsearch_enabled


class Command(BaseCommand):
    help = "Rebuild the database search tables and, if configured, the Elasticsearch index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-elasticsearch", action="store_true", help="Only the database tables."
        )

    def handle(self, *args, **options):
        progress = options["verbosity"] > 0
        count = indexing.rebuild(progress=progress)
        self.stdout.write(f"Database search: {count:,} services indexed.")
        if options["skip_elasticsearch"] or not elasticsearch_enabled():
            return
        from search.backends import elasticsearch as es

        try:
            name, loaded = es.rebuild(progress=progress)
        except es.UNAVAILABLE as error:
            raise CommandError(f"Elasticsearch is not answering: {error}") from error
        self.stdout.write(f"Elasticsearch: {loaded:,} services in {name}, alias {es.alias()}.")
