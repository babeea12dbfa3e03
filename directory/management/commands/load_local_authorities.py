"""Load (or refresh) the list of English local authorities shipped with Waymark."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.authorities import DATA_FILE, load


class Command(BaseCommand):
    help = "Load England's local authorities (ONS code, name, region, DfE number, county)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="A CSV of the same shape.")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            summary = load(path)
        except (KeyError, ValueError) as error:
            raise CommandError(f"{path}: not a local authority list ({error}).") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Local authorities: {summary.created} added, {summary.updated} updated."
            )
        )
