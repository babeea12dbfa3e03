"""Maps over the result list and the service page: directions links and GeoJSON features.

Only public fields leave here: a service's name, organisation, page address, and its
locations' names, addresses and coordinates.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.conf import settings

MAX_FEATURES = 500


def directions_url(
    latitude: Decimal | float, longitude: Decimal | float, postcode: str = ""
) -> str:
    """The configured directions link to a point (WAYMARK_DIRECTIONS_URL)."""
    template = settings.WAYMARK_MAP["DIRECTIONS_URL"]
    return template.format(
        lat=f"{float(latitude):.6f}", lon=f"{float(longitude):.6f}", postcode=quote(postcode)
    )


def feature(service: dict, location: dict, distance_miles: float | None) -> dict:
    """One GeoJSON point: a service at one of its locations."""
    lon, lat = float(location["longitude"]), float(location["latitude"])
    address = ", ".join(
        part for part in (location["address_1"], location["address_2"], location["city"]) if part
    )
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "service": service["name"],
            "slug": service["slug"],
            "url": service["url"],
            "organisation": service["organisation"],
            "location": location["name"],
            "address": address,
            "postcode": location["postcode"],
            "distance_miles": None if distance_miles is None else round(distance_miles, 1),
            "directions_url": directions_url(lat, lon, location["postcode"]),
        },
    }
