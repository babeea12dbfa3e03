"""`make run`'s one command: a ready demo database, quietly, then the URLs and demo logins."""

from __future__ import annotations

import logging
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

#: Reference data every run needs; each command is idempotent and quick when there is nothing to do.
REFERENCE_DATA = [
    ("seed_mapping_outcomes",),
    ("load_local_authorities",),
    ("load_postcodes", "--sample", "--skip-if-loaded"),
]
DEMO_DATA = [("load_demo_data",), ("load_demo_mapping",)]


class Command(BaseCommand):
    # `make test` runs the system checks; repeating them here would only slow every `make run`.
    requires_system_checks: list[str] = []
    help = (
        "Migrate, load the reference data and the synthetic demo directory and mapping data "
        "(creating nothing that is already there), then print the URL and the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where it is served.")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        logging.getLogger("wagtail").setLevel(logging.WARNING)  # no per-page log lines
        applied = self._migrate()
        self.stdout.write(
            f"Database: {applied} migration(s) applied." if applied else "Database: up to date."
        )
        for command in REFERENCE_DATA:
            call_command(*command, stdout=StringIO())
        logins = []
        for command in DEMO_DATA:
            output = StringIO()
            call_command(*command, stdout=output, verbosity=0)  # no progress bars
            summary, _, login_block = output.getvalue().partition("\n\n")
            for line in summary.strip().splitlines():
                if not line.startswith("Finished in"):
                    self.stdout.write(line)
            logins.append(login_block.strip())
        url = options["url"].rstrip("/")
        self.stdout.write(f"Ready in {time.perf_counter() - started:.1f}s.\n")
        self.stdout.write(self.style.SUCCESS("Waymark is running with synthetic demo data:"))
        for label, path in (
            ("Public site", "/"),
            ("Staff admin", "/admin/"),
            ("Mapping", "/mapping/"),
        ):
            self.stdout.write(f"  {label:<13} {url}{path}")
        self.stdout.write("")
        self.stdout.write("\n\n".join(block for block in logins if block) + "\n")

    def _migrate(self) -> int:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            call_command("migrate", interactive=False, verbosity=0)
        return len(plan)
