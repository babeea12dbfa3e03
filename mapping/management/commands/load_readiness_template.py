"""Load the readiness self-assessment questions (seed 004's 32, by default) as a template.

    manage.py load_readiness_template [--file mapping/data/readiness_questions.json]

Idempotent: the template is found by name and each question by its number; running it again
changes nothing unless the file changed. Questions staff added beyond the file are kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mapping.models import ReadinessQuestion, ReadinessTemplate

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "readiness_questions.json"


class Command(BaseCommand):
    help = "Create or update the readiness self-assessment template from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        try:
            doc = json.loads(Path(file).read_text(encoding="utf-8"))
            name, questions = doc["template"], doc["questions"]
            rows = [
                (int(q["number"]), q["text"], q.get("definition_of_mature", "")) for q in questions
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Cannot read a readiness template from {file}: {exc}") from exc
        numbers = [n for n, _, _ in rows]
        if len(set(numbers)) != len(numbers):
            raise CommandError(f"{file} numbers two questions the same.")
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            template, _ = ReadinessTemplate.objects.get_or_create(name=name)
            if not ReadinessTemplate.objects.filter(is_default=True).exists():
                template.is_default = True
                template.save(update_fields=["is_default"])
            existing = {q.number: q for q in template.questions.all()}
            for number, text, definition in rows:
                q = existing.get(number)
                if q is None:
                    ReadinessQuestion.objects.create(
                        template=template, number=number, text=text, definition_of_mature=definition
                    )
                    counts["created"] += 1
                elif (q.text, q.definition_of_mature) != (text, definition):
                    q.text, q.definition_of_mature = text, definition
                    q.save(update_fields=["text", "definition_of_mature"])
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
        self.stdout.write(
            f"{template.name}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
