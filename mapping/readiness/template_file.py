"""Read the readiness question file and create or update its template (command and migration).

Idempotent: the template is found by name and each question by its number; loading again
changes nothing unless the file changed. Questions staff added beyond the file are kept.
The model classes are parameters so the data migration can pass its historical models.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "readiness_questions.json"


class TemplateFileError(ValueError):
    """The file cannot be read as a readiness template."""


def read_template_file(path: Path | str = DEFAULT_FILE) -> tuple[str, list[tuple[int, str, str]]]:
    """(template name, [(number, text, definition of mature)]) from the JSON file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = [
            (int(q["number"]), q["text"], q.get("definition_of_mature", ""))
            for q in doc["questions"]
        ]
        name = doc["template"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TemplateFileError(f"Cannot read a readiness template from {path}: {exc}") from exc
    numbers = [n for n, _, _ in rows]
    if len(set(numbers)) != len(numbers):
        raise TemplateFileError(f"{path} numbers two questions the same.")
    return name, rows


def load_template(name: str, rows, template_model, question_model) -> tuple[object, dict]:
    """Create or update template ``name`` with ``rows``; returns it and the counts of changes."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    template, _ = template_model.objects.get_or_create(name=name)
    if not template_model.objects.filter(is_default=True).exists():
        template.is_default = True
        template.save(update_fields=["is_default"])
    existing = {q.number: q for q in question_model.objects.filter(template=template)}
    for number, text, definition in rows:
        q = existing.get(number)
        if q is None:
            question_model.objects.create(
                template=template, number=number, text=text, definition_of_mature=definition
            )
            counts["created"] += 1
        elif (q.text, q.definition_of_mature) != (text, definition):
            q.text, q.definition_of_mature = text, definition
            q.save(update_fields=["text", "definition_of_mature"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return template, counts
