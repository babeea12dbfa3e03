"""Run the mapping timetable for today: open registration and data entry, close it, send the
closing reminders and the January summary, release results (daily, from cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from mapping.services.scheduler import run_timetable


class Command(BaseCommand):
    help = (
        "Do what each mapping cycle's timetable says is due today: open registration, open "
        "and close data entry, remind delegates 14 and 3 days before the close, email leads "
        "the January summary, release results. Each step happens once, however often it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD), to catch up after an outage.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date must look like 2010-02-28, not {options['date']!r}"
                ) from None
        done = run_timetable(today)
        for line in done:
            self.stdout.write(line)
        if not done:
            self.stdout.write("Nothing due today.")
