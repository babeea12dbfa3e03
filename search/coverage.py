"""Whether a place is inside the area a directory covers, and what to say when it is not.

A postcode's local authority (from the ONSPD) is a lower-tier area; children's services
belong to the upper tier, so a district counts as covered when its county is. The councils
covered are the site's own, else every council using this Waymark.
"""

from __future__ import annotations

from directory.authorities import upper_tier_for
from directory.models import LocalAuthority


def _readable(name: str) -> str:
    """ONS writes "Bristol, City of"; people say "City of Bristol"."""
    place, comma, title = name.partition(", ")
    return f"{title} {place}" if comma else name


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def covered_authorities(local_authority_id: int | None) -> list[LocalAuthority]:
    qs = LocalAuthority.objects.order_by("id").only("code", "name")
    if local_authority_id:
        qs = qs.filter(id=local_authority_id)
    return list(qs)


def outside_area_message(label: str, area_code: str, local_authority_id: int | None) -> str:
    """The answer for a real place outside the covered area ("SW1A 1AA is in Westminster.
    This directory covers ..."), or "" when it is inside (or we cannot tell)."""
    if not area_code:
        return ""
    covered = covered_authorities(local_authority_id)
    codes = {la.code for la in covered}
    if not covered or area_code in codes:
        return ""
    upper = upper_tier_for(area_code)
    if upper is not None and upper.ons_code in codes:
        return ""
    if upper is not None:
        where = f"{label} is in {_readable(upper.name)}."
    elif not area_code.startswith("E"):
        where = f"{label} is not in England."
    else:
        where = f"{label} is outside the area we cover."
    names = _joined([_readable(la.name) for la in covered])
    return f"{where} This directory covers {names}. These are the nearest services we have."
