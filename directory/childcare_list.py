"""The s12 childcare list: every registered childcare record of one LA with its childcare
offer, computed once here and rendered as HTML, CSV and XLSX by the admin view.

Records withheld under an Ofsted special consideration or without a childminder's consent
stay on the staff list (the FIS needs them) but never carry an address or contact details,
so a list exported for publication cannot leak them; ``public_only`` leaves them out.
Active registrations from the latest Ofsted extract that have no directory record yet are
listed after them (Ofsted's facts only), so the list covers all registered childcare.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .importers.ofsted.extract import Registration
from .importers.ofsted.offer import ages, registers, service_values
from .models import (
    LocalAuthority,
    OfstedGrade,
    OfstedRegistration,
    OpeningWeeks,
    RegistrationStatus,
    Service,
)
from .models.childcare import (
    ENTITLEMENTS,
    NEEDS_CONSENT,
    OFSTED_REPORT_URL,
    Register,
    code_label,
)

COLUMNS = [
    "Name",
    "Ofsted URN",
    "Ofsted report",
    "Provision type",
    "Registers",
    "Latest inspection",
    "Inspection date",
    "Ages",
    "Registered places",
    *[label for label, _ages in ENTITLEMENTS.values()],
    "Tax-Free Childcare",
    "Open",
    "Vacancies",
    "Vacancies updated",
    "Chargeable extras",
    "Address",
    "Postcode",
    "Phone",
    "Email",
    "Website",
    "Listed publicly",
]


@dataclass
class ChildcareList:
    local_authority: LocalAuthority
    rows: list[list]
    columns: list[str]


def childcare_services(local_authority: LocalAuthority) -> QuerySet:
    return (
        Service.objects.filter(local_authority=local_authority)
        .filter(~Q(ofsted_urn="") | ~Q(childcare_registration="") | ~Q(ofsted_provision_type=""))
        .exclude(status="defunct")
        .prefetch_related("age_groups", "childcare_extras", "service_locations__location")
        .order_by("name", "pk")
    )


def listing_state(service: Service, public_ids: set[int]) -> str:
    if service.pk in public_ids:
        return "Yes"
    if service.ofsted_special_consideration and service.pk not in public_ids:
        return f"No: Ofsted special consideration ({service.ofsted_special_consideration})"
    if service.ofsted_provision_type in NEEDS_CONSENT and not service.childminder_consent:
        return "No: no consent from the childminder"
    if not service.live:
        return "No: draft"
    return "No: hidden or closed"


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def row_for(service: Service, public_ids: set[int]) -> list:
    groups = list(service.age_groups.all())
    locations = [link.location for link in service.service_locations.all()]
    location = locations[0] if locations else None
    hide = service.withholds_details or (
        service.ofsted_provision_type in NEEDS_CONSENT and not service.childminder_consent
    )
    address = ", ".join(location.address_lines[:-1]) if location and not hide else ""
    return [
        service.name if not service.withholds_details else service.provision_type_label,
        service.ofsted_urn,
        service.ofsted_report_url,
        service.provision_type_label,
        "; ".join(service.registers) or service.get_childcare_registration_display(),
        service.get_ofsted_grade_display(),
        service.ofsted_inspection_date,
        "; ".join(f"{g.label}: {g.places if g.places is not None else '?'} places" for g in groups)
        or service.age_range_text,
        service.childcare_places,
        *[_yes(getattr(service, field)) for field in ENTITLEMENTS],
        _yes(service.tax_free_childcare),
        service.get_opening_weeks_display(),
        "; ".join(f"{g.label}: {g.vacancies}" for g in groups if g.vacancies is not None),
        service.vacancies_updated,
        "; ".join(
            f"{e.get_kind_display()}"
            + (f" ({e.description})" if e.description else "")
            + (f": £{e.price}" if e.price is not None else "")
            + (f" {e.unit}" if e.unit else "")
            for e in service.childcare_extras.all()
        ),
        address,
        location.postcode if location and not hide else "",
        "" if hide else service.phone,
        "" if hide else service.email,
        "" if hide else service.website,
        listing_state(service, public_ids),
    ]


def registration_row(row: OfstedRegistration) -> list:
    """An active registration on Ofsted's register with no directory record yet: what the
    extract says, never an address or contacts (nobody has checked consent or considerations)."""
    registration = Registration(urn=row.urn, line=0, data=row.data)
    values = service_values(registration)
    groups = ages(registration)
    named = not row.special_consideration and row.provision_type not in NEEDS_CONSENT
    return [
        row.name if named else row.provision_type_label,
        row.urn,
        OFSTED_REPORT_URL.format(urn=row.urn),
        row.provision_type_label,
        "; ".join(code_label(Register, code) for code in registers(registration)),
        dict(OfstedGrade.choices).get(values["ofsted_grade"], ""),
        values["ofsted_inspection_date"],
        "; ".join(
            f"{g.age_from} to {g.age_to} years: {g.places if g.places is not None else '?'} places"
            for g in groups
        ),
        values["childcare_places"],
        *["" for _field in ENTITLEMENTS],
        "",
        dict(OpeningWeeks.choices).get(values["opening_weeks"], ""),
        "",
        None,
        "",
        "",
        "",
        "",
        "",
        "",
        "No: on Ofsted's register, not in the directory yet",
    ]


def build(local_authority: LocalAuthority, public_only: bool = False) -> ChildcareList:
    """Every childcare record of the LA, then (unless ``public_only``) every active Ofsted
    registration from the latest extract that has no directory record yet."""
    services = childcare_services(local_authority)
    public_ids = set(
        Service.objects.public()
        .filter(local_authority=local_authority)
        .values_list("pk", flat=True)
    )
    if public_only:
        services = services.filter(pk__in=public_ids)
    rows = [row_for(s, public_ids) for s in services]
    if not public_only:
        unlisted = OfstedRegistration.objects.filter(
            local_authority=local_authority,
            in_extract=True,
            status=RegistrationStatus.ACTIVE,
            service__isnull=True,
        ).order_by("name", "urn")
        rows += [registration_row(r) for r in unlisted.iterator(chunk_size=500)]
    return ChildcareList(local_authority, rows, list(COLUMNS))
