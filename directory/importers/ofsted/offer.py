"""What an Ofsted registration says about a service: the fields staff see prefilled on a
new draft, and compared with a linked service as the diff of a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.models import (
    ChildcareRegistration,
    OfstedGrade,
    OpeningWeeks,
    ProvisionType,
    RegistrationStatus,
    Service,
    SpecialConsideration,
)
from directory.models.childcare import code_label

from .extract import Registration, parse_date

ACTIVE = RegistrationStatus.ACTIVE.value
REGISTER_FIELDS = {
    "EYR": "on_early_years_register",
    "CCR": "on_compulsory_childcare_register",
    "VCR": "on_voluntary_childcare_register",
}
WEEKS = {
    "SCTO": OpeningWeeks.TERM_TIME,
    "ALYR": OpeningWeeks.ALL_YEAR,
    "SCHO": OpeningWeeks.HOLIDAYS,
}
GRADES = {choice.label.lower(): choice.value for choice in OfstedGrade}
# The service fields an Ofsted registration sets, in the order a diff lists them.
OFSTED_FIELDS = (
    "name",
    "ofsted_urn",
    "ofsted_provision_type",
    "ofsted_special_consideration",
    "childcare_registration",
    "on_early_years_register",
    "on_compulsory_childcare_register",
    "on_voluntary_childcare_register",
    "ofsted_grade",
    "ofsted_inspection_date",
    "childcare_places",
    "minimum_age",
    "maximum_age",
    "opening_weeks",
)


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def _text(value: Any, name: str) -> str:
    if isinstance(value, dict):
        value = value.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class AgeRange:
    age_from: int
    age_to: int
    places: int | None


def status(registration: Registration) -> str:
    return registration.text("RegistrationStatus")


def is_active(registration: Registration) -> bool:
    return status(registration) == ACTIVE


def registers(registration: Registration) -> list[str]:
    """Register codes the provider is registered on (Status REGD, or no status given)."""
    codes = []
    for entry in registration.items("ChildServicesRegisterList"):
        code, state = _text(entry, "Register"), _text(entry, "Status")
        if code and state in ("", "REGD"):
            codes.append(code)
    return codes


def periods(registration: Registration) -> list[str]:
    codes = []
    for entry in registration.items("ChildcarePeriodList"):
        code = entry if isinstance(entry, str) else _text(entry, "ChildcarePeriod")
        if code:
            codes.append(code.strip())
    return codes


def ages(registration: Registration) -> list[AgeRange]:
    found = []
    for entry in registration.items("ChildcareAgeList"):
        low, high = _text(entry, "AgeFrom"), _text(entry, "AgeTo")
        if not (low.isdigit() and high.isdigit()):
            continue
        places = _text(entry, "MaximumNumber")
        found.append(AgeRange(int(low), int(high), int(places) if places.isdigit() else None))
    return sorted(found, key=lambda a: (a.age_from, a.age_to))


def latest_inspection(registration: Registration) -> tuple[str, Any]:
    """(judgement, date) of the most recent inspection, or ("", None)."""
    best = ("", None)
    for entry in registration.items("InspectionList"):
        when = parse_date(_text(entry, "InspectionDate"))
        if when and (best[1] is None or when > best[1]):
            best = (_text(entry, "InspectionOverallJudgement"), when)
    return best


def display_name(registration: Registration) -> str:
    """The setting's name, or, where a special consideration forbids it, a neutral one."""
    consideration = registration.text("SpecialConsideration")
    provision = code_label(ProvisionType, registration.text("ProvisionType")) or "Childcare"
    if consideration == SpecialConsideration.MINISTRY_OF_DEFENCE:
        return f"{provision} on a Ministry of Defence site"
    if consideration:
        return f"{provision} (details withheld)"
    return (
        registration.text("Setting", "SettingName")
        or registration.text("Provider", "ProviderName")
        or f"Ofsted registration {registration.urn}"
    )[:200]


def service_values(registration: Registration) -> dict[str, Any]:
    """The service fields this registration sets (see ``OFSTED_FIELDS``)."""
    codes = registers(registration)
    judgement, inspected = latest_inspection(registration)
    age_ranges = ages(registration)
    places = [a.places for a in age_ranges if a.places is not None]
    weeks = next((WEEKS[p] for p in periods(registration) if p in WEEKS), "")
    if "EYR" in codes:
        registration_type = ChildcareRegistration.EARLY_YEARS_REGISTER
    elif "CCR" in codes:
        registration_type = ChildcareRegistration.CHILDCARE_REGISTER_COMPULSORY
    elif "VCR" in codes:
        registration_type = ChildcareRegistration.CHILDCARE_REGISTER_VOLUNTARY
    else:
        registration_type = ""
    values: dict[str, Any] = {
        "name": display_name(registration),
        "ofsted_urn": registration.urn[:10],
        "ofsted_provision_type": registration.text("ProvisionType")[:10],
        "ofsted_special_consideration": registration.text("SpecialConsideration")[:10],
        "childcare_registration": registration_type,
        "ofsted_grade": GRADES.get(judgement.lower(), ""),
        "ofsted_inspection_date": inspected,
        "childcare_places": sum(places) if places else None,
        "minimum_age": min((a.age_from for a in age_ranges), default=None),
        "maximum_age": min(25, max((a.age_to for a in age_ranges), default=0))
        if age_ranges
        else None,
        "opening_weeks": weeks,
    }
    for code, field_name in REGISTER_FIELDS.items():
        values[field_name] = code in codes
    return values


def differences(service: Service, registration: Registration) -> list[tuple[str, str, str]]:
    """(field label, service's value, Ofsted's value) for each field that differs, age groups
    included; text as a person reads it."""
    wanted = service_values(registration)
    rows = []
    for name in OFSTED_FIELDS:
        if name == "name" and registration.text("SpecialConsideration") == "":
            continue  # staff may name a setting as families know it; Ofsted's name is prefill
        old, new = getattr(service, name), wanted[name]
        if (old or None) != (new or None):
            label = Service._meta.get_field(name).verbose_name
            rows.append(
                (str(label).capitalize(), _shown(service, name, old), _shown(service, name, new))
            )
    current = [(g.age_from, g.age_to, g.places) for g in service.age_groups.all()]
    proposed = [(a.age_from, a.age_to, a.places) for a in ages(registration)]
    if current != proposed:
        rows.append(("Ages and places", _ranges(current), _ranges(proposed)))
    return rows


def _shown(service: Service, name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    field = Service._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value)


def _ranges(rows: list[tuple[int, int, int | None]]) -> str:
    if not rows:
        return "–"
    return "; ".join(f"{a} to {b} years: {p if p is not None else '?'} places" for a, b, p in rows)
