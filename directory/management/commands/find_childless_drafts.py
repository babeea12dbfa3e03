"""List the services whose draft awaiting publication holds none of its child records."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from directory.management.options import local_authority_option
from directory.models import Service
from directory.serialisation import child_names


class Command(BaseCommand):
    help = (
        "List the services whose draft awaiting publication was saved without any child "
        "records (opening times, costs, places, contacts, age groups, categories). Spreadsheet "
        "imports before December 2026 wrote such drafts for rows with opening times; "
        "publishing one leaves out the import's changes to them. Import the same spreadsheet "
        "again to rewrite the draft. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", help="ONS code of one local authority (default: all).")

    def handle(self, *args, **options):
        drafts = Service.objects.filter(
            has_unpublished_changes=True, latest_revision__isnull=False
        ).select_related("latest_revision", "local_authority")
        if options["la"]:
            drafts = drafts.filter(local_authority=local_authority_option(options["la"]))
        names = child_names(Service)
        found = total = 0
        with tqdm(total=drafts.count(), unit="draft", disable=options["verbosity"] == 0) as bar:
            for service in drafts.order_by("local_authority__code", "name", "pk").iterator():
                total += 1
                bar.update(1)
                revision = service.latest_revision
                if any(name in revision.content for name in names):
                    continue
                found += 1
                self.stdout.write(
                    f"{service.local_authority.code}  {service.pk}  {service.name}  "
                    f"(draft of {revision.created_at:%Y-%m-%d %H:%M})"
                )
        self.stdout.write(f"drafts without child records: {found} of {total}")
