"""The service records, split by concept and re-exported here."""

from .authority_area import AuthorityArea, AuthorityKind
from .childcare import (
    ChildcareAgeGroup,
    ChildcareExtra,
    ExtraKind,
    OpeningWeeks,
    ProvisionType,
    RegistrationStatus,
    SpecialConsideration,
)
from .feedback import ProblemReport
from .local_authority import LocalAuthority, Membership, StaffRole
from .local_offer import LocalOfferFeedback, LocalOfferFeedbackTag
from .location import Location
from .ofsted import OfstedChange, OfstedImport, OfstedRegistration
from .organisation import Organisation
from .provider import ProviderAccess, ProviderInvitation
from .review import ReviewReminder
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
    "ChildcareAgeGroup",
    "ChildcareExtra",
    "ExtraKind",
    "OfstedChange",
    "OfstedImport",
    "OfstedRegistration",
    "OpeningWeeks",
    "ProvisionType",
    "RegistrationStatus",
    "SpecialConsideration",
    "ChildcareRegistration",
    "Contact",
    "CostOption",
    "LocalAuthority",
    "LocalOfferFeedback",
    "LocalOfferFeedbackTag",
    "Location",
    "Membership",
    "OfstedGrade",
    "Organisation",
    "ProblemReport",
    "ProviderAccess",
    "ProviderInvitation",
    "ReviewReminder",
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
