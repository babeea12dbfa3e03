"""The service records, split by concept and re-exported here."""

from .authority_area import AuthorityArea, AuthorityKind
from .feedback import ProblemReport
from .local_authority import LocalAuthority, Membership, StaffRole
from .location import Location
from .organisation import Organisation
from .service import (
    ChildcareRegistration,
    Contact,
    CostOption,
    OfstedGrade,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Tier,
    Weekday,
)
from .taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "AuthorityArea",
    "AuthorityKind",
    "ChildcareRegistration",
    "Contact",
    "CostOption",
    "LocalAuthority",
    "Location",
    "Membership",
    "OfstedGrade",
    "Organisation",
    "ProblemReport",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceStatus",
    "StaffRole",
    "Taxonomy",
    "TaxonomyTerm",
    "Tier",
    "Weekday",
]
