"""Read the readiness question file and create or update its template (command and migrations).

Idempotent: the template is found by name and each question by its number; loading again
changes nothing unless the file changed. Questions staff added beyond the file are kept.
The model classes are parameters so data migrations can pass their historical models; a
historical model that predates a field simply does not get it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "readiness_questions.json"


class TemplateFileError(ValueError):
    """The file cannot be read as a readiness template."""


class QuestionRow(NamedTuple):
    number: int
    text: str
    definition_of_mature: str
    statutory_appointment: bool  # offers "Children Act compliant"


def read_template_file(path: Path | str = DEFAULT_FILE) -> tuple[str, list[QuestionRow]]:
    """(template name, its questions) from the JSON file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = [
            QuestionRow(
                int(q["number"]),
                q["text"],
                q.get("definition_of_mature", ""),
                bool(q.get("statutory_appointment", False)),
            )
            for q in doc["questions"]
        ]
        name = doc["template"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TemplateFileError(f"Cannot read a readiness template from {path}: {exc}") from exc
    numbers = [row.number for row in rows]
    if len(set(numbers)) != len(numbers):
        raise TemplateFileError(f"{path} numbers two questions the same.")
    return name, rows


def load_template(
    name: str, rows: list[QuestionRow], template_model, question_model
) -> tuple[object, dict]:
    """Create or update template ``name`` with ``rows``; returns it and the counts of changes."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    template, _ = template_model.objects.get_or_create(name=name)
    if not template_model.objects.filter(is_default=True).exists():
        template.is_default = True
        template.save(update_fields=["is_default"])
    model_fields = {f.name for f in question_model._meta.get_fields()}
    existing = {q.number: q for q in question_model.objects.filter(template=template)}
    for row in rows:
        values = {
            field: value
            for field, value in row._asdict().items()
            if field != "number" and field in model_fields
        }
        q = existing.get(row.number)
        if q is None:
            question_model.objects.create(template=template, number=row.number, **values)
            counts["created"] += 1
        elif any(getattr(q, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(q, field, value)
            q.save(update_fields=list(values))
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return template, counts
