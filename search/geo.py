"""Great-circle distance, in SQL (Django's math functions) and in Python."""

from __future__ import annotations

import math

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_METRES = 6_371_008.8
METRES_PER_DEGREE_LATITUDE = 111_320.0


def haversine_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def distance_expression(latitude: float, longitude: float, prefix: str = ""):
    """Metres from (latitude, longitude) to the row's ``latitude``/``longitude`` columns."""
    lat, lon = F(f"{prefix}latitude"), F(f"{prefix}longitude")
    here_lat = Value(float(latitude), output_field=FloatField())
    here_lon = Value(float(longitude), output_field=FloatField())
    half = Value(0.5, output_field=FloatField())
    a = Power(Sin(Radians(lat - here_lat) * half), 2) + Cos(Radians(here_lat)) * Cos(
        Radians(lat)
    ) * Power(Sin(Radians(lon - here_lon) * half), 2)
    # No LEAST(1, ...) clamp: PostgreSQL's LEAST ignores NULL, which would turn a service
    # without a location into one half the world away. Rounding past 1 needs antipodes.
    return Value(2 * EARTH_RADIUS_METRES, output_field=FloatField()) * ASin(Sqrt(a))


def distance_sql(point: tuple[float, float], latitude: str, longitude: str) -> tuple[str, list]:
    """``distance_expression`` as SQL text over the given columns, with its parameters (for
    statements written by hand; the same formula, so the same metres)."""
    lat, lon = float(point[0]), float(point[1])
    sql = (
        f"(%s * ASIN(SQRT(POWER(SIN(RADIANS({latitude} - %s) * %s), 2) + COS(RADIANS(%s)) "
        f"* COS(RADIANS({latitude})) * POWER(SIN(RADIANS({longitude} - %s) * %s), 2))))"
    )
    return sql, [2 * EARTH_RADIUS_METRES, lat, 0.5, lat, lon, 0.5]


def bounding_box(latitude: float, longitude: float, metres: float) -> dict[str, float]:
    """Filter kwargs for a box that contains the circle of ``metres`` round the point."""
    dlat = metres / METRES_PER_DEGREE_LATITUDE
    dlon = metres / (METRES_PER_DEGREE_LATITUDE * max(0.01, math.cos(math.radians(latitude))))
    return {
        "latitude__gte": latitude - dlat,
        "latitude__lte": latitude + dlat,
        "longitude__gte": longitude - dlon,
        "longitude__lte": longitude + dlon,
    }
