"""Staff-editable synonym groups, used by the database and Elasticsearch backends alike."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models


def split_terms(text: str) -> list[str]:
    """Terms from a comma- or line-separated list, lower-cased, each at most a few words."""
    terms = (" ".join(re.findall(r"[a-z0-9]+", t.lower())) for t in re.split(r"[,\n]", text))
    return list(dict.fromkeys(t for t in terms if t))


class SynonymGroup(models.Model):
    """Words a family or practitioner may use for the same thing, e.g. ASD, autism."""

    name = models.CharField(max_length=100, help_text="A label for staff, e.g. 'Childcare'.")
    terms = models.TextField(
        help_text="Words or short phrases that mean the same, separated by commas "
        "(e.g. nursery, childcare, pre-school)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self) -> None:
        if len(self.term_list) < 2:
            raise ValidationError({"terms": "Enter at least two words or phrases, with commas."})
