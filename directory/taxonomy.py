"""Built-in category taxonomies: DfE Family Hubs categories, SEND needs, childcare types.

``seed_taxonomies`` is idempotent; the data migration and the demo loader both call it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.text import slugify

SERVICE_CATEGORIES = "Service categories"
SEND_NEEDS = "SEND needs"
CHILDCARE_TYPES = "Childcare types"
CHILDCARE_OFFER = "Childcare offer"

CATEGORIES_CSV = Path(__file__).parent / "data" / "service-categories.csv"

SEND_NEED_TERMS = [
    "Autism (ASD)",
    "Attention deficit hyperactivity disorder (ADHD)",
    "Speech, language and communication needs",
    "Social, emotional and mental health",
    "Moderate learning difficulty",
    "Severe learning difficulty",
    "Profound and multiple learning difficulty",
    "Specific learning difficulty (dyslexia, dyscalculia, dyspraxia)",
    "Hearing impairment",
    "Visual impairment",
    "Multi-sensory impairment",
    "Physical disability",
]

CHILDCARE_TYPE_TERMS = [
    "Childminder",
    "Day nursery",
    "Pre-school playgroup",
    "Nursery school or class",
    "Out of school club",
    "Holiday scheme",
    "Nanny or home childcarer",
]


def _term_rows() -> list[tuple[str, str, str | None]]:
    """(taxonomy, name, parent name) for every built-in term, parents first."""
    rows: list[tuple[str, str, str | None]] = []
    with CATEGORIES_CSV.open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            rows.append(
                (SERVICE_CATEGORIES, record["name"].strip(), record["parent"].strip() or None)
            )
    rows.sort(key=lambda row: row[2] is not None)
    rows += [(SEND_NEEDS, name, None) for name in SEND_NEED_TERMS]
    rows += [(CHILDCARE_TYPES, name, None) for name in CHILDCARE_TYPE_TERMS]
    return rows


def seed_taxonomies(taxonomy_model, term_model) -> int:
    """Create any missing built-in taxonomies and terms; return how many terms were created.

    Takes the models as arguments so a data migration can pass its historical models.
    """
    taxonomies = {
        name: taxonomy_model.objects.get_or_create(name=name)[0]
        for name in (SERVICE_CATEGORIES, SEND_NEEDS, CHILDCARE_TYPES)
    }
    created = 0
    for taxonomy_name, name, parent_name in _term_rows():
        taxonomy = taxonomies[taxonomy_name]
        parent = (
            term_model.objects.get(taxonomy=taxonomy, slug=slugify(parent_name))
            if parent_name
            else None
        )
        _, was_created = term_model.objects.get_or_create(
            taxonomy=taxonomy,
            slug=slugify(name),
            # code is max_length=60; PostgreSQL enforces it (one DfE name slugifies to 64).
            defaults={"name": name, "code": slugify(name)[:60], "parent": parent},
        )
        created += was_created
    return created + _seed_childcare_offer(taxonomy_model, term_model)


def childcare_offer_terms() -> list[tuple[str, str]]:
    """(code, name) of the terms the ORUK API uses to describe a childcare offer as
    attributes: Ofsted provision types and registers, funded entitlements, Tax-Free
    Childcare and opening weeks (see ``directory.models.childcare.offer_codes``)."""
    from directory.models.childcare import ENTITLEMENTS, OpeningWeeks, ProvisionType, Register

    return [
        *[(c.value, f"Ofsted provision type: {c.label}") for c in ProvisionType],
        *[(c.value, c.label) for c in Register],
        *[(field, f"Funded: {label}") for field, (label, _ages) in ENTITLEMENTS.items()],
        ("tax_free_childcare", "Accepts Tax-Free Childcare"),
        *[(c.value, f"Open: {c.label}") for c in OpeningWeeks],
    ]


def offer_term_slug(code: str) -> str:
    return "childcare-offer-" + slugify(code)


def _seed_childcare_offer(taxonomy_model, term_model) -> int:
    taxonomy, _ = taxonomy_model.objects.get_or_create(
        name=CHILDCARE_OFFER,
        defaults={"description": "What a childcare provider offers (Ofsted and funding)."},
    )
    created = 0
    for code, name in childcare_offer_terms():
        _, was_created = term_model.objects.get_or_create(
            taxonomy=taxonomy,
            code=code,
            defaults={"name": name, "slug": offer_term_slug(code)},
        )
        created += was_created
    return created
