"""Import a large spreadsheet of services, organisations or locations from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.exchange.engine import run_import
from directory.exchange.resources import RESOURCES
from directory.exchange.tables import UploadError, file_format, open_table
from directory.management.options import local_authority_option, user_option


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file (columns as in docs/spreadsheet-columns.md) for one local "
        "authority, all or nothing, in batches, with a progress bar."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--la", required=True, help="ONS code of the local authority.")
        parser.add_argument("--kind", choices=sorted(RESOURCES), default="services")
        parser.add_argument("--user", help="Username recorded on the revisions.")
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        path: Path = options["path"]
        local_authority = local_authority_option(options["la"])
        user = user_option(options["user"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        resource = RESOURCES[options["kind"]](
            local_authority=local_authority, user=user, publish=options["publish"]
        )
        try:
            fmt = file_format(path.name)
            with path.open("rb") as stream:
                table = open_table(stream, fmt)
                with tqdm(total=table.total, unit="row", disable=options["verbosity"] == 0) as bar:
                    report = run_import(
                        resource,
                        table,
                        dry_run=options["dry_run"],
                        batch_size=options["batch_size"],
                        on_progress=bar.update,
                    )
        except UploadError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(
            f"{report.count(outcome)} {outcome}" for outcome in ("new", "changed", "unchanged")
        )
        if not report.ok:
            for error in report.errors:
                where = f"row {error.row}" + (f", column {error.column}" if error.column else "")
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(
                f"{len(report.errors)} problem(s) found; nothing was imported ({counts} checked)."
            )
        verb = "Checked (dry run, nothing saved)" if options["dry_run"] else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {report.total} rows: {counts}."))
