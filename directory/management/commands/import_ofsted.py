"""Import Ofsted's childcare register extract for one local authority."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.importers.ofsted.extract import (
    ExtractError,
    count_registrations,
    parse,
    read_source,
)
from directory.importers.ofsted.sync import OfstedSync, summary_line
from directory.management.options import local_authority_option


class Command(BaseCommand):
    help = (
        "Read an Ofsted childcare register extract (XML file or URL) into the LA's mirror of "
        "the register, all or nothing, and queue what changed for staff to accept or dismiss "
        "in the admin (Directory > Ofsted changes). Nothing is published. The last line is "
        "the summary: ofsted: new=N changed=N unchanged=N removed=N withheld=N."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path to the extract, or an http(s) URL.")
        parser.add_argument("--la", required=True, help="ONS code of the local authority.")
        parser.add_argument("--timeout", type=float, default=60.0)

    def handle(self, *args, **options):
        local_authority = local_authority_option(options["la"])
        quiet = options["verbosity"] == 0
        try:
            content = read_source(options["source"], timeout=options["timeout"])
            total = count_registrations(content)
            with tqdm(total=total, unit="reg", desc="Reading", disable=quiet) as bar:
                extract = parse(content, on_registration=lambda: bar.update(1))
            sync = OfstedSync(local_authority, source=options["source"])
            with tqdm(
                total=len(extract.registrations), unit="reg", desc="Saving", disable=quiet
            ) as bar:
                counts = sync.run(extract, on_progress=bar.update)
        except ExtractError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(summary_line(counts))
