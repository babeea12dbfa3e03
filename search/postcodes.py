"""Finding a place from a postcode, offline, from the Postcode table.

A full postcode not in the table falls back to the middle (centroid) of its outward code,
and so does an outward code on its own ("DN15"). Anything else is a ``PostcodeError`` whose
message is shown to the person searching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db.models import Avg, Count

from directory.validators import OUTWARD_CODE_RE, POSTCODE_RE, normalise_postcode

from .models import Postcode


class PostcodeError(ValueError):
    pass


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    outward: str
    local_authority_code: str = ""
    notice: str = ""
    label: str = ""  # what was typed, tidied: "SW1A 1AA" or "LS1"


class RealPostcode(NamedTuple):
    postcode: str
    latitude: float
    longitude: float


def outward_of(postcode: str) -> str:
    return normalise_postcode(postcode).split(" ")[0]


def _centroid(outward: str) -> Place | None:
    found = Postcode.objects.filter(outward=outward).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id")
    )
    if not found["n"]:
        return None
    codes = (
        Postcode.objects.filter(outward=outward)
        .values_list("local_authority_code", flat=True)
        .distinct()[:2]
    )
    codes = list(codes)
    return Place(found["lat"], found["lon"], outward, codes[0] if len(codes) == 1 else "")


def locate(text: str) -> Place:
    """The place a postcode or outward code stands for."""
    compact = "".join((text or "").split()).upper()
    if OUTWARD_CODE_RE.match(compact):
        place = _centroid(compact)
        if place is None:
            raise PostcodeError(f"We could not find the postcode area {compact}. Check it.")
        return replace(place, label=compact)
    postcode = normalise_postcode(compact)
    if not POSTCODE_RE.match(postcode):
        raise PostcodeError(
            "Enter a real postcode, like DN15 6NL, or the first part of one, like DN15."
        )
    row = Postcode.objects.filter(postcode=postcode).first()
    if row is not None:
        return Place(
            row.latitude, row.longitude, row.outward, row.local_authority_code, label=postcode
        )
    outward = outward_of(postcode)
    place = _centroid(outward)
    if place is None:
        raise PostcodeError(f"We could not find the postcode {postcode}. Check it and try again.")
    return Place(
        place.latitude,
        place.longitude,
        outward,
        place.local_authority_code,
        label=postcode,
        notice=f"We could not find {postcode}, so distances are from the middle of {outward}.",
    )


def postcodes_in(
    outward_codes: Sequence[str], local_authority_code: str = ""
) -> list[RealPostcode]:
    """The postcodes of these outward codes in the table, with their coordinates, in postcode
    order; those of ``local_authority_code`` only when it has any there. For synthetic
    records that should sit where their postcode is (the demo directory)."""
    rows = Postcode.objects.filter(outward__in=list(outward_codes)).order_by("postcode")
    if local_authority_code and rows.filter(local_authority_code=local_authority_code).exists():
        rows = rows.filter(local_authority_code=local_authority_code)
    return [
        RealPostcode(postcode, float(lat), float(lon))
        for postcode, lat, lon in rows.values_list("postcode", "latitude", "longitude")
    ]
