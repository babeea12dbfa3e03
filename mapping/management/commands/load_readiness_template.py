"""Load the readiness self-assessment questions (seed 004's 32, by default) as a template.

    manage.py load_readiness_template [--file mapping/data/readiness_questions.json]

A data migration loads the default file on ``migrate``, so a fresh install has the template;
run this to load another file or to reload after the file changed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mapping.models import ReadinessQuestion, ReadinessTemplate
from mapping.readiness.template_file import (
    DEFAULT_FILE,
    TemplateFileError,
    load_template,
    read_template_file,
)


class Command(BaseCommand):
    help = "Create or update the readiness self-assessment template from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        try:
            name, rows = read_template_file(file)
        except TemplateFileError as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            template, counts = load_template(name, rows, ReadinessTemplate, ReadinessQuestion)
        self.stdout.write(
            f"{template.name}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
