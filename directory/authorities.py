"""The list of English local authorities shipped in ``directory/data`` and lookups on it.

Used wherever a code must become a council: the postcode search (a district's postcode
belongs to its county's children's services), the mapping import and the Ofsted extract
(which names the LA by its DfE number).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import AuthorityArea, LocalAuthority

DATA_FILE = Path(__file__).parent / "data" / "english_local_authorities.csv"


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int


def read_rows(path: Path = DATA_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load(path: Path = DATA_FILE) -> LoadSummary:
    """Create or update every area (idempotent), then link districts to their counties and
    fill in the region of the councils already using Waymark."""
    rows = read_rows(path)
    existing = {a.ons_code: a for a in AuthorityArea.objects.all()}
    created = updated = 0
    for row in rows:
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "region": row["region"],
            "dfe_number": int(row["dfe_number"]) if row["dfe_number"] else None,
        }
        area = existing.get(row["ons_code"])
        if area is None:
            existing[row["ons_code"]] = AuthorityArea.objects.create(
                ons_code=row["ons_code"], **values
            )
            created += 1
        elif any(getattr(area, k) != v for k, v in values.items()):
            AuthorityArea.objects.filter(pk=area.pk).update(**values)
            updated += 1
    for row in rows:
        county = existing.get(row["county_ons_code"]) if row["county_ons_code"] else None
        AuthorityArea.objects.filter(ons_code=row["ons_code"]).exclude(
            county_id=county.pk if county else None
        ).update(county=county)
    for la in LocalAuthority.objects.filter(region=""):
        area = existing.get(la.code)
        if area is not None:
            LocalAuthority.objects.filter(pk=la.pk).update(region=area.region)
    return LoadSummary(created, updated)


def upper_tier_for(ons_code: str) -> AuthorityArea | None:
    """The authority running children's services for an area code (a district's county)."""
    if not ons_code:
        return None
    area = AuthorityArea.objects.select_related("county").filter(ons_code=ons_code).first()
    return area.upper_tier if area else None


def by_dfe_number(number: int | str) -> AuthorityArea | None:
    try:
        return AuthorityArea.objects.filter(dfe_number=int(number)).first()
    except (TypeError, ValueError):
        return None
