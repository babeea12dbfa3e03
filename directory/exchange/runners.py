"""How each kind of confirmed upload is imported for real, in the task worker.

The views run the same functions with ``dry_run=True`` for the preview, so the preview and
the import cannot drift apart. Registered with ``pending.register_runner`` when the app loads.
"""

from __future__ import annotations

import io

from directory.importers.oruk import ImportSummary, OrukImporter
from directory.importers.sources import read_feed

from .engine import ImportReport, run_import
from .models import PendingImport
from .pending import ImportStale, file_of, register_runner
from .resources import RESOURCES
from .tables import file_format, open_table


def import_table(
    kind: str, local_authority, user, publish: bool, name: str, content: bytes, dry_run: bool
) -> ImportReport:
    """Check (``dry_run``) or import one spreadsheet of ``kind`` into ``local_authority``."""
    resource = RESOURCES[kind](local_authority=local_authority, user=user, publish=publish)
    table = open_table(io.BytesIO(content), file_format(name))
    return run_import(resource, table, dry_run=dry_run)


def feed_counts(summary: ImportSummary) -> dict:
    """An ORUK import's counts, named as the spreadsheets name theirs."""
    counts = summary.counts
    return {
        "new": counts["created"],
        "changed": counts["updated"],
        "unchanged": counts["unchanged"],
        "skipped": counts["skipped"],
        "total": sum(counts[k] for k in ("created", "updated", "unchanged", "skipped")),
    }


@register_runner(*RESOURCES)
def run_spreadsheet(pending: PendingImport) -> dict:
    name = pending.files.get(role="table").name
    report = import_table(
        pending.kind,
        pending.local_authority,
        pending.user,
        pending.publish,
        name,
        file_of(pending, "table"),
        dry_run=False,
    )
    if not report.ok:  # the records changed since the preview; nothing was saved
        raise ImportStale(
            [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors]
        )
    return {
        "new": report.count("new"),
        "changed": report.count("changed"),
        "unchanged": report.count("unchanged"),
        "total": report.total,
    }


@register_runner(PendingImport.Kind.ORUK)
def run_feed(pending: PendingImport) -> dict:
    feed = read_feed(file_of(pending, "feed"), pending.file_name)
    importer = OrukImporter(pending.local_authority, publish=pending.publish, user=pending.user)
    return feed_counts(importer.run(feed.records))
