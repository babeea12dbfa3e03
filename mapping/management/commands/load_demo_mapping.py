"""manage.py load_demo_mapping: synthetic mapping cycles, returns and logins (idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from directory.demo.accounts import SECOND_FACTOR_NOTE
from mapping.demo import generate_mapping_demo


class Command(BaseCommand):
    help = (
        "Give each demo local authority (from load_demo_data) a Children's Trust, two mapping "
        "cycles with returns, lines and assignments, and mapping lead, delegate and DCS logins. "
        "Running it again creates nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        summary = generate_mapping_demo(
            seed=options["seed"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
        )
        elapsed = time.perf_counter() - started
        if not summary.logins:
            self.stdout.write(
                self.style.WARNING("No demo local authorities: run load_demo_data first.")
            )
        for skipped in summary.skipped:
            self.stdout.write(f"{skipped} already has mapping demo data: left as it is.")
        created = {name: count for name, count in summary.created.items() if count}
        if created:
            listed = ", ".join(f"{count:,} {name}" for name, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Created {listed}."))
        else:
            self.stdout.write(self.style.SUCCESS("Mapping demo already loaded: nothing created."))
        self.stdout.write(f"Finished in {elapsed:.1f}s.")
        if summary.logins:
            self.stdout.write("\nMapping demo logins (synthetic, for /mapping/):")
        for login in summary.logins:
            self.stdout.write(
                f"  {login.username:<32} {login.password}  {login.role} – {login.local_authority}"
            )
        if summary.logins:
            self.stdout.write(SECOND_FACTOR_NOTE)
