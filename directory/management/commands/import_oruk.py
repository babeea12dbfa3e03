"""Import another directory's Open Referral UK feed (API base URL or JSON file)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.importers.oruk import OrukImporter
from directory.importers.sources import SourceError, open_feed
from directory.management.options import local_authority_option, user_option


class Command(BaseCommand):
    help = (
        "Import ORUK 3.0 or 1.0 services from an API base URL (every page of /services) or a "
        "JSON file (a page envelope or a bare array) into one local authority. Re-running "
        "updates the same records (keyed on the feed's ids). Records land as drafts unless "
        "--publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="ORUK API base URL, or path to a JSON file.")
        parser.add_argument("--la", required=True, help="ONS code of the owning local authority.")
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument("--user", help="Username recorded on the revisions.")
        parser.add_argument("--per-page", type=int, default=100)
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, **options):
        local_authority = local_authority_option(options["la"])
        user = user_option(options["user"])
        importer = OrukImporter(local_authority, publish=options["publish"], user=user)
        try:
            feed = open_feed(
                options["source"], per_page=options["per_page"], timeout=options["timeout"]
            )
            with tqdm(total=feed.total, unit="service", disable=options["verbosity"] == 0) as bar:
                summary = importer.run(feed.records, on_record=lambda: bar.update(1))
        except SourceError as error:
            raise CommandError(str(error)) from error
        self.report(summary, options["publish"])

    def report(self, summary, publish: bool) -> None:
        """Skips, notes and related records first; the counts are always the last line."""
        counts = summary.counts
        for label, reason in summary.skipped:
            self.stdout.write(f"Skipped {label}: {reason}")
        for label, note in summary.notes:
            self.stdout.write(f"Note on {label}: {note}")
        if summary.unmatched_terms:
            terms = ", ".join(f"{t} ({n})" for t, n in summary.unmatched_terms.most_common())
            self.stdout.write(f"Taxonomy terms with no match here (not applied): {terms}")
        if summary.related:
            related = ", ".join(f"{n} {what}" for what, n in sorted(summary.related.items()))
            self.stdout.write(f"Related records: {related}.")
        state = "published" if publish else "saved as drafts"
        self.stdout.write(f"Services are {state}.")
        self.stdout.write(
            f"services: created={counts['created']} updated={counts['updated']} "
            f"unchanged={counts['unchanged']} skipped={counts['skipped']}"
        )
