"""Forget personal data past its retention period (see portal/retention.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.retention import purge_personal_data


class Command(BaseCommand):
    help = "Delete or blank personal data older than its retention period (daily from cron)."

    def handle(self, *args, **options) -> None:
        for label, count in purge_personal_data().items():
            self.stdout.write(f"purged {label}: {count}")
