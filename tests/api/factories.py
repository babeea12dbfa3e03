"""A populated directory for the ORUK API tests: varied services and records that stay hidden."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from directory.models import (
    Contact,
    CostOption,
    LocalAuthority,
    Service,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from directory.taxonomy import seed_taxonomies
from search.models import Postcode
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
)

# Real postcode shapes with made-up coordinates around Scunthorpe (synthetic data only).
PLACES = [
    ("DN15 6NL", 53.5886, -0.6545),
    ("DN16 1AA", 53.5700, -0.6400),
    ("DN17 2BB", 53.5500, -0.7000),
    ("DN18 5CC", 53.6800, -0.4400),
    ("DN20 8DD", 53.5500, -0.4900),
]
TOY_LIBRARY = "Service 11 Toy Library"
KINDS = {True: "Stay and Play", False: "Family Support"}


@dataclass
class Directory:
    local_authority: LocalAuthority
    other_authority: LocalAuthority
    public: list[Service] = field(default_factory=list)
    hidden: list[Service] = field(default_factory=list)
    terms: list[TaxonomyTerm] = field(default_factory=list)


def _terms() -> list[TaxonomyTerm]:
    """A few of the built-in DfE categories (seeded again in case a flush removed them)."""
    seed_taxonomies(Taxonomy, TaxonomyTerm)
    children = list(TaxonomyTerm.objects.filter(parent__isnull=False).select_related("parent")[:4])
    return children or list(TaxonomyTerm.objects.all()[:4])


def populate(services: int = 23) -> Directory:
    """``services`` public services with everything ORUK can show, plus hidden ones."""
    la = LocalAuthorityFactory(name="North Testshire", code="E06000901")
    other = LocalAuthorityFactory(name="South Testshire", code="E06000902")
    directory = Directory(local_authority=la, other_authority=other, terms=_terms())
    for postcode, lat, lon in PLACES:
        Postcode.objects.get_or_create(
            postcode=postcode,
            defaults={"outward": postcode.split()[0], "latitude": lat, "longitude": lon},
        )
    charity = OrganisationFactory(
        local_authority=la,
        name="Little Steps Charity",
        description="<p>Helping <b>families</b> &amp; carers.</p>",
        website="https://example.org/little-steps",
        email="hello@example.org",
        charity_number="1234567",
        companies_house_number="07654321",
    )
    bare = OrganisationFactory(local_authority=la, name="Plain Organisation")
    locations = [
        LocationFactory(
            local_authority=la,
            name=f"Hub {i}",
            postcode=postcode,
            latitude=Decimal(str(lat)),
            longitude=Decimal(str(lon)),
            address_2="Town Centre" if i % 2 else "",
            accessibility="Step-free access and a hearing loop." if i % 2 == 0 else "",
        )
        for i, (postcode, lat, lon) in enumerate(PLACES)
    ]
    no_coordinates = LocationFactory(
        local_authority=la, name="Mobile bus stop", latitude=None, longitude=None
    )
    for i in range(services):
        rich = i % 3 == 0
        service = ServiceFactory(
            local_authority=la,
            organisation=charity if i % 2 else bare,
            name=TOY_LIBRARY if i == 11 else f"Service {i:02d} {KINDS[i % 4 == 0]}",
            slug=f"api-service-{i}",
            description="<p>Play sessions &amp; advice.</p><ul><li>Messy play</li></ul>"
            if rich
            else "",
            summary="Drop in for families." if i % 5 else "",
            website="https://example.org/service" if rich else "",
            email="service@example.org" if rich else "",
            minimum_age=i % 5 if i % 2 else None,
            maximum_age=(i % 5) + 4 if i % 3 else None,
            status=ServiceStatus.TEMPORARILY_CLOSED if i == 7 else ServiceStatus.ACTIVE,
            is_free=i % 2 == 0,
            cost_notes="Bring a packed lunch." if i % 4 == 1 else "",
            categories=[directory.terms[i % len(directory.terms)]],
            locations=[locations[i % len(locations)]]
            + ([no_coordinates] if i == 5 else [])
            + ([locations[(i + 1) % len(locations)]] if i % 6 == 0 else []),
            schedules=[(i % 7, dt.time(9, 30), dt.time(12, 0))]
            + ([(4, dt.time(13, 0), dt.time(16, 30))] if i % 3 == 0 else []),
            review_flag="Not confirmed in 2009/10",
            la_reference=f"LA-{i:04d}",
        )
        if i % 2:
            CostOption.objects.create(
                service=service,
                option="Per session",
                amount=Decimal("3.50") if i % 4 == 1 else Decimal("5"),
                amount_description="Siblings half price",
            )
        if i % 3 == 1:
            Contact.objects.create(service=service, name="Alex Example", title="Family worker")
        directory.public.append(service)

    past = dt.date.today() - dt.timedelta(days=1)
    directory.hidden = [
        ServiceFactory(local_authority=la, name="Draft only", slug="draft-only", live=False),
        ServiceFactory(
            local_authority=la, name="Mapping only", slug="mapping-only", is_public=False
        ),
        ServiceFactory(
            local_authority=la, name="Closed down", slug="closed-down", status=ServiceStatus.DEFUNCT
        ),
        ServiceFactory(
            local_authority=la,
            name="Hidden after",
            slug="hidden-after",
            hide_from_public_after=past,
        ),
    ]
    # Public, but in another council's directory: hidden only when the site is tied to ``la``.
    ServiceFactory(
        local_authority=other,
        name="Neighbour Service",
        slug="neighbour-service",
        locations=[LocationFactory(local_authority=other, name="Neighbour Hub")],
    )
    return directory
