"""manage.py seed_mapping_outcomes: create the five Every Child Matters outcomes and their 25
aims (idempotent)."""

from django.core.management.base import BaseCommand

from mapping.services.outcomes import ensure_ecm_aims, ensure_ecm_outcomes


class Command(BaseCommand):
    help = "Create the five Every Child Matters outcomes and 25 aims that returns are tagged with."

    def handle(self, *args, **options):
        created = ensure_ecm_outcomes()
        self.stdout.write(self.style.SUCCESS(f"{created} ECM outcome(s) created."))
        aims = ensure_ecm_aims()
        self.stdout.write(self.style.SUCCESS(f"{aims} ECM aim(s) created."))
