"""The search interface's value objects: what is asked, and what comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SORTS = ("relevance", "distance", "name", "updated")


@dataclass(frozen=True)
class ServiceQuery:
    """Everything a caller (public page, suggestions, API) may ask of the directory."""

    text: str = ""
    categories: tuple[str, ...] = ()  # taxonomy term slugs
    age: int | None = None
    free_only: bool = False
    send: bool = False
    day: int | None = None  # 0 = Monday
    delivery_modes: tuple[str, ...] = ()  # in_person, online, by_phone, home_visit
    self_referral: bool = False
    tier: str = ""
    local_authority_id: int | None = None
    postcode: str = ""
    point: tuple[float, float] | None = None  # (latitude, longitude)
    radius_miles: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass
class Hit:
    service_id: int
    score: float = 0.0
    distance_miles: float | None = None


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected_query: str = ""
    error: str = ""  # a message for the person searching, e.g. an unknown postcode

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


def miles(metres: float | Decimal) -> float:
    return float(metres) / 1609.344
