"""The SEND Local Offer completeness check: which information items a service record lacks.

The SEND Regulations 2014 (Schedule 2) list what the Local Offer must say about each
provision. Waymark checks six items a family needs; ``local_offer_gaps`` names the ones a
record does not answer yet, in the order staff see them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import Location, Service


@dataclass(frozen=True)
class InformationItem:
    key: str
    label: str
    where: str  # the admin tab that answers it
    answered: Callable[[Service], bool]


def _locations(service: Service) -> list[Location]:
    return [link.location for link in service.service_locations.all()]


ITEMS: tuple[InformationItem, ...] = (
    InformationItem(
        "who_for",
        "Who it is for",
        "Who it is for",
        lambda s: (
            s.minimum_age is not None
            or s.maximum_age is not None
            or bool(s.eligibility_notes.strip())
        ),
    ),
    InformationItem(
        "how_to_access",
        "How to access it",
        "Referral route",
        lambda s: bool(s.how_to_refer.strip() or s.referral_form_url or s.who_can_refer.strip()),
    ),
    InformationItem(
        "accessibility",
        "Accessibility",
        "Access and delivery",
        lambda s: (
            bool(s.accessibility.strip())
            or any(location.accessibility.strip() for location in _locations(s))
        ),
    ),
    InformationItem(
        "costs",
        "Costs",
        "Cost",
        lambda s: s.is_free or bool(s.cost_notes.strip()) or bool(list(s.cost_options.all())),
    ),
    InformationItem(
        "contact",
        "Contact details",
        "Details / Contacts",
        lambda s: bool(s.email or s.phone or s.website) or bool(list(s.contacts.all())),
    ),
    InformationItem(
        "feedback",
        "How families give feedback",
        "SEND Local Offer",
        lambda s: bool(s.send_feedback.strip()),
    ),
)


def local_offer_gaps(service: Service) -> list[InformationItem]:
    """The Local Offer information items ``service`` does not answer yet."""
    return [item for item in ITEMS if not item.answered(service)]


def local_offer_services(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """SEND Local Offer services with what the check reads, fetched in a fixed number of queries."""
    return (
        queryset.filter(send_local_offer=True)
        .select_related("local_authority")
        .prefetch_related(
            "cost_options",
            "contacts",
            Prefetch(
                "service_locations__location",
                queryset=Location.objects.only("id", "accessibility"),
            ),
        )
        .order_by("name")
    )
