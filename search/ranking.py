"""How words and a place rank together (the "best match" order when a place is given).

With words and a place, each service's text score is multiplied by a distance factor that
halves every ``HALF_DISTANCE_MILES`` from the place (to its nearest location): a service 5 miles
away needs twice the text score of one next door to be listed above it, 10 miles four times.
A service with no location (online, by phone) counts as ``HALF_DISTANCE_MILES`` away. The same
blend runs in SQL-free Python for the database backend and as an ``exp`` decay in the
Elasticsearch query, so both backends order alike.
"""

from __future__ import annotations

from .query import METRES_PER_MILE

HALF_DISTANCE_MILES = 5.0
NO_LOCATION_FACTOR = 0.5


def distance_factor(metres: float | None) -> float:
    if metres is None:
        return NO_LOCATION_FACTOR
    return 0.5 ** (float(metres) / METRES_PER_MILE / HALF_DISTANCE_MILES)


def blended(score: float, metres: float | None) -> float:
    return score * distance_factor(metres)
