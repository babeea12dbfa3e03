"""manage.py import_mapping_returns [--investment FILE] [--workforce FILE] [--returns FILE]
[--performance FILE]
[--create-missing-las] [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mapping.services.importer import ImportRefused, import_returns


class Command(BaseCommand):
    help = "Import mapping returns (details, investment, workforce, performance) from CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--investment", type=Path, help="Investment lines CSV.")
        parser.add_argument("--workforce", type=Path, help="Workforce lines CSV.")
        parser.add_argument(
            "--returns", type=Path, help="Returns CSV: one row per return, its service details."
        )
        parser.add_argument(
            "--performance",
            type=Path,
            help="Performance measures CSV: one row per measure, the outcome by name.",
        )
        parser.add_argument(
            "--create-missing-las",
            action="store_true",
            help="Create local authorities whose la_code is not known yet.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files and report; write nothing."
        )

    def handle(self, *args, **options):
        kinds = ("investment", "workforce", "returns", "performance")
        if not any(options[key] for key in kinds):
            raise CommandError(
                "Give --investment FILE, --workforce FILE, --returns FILE, --performance FILE "
                "or more."
            )
        contents = {}
        for key in kinds:
            path = options[key]
            if path is None:
                contents[key] = None
                continue
            try:
                contents[key] = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            plan = import_returns(
                contents["investment"],
                contents["workforce"],
                create_missing_las=options["create_missing_las"],
                dry_run=options["dry_run"],
                investment_name=options["investment"].name if options["investment"] else "",
                workforce_name=options["workforce"].name if options["workforce"] else "",
                returns=contents["returns"],
                returns_name=options["returns"].name if options["returns"] else "",
                performance=contents["performance"],
                performance_name=options["performance"].name if options["performance"] else "",
                progress=lambda rows: tqdm(
                    rows, desc="Importing rows", disable=options["verbosity"] < 1
                ),
            )
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(str(exc)) from exc
        verb = "Would import" if options["dry_run"] else "Imported"
        figures = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in plan.summary().items())
        self.stdout.write(self.style.SUCCESS(f"{verb}: {figures}."))
