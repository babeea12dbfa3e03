"""Load Waymark's synthetic demo directory, staff logins and content pages (idempotent)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.demo import create_demo_logins, ensure_demo_local_offer, generate_directory
from directory.demo.accounts import SECOND_FACTOR_NOTE
from portal.demo_pages import ensure_demo_pages
from search.postcodes import postcodes_in


class Command(BaseCommand):
    help = (
        "Create a synthetic directory (local authorities, organisations, locations, services), "
        "one editor login per local authority and a national administrator. Running it again "
        "creates nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--local-authorities", type=int, default=2, help="How many authorities (default 2)."
        )
        parser.add_argument(
            "--services-per-la", type=int, default=800, help="Services per authority (default 800)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        summary = generate_directory(
            local_authorities=options["local_authorities"],
            services_per_la=options["services_per_la"],
            seed=options["seed"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
            postcodes=postcodes_in,
        )
        if summary.created:
            self._rebuild_search_index(options["verbosity"])
        pages = ensure_demo_pages()
        logins = create_demo_logins(summary.local_authorities, options["seed"])
        comments = ensure_demo_local_offer(summary.local_authorities)
        elapsed = time.perf_counter() - started

        for la in summary.skipped:
            self.stdout.write(f"{la.name} ({la.code}) already has demo data: left as it is.")
        if summary.created:
            created = ", ".join(f"{count:,} {name}" for name, count in summary.created.items())
            self.stdout.write(self.style.SUCCESS(f"Created {created}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing created."))
        if comments:
            self.stdout.write(f"Created {comments} SEND Local Offer comments.")
        if pages:
            self.stdout.write(f"Created {pages} information page{'s' if pages != 1 else ''}.")
        self.stdout.write(
            f"Finished in {elapsed:.1f}s.\n\n"
            "Demo logins (synthetic; staff at /admin/, providers at /provider/):"
        )
        for login in logins:
            where = f" – {login.local_authority}" if login.local_authority else ""
            self.stdout.write(f"  {login.username:<32} {login.password}  {login.role}{where}")
        self.stdout.write(SECOND_FACTOR_NOTE)

    def _rebuild_search_index(self, verbosity: int) -> None:
        """Bulk-created rows send no signals, so the search index is rebuilt once at the end."""
        try:
            call_command("rebuild_search_index", verbosity=verbosity, stdout=self.stdout)
        except CommandError as error:
            self.stderr.write(f"The search index was not rebuilt: {error}")
