"""The search page's category filters, read on every search and changed rarely.

Kept in the shared cache for a few minutes and dropped whenever a taxonomy or term is saved
or deleted (the receivers are connected when the app loads).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.models import Taxonomy, TaxonomyTerm
from directory.taxonomy import CHILDCARE_TYPES, SERVICE_CATEGORIES

CATEGORY_CHOICES_CACHE_KEY = "directory:search-category-choices"
CATEGORY_CHOICES_TTL = 300


@dataclass(frozen=True)
class TermChoice:
    """One checkbox: a taxonomy term's slug and name, with a top-level term's children."""

    slug: str
    name: str
    subcategories: tuple[TermChoice, ...] = ()


@dataclass(frozen=True)
class CategoryGroup:
    """Checkboxes under one heading on the search page; each term lists its ``subcategories``."""

    title: str
    terms: tuple[TermChoice, ...] = field(default_factory=tuple)


def _build() -> tuple[list[tuple[str, str]], CategoryGroup, CategoryGroup]:
    rows = TaxonomyTerm.objects.order_by("taxonomy__name", "name").values_list(
        "id", "parent_id", "slug", "name", "taxonomy__name"
    )
    top: list[tuple[int, str, str]] = []
    children: dict[int, list[TermChoice]] = {}
    childcare: list[TermChoice] = []
    choices: dict[str, str] = {}
    for term_id, parent_id, slug, name, taxonomy in rows:
        choices[slug] = name
        if taxonomy == SERVICE_CATEGORIES:
            if parent_id is None:
                top.append((term_id, slug, name))
            else:
                children.setdefault(parent_id, []).append(TermChoice(slug, name))
        elif taxonomy == CHILDCARE_TYPES:
            childcare.append(TermChoice(slug, name))
    categories = tuple(
        TermChoice(slug, name, tuple(children.get(term_id, ()))) for term_id, slug, name in top
    )
    return (
        list(choices.items()),
        CategoryGroup("Category", categories),
        CategoryGroup("Type of childcare", tuple(childcare)),
    )


def category_groups() -> tuple[list[tuple[str, str]], CategoryGroup, CategoryGroup]:
    """All term choices (slug, name), the DfE categories (with their subcategories) and the
    childcare types."""
    groups = cache.get(CATEGORY_CHOICES_CACHE_KEY)
    if groups is None:
        groups = _build()
        cache.set(CATEGORY_CHOICES_CACHE_KEY, groups, CATEGORY_CHOICES_TTL)
    return groups


@receiver([post_save, post_delete], sender=TaxonomyTerm, dispatch_uid="search-choices-term")
@receiver([post_save, post_delete], sender=Taxonomy, dispatch_uid="search-choices-taxonomy")
def forget_category_groups(**kwargs) -> None:
    cache.delete(CATEGORY_CHOICES_CACHE_KEY)
