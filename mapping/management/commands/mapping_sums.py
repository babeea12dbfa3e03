"""Check the running sums the reports read against the lines, or rebuild them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mapping.models import MappingReturn
from mapping.services.running_sums import check_sums


class Command(BaseCommand):
    help = (
        "Add up every return's investment and workforce lines again and compare them with the "
        "running sums the reports read (per return, and per LA, cycle and tier on PostgreSQL). "
        "--check names each return or area that differs and exits non-zero; --rebuild sets "
        "them to their lines."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--check", action="store_true", help="Report differences, change nothing."
        )
        mode.add_argument("--rebuild", action="store_true", help="Set every sum to its lines.")

    def handle(self, *args, **options):
        rebuild = options["rebuild"]
        with tqdm(
            total=MappingReturn.objects.count(),
            desc="Rebuilding sums" if rebuild else "Checking sums",
            unit="return",
            disable=options["verbosity"] < 1,
        ) as bar:
            result = check_sums(rebuild=rebuild, advance=bar.update)
        for difference in result.differences:
            self.stdout.write(str(difference))
        counted = f"{result.returns} returns and {result.areas} areas"
        if rebuild:
            self.stdout.write(
                self.style.SUCCESS(f"Rebuilt: {len(result.differences)} of {counted} corrected.")
            )
        elif result.differences:
            raise CommandError(
                f"{len(result.differences)} of {counted} differ from their lines: "
                "run manage.py mapping_sums --rebuild."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Checked: {counted} match their lines."))
