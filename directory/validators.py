"""Field validators shared by forms, admin and importers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

# Postcode shapes from the ONS / Royal Mail specification (GIR 0AA included).
_OUTWARD = r"[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
POSTCODE_RE = re.compile(rf"^(GIR ?0AA|{_OUTWARD} ?[0-9][ABD-HJLNP-UW-Z]{{2}})$")
OUTWARD_CODE_RE = re.compile(rf"^{_OUTWARD}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")

# Where a place in a council's directory can be: the UK (Scilly to Shetland, Northern Ireland
# to East Anglia) with a margin. A coordinate outside is a mistyped or swapped one, and would
# put the place in the wrong country on the map and in every distance.
UK_LATITUDES = (49.0, 61.0)
UK_LONGITUDES = (-9.0, 2.5)


def _in_the_uk(name: str, bounds: tuple[float, float]) -> list:
    low, high = bounds
    return [
        MinValueValidator(low, f"A {name} in the UK is at least {low}."),
        MaxValueValidator(high, f"A {name} in the UK is at most {high}."),
    ]


UK_LATITUDE = _in_the_uk("latitude", UK_LATITUDES)
UK_LONGITUDE = _in_the_uk("longitude", UK_LONGITUDES)
NOT_NEGATIVE = [MinValueValidator(0, "A price cannot be negative.")]
# The directory covers children and young people up to 25 (SEND support runs to 25). Being
# stricter than the database's own range, these also stand in for its raw range message.
MAX_AGE = 25
MINIMUM_AGE = [MaxValueValidator(MAX_AGE, f"Minimum age must be {MAX_AGE} or under.")]
MAXIMUM_AGE = [MaxValueValidator(MAX_AGE, f"Maximum age must be {MAX_AGE} or under.")]
MAX_COUNT = 2_147_483_647  # the largest count a PositiveIntegerField holds on PostgreSQL


def normalise_postcode(value: str) -> str:
    """Upper-case a postcode and put exactly one space before the inward code."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real UK postcode, like DN15 6NL.", code="invalid_postcode")


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value or "")
    if not PHONE_RE.match(value or "") or not 10 <= len(digits) <= 13:
        raise ValidationError(
            "Enter a UK phone number, like 01724 296296 or +44 1724 296296.",
            code="invalid_phone",
        )
