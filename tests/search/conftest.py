"""Shared arrangements for the search tests: places, categories and crafted services."""

from __future__ import annotations

import pytest

from search.models import Postcode
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

#: Real ONSPD points (OGL) in North Lincolnshire, and one in North East Lincolnshire.
PLACES = {
    "DN15 6NL": (53.592985, -0.642786, "E06000013"),  # Scunthorpe
    "DN15 7BH": (53.589, -0.652, "E06000013"),
    "DN16 1AA": (53.567, -0.626, "E06000013"),
    "DN20 8AA": (53.551, -0.49, "E06000013"),  # Brigg, about 7 miles
    "DN31 1HU": (53.56528, -0.081449, "E06000012"),  # Grimsby, about 23 miles
}


@pytest.fixture
def postcodes(db):
    for postcode, (lat, lon, la) in PLACES.items():
        Postcode.objects.create(
            postcode=postcode,
            outward=postcode.split()[0],
            latitude=lat,
            longitude=lon,
            local_authority_code=la,
        )
    return PLACES


@pytest.fixture
def north_lincs(db):
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


@pytest.fixture
def location_at():
    def make(postcode: str, la):
        lat, lon, _ = PLACES[postcode]
        return LocationFactory(local_authority=la, postcode=postcode, latitude=lat, longitude=lon)

    return make


@pytest.fixture
def term(db):
    taxonomy = TaxonomyFactory(name="Search test categories")

    def make(name: str, parent=None):
        return TaxonomyTermFactory(taxonomy=taxonomy, name=name, parent=parent)

    return make
