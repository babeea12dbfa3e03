"""Email review reminders for service records that are due soon or overdue."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.reviews import reviewable, send_review_reminders


class Command(BaseCommand):
    help = (
        "Email each service's provider (or, without one, the owning council's directory "
        "editors) when its review date is within the council's reminder lead time, and again "
        "once it has passed. Never sends the same reminder twice for a review date. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Give --date as YYYY-MM-DD, like 2026-04-01.") from None
        with tqdm(
            total=reviewable().count(), unit="record", disable=options["verbosity"] == 0
        ) as bar:
            run = send_review_reminders(today, on_record=lambda: bar.update(1))
        self.stdout.write(run.summary())
