"""The childcare offer of a service: Ofsted's codes, age groups with places and vacancies,
chargeable extras, and the rules the public pages, the API and both search backends share.

Codes follow Ofsted's register extract (see ``docs/ofsted-import.md``). A code Waymark does
not know is kept as sent and shown as "Unknown code (X)", never refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from ..validators import NOT_NEGATIVE


class ProvisionType(models.TextChoices):
    CHILDMINDER = "CMR", "Childminder"
    DOMESTIC = "CCD", "Childcare on domestic premises"
    NON_DOMESTIC = "CCN", "Childcare on non-domestic premises"
    HOME_CHILDCARER = "HCR", "Home childcarer"
    REGISTERED_PERSON = "RPP", "Registered person provision"


class RegistrationStatus(models.TextChoices):
    ACTIVE = "ACTV", "Active"
    CANCELLED = "CANC", "Cancelled"
    PROPOSED = "PROP", "Proposed"
    INACTIVE = "INAC", "Inactive"
    RESIGNED = "RESG", "Resigned"
    SUSPENDED = "SUSP", "Suspended"


class Register(models.TextChoices):
    EARLY_YEARS = "EYR", "Early Years Register"
    COMPULSORY = "CCR", "Childcare Register (compulsory part)"
    VOLUNTARY = "VCR", "Childcare Register (voluntary part)"


class ChildcarePeriod(models.TextChoices):
    TWO_HOURS = "2HPD", "2 hours or more per day"
    THREE_HOURS = "3HPD", "3 hours or more per day"
    FOUR_HOURS = "4HPD", "4 hours or more per day"
    FORTY_FIVE_WEEKS = "45WY", "45 weeks or more per year"
    FIVE_DAYS = "5DWK", "5 days or more per week"
    ALL_YEAR = "ALYR", "All year round"
    OVERNIGHT = "OVNT", "Overnight"
    HOLIDAYS = "SCHO", "School holidays only"
    TERM_TIME = "SCTO", "School term only"
    WEEKDAY_ALL_DAY = "WDAL", "Weekdays, all day"
    WEEKDAY_MORNINGS = "WDAM", "Weekday mornings"
    AFTER_SCHOOL = "WDAS", "Weekdays after school"
    BEFORE_SCHOOL = "WDBS", "Weekdays before school"
    WEEKDAY_AFTERNOONS = "WDPM", "Weekday afternoons"
    WEEKENDS = "WEND", "Weekends"


class SpecialConsideration(models.TextChoices):
    ANONYMITY = "ANON", "Anonymity requested"
    WOMENS_REFUGE = "WREF", "Women's refuge"
    MINISTRY_OF_DEFENCE = "MOD", "Ministry of Defence site"


class OpeningWeeks(models.TextChoices):
    TERM_TIME = "term time", "Term time only"
    ALL_YEAR = "all year", "All year round"
    HOLIDAYS = "holidays", "School holidays only"


class ExtraKind(models.TextChoices):
    MEALS = "meals", "Meals"
    CONSUMABLES = "consumables", "Consumables (nappies, sun cream, wipes)"
    TRIPS = "trips", "Trips and activities"
    OTHER = "other", "Other"


# Ofsted's rule as Waymark applies it: a registration with MOD is listed without its
# address, setting name or contact details; with any other special consideration (ANON,
# WREF, or a code Waymark does not know yet: the strictest reading) it is not listed at all.
LISTED_WITHOUT_DETAILS = (SpecialConsideration.MINISTRY_OF_DEFENCE,)
# Childminders are people: listed only with their recorded consent.
NEEDS_CONSENT = (ProvisionType.CHILDMINDER,)
OFSTED_REPORT_URL = "https://reports.ofsted.gov.uk/provider/16/{urn}"

# The funded entitlements (DfE early education guidance, April 2025) and the ages in
# years they serve: working parents from 9 months to 2, 2-year-olds (disadvantaged or
# working families), 15 hours for every 3 and 4-year-old, 30 hours for working families.
ENTITLEMENTS: dict[str, tuple[str, tuple[int, ...]]] = {
    "funded_working_from_9_months": ("Working parents: from 9 months", (0, 1)),
    "funded_two_year_olds_disadvantaged": (
        "2-year-olds from families getting some support",
        (2,),
    ),
    "funded_two_year_olds_working": ("2-year-olds from working families", (2,)),
    "funded_universal_15_hours": ("15 hours for all 3 and 4-year-olds", (3, 4)),
    "funded_30_hours": ("30 hours for 3 and 4-year-olds from working families", (3, 4)),
}


def code_label(choices: type[models.TextChoices], code: str) -> str:
    """The label of an Ofsted code, or "Unknown code (X)" for one not listed here."""
    if not code:
        return ""
    try:
        return choices(code).label
    except ValueError:
        return f"Unknown code ({code})"


def entitlements_for_age(age: int | None) -> list[str]:
    """The entitlement fields that fund a child of ``age`` (every one when age is None)."""
    return [field for field, (_label, ages) in ENTITLEMENTS.items() if age is None or age in ages]


def funded_ages(service) -> list[int]:
    """The ages (years) for which ``service`` offers at least one funded entitlement."""
    return sorted(
        {
            age
            for field, (_l, ages) in ENTITLEMENTS.items()
            if getattr(service, field)
            for age in ages
        }
    )


def offer_codes(service) -> list[str]:
    """Codes of the "Childcare offer" taxonomy terms that describe ``service``."""
    codes = []
    if service.ofsted_provision_type in ProvisionType.values:
        codes.append(service.ofsted_provision_type)
    for on, code in (
        (service.on_early_years_register, Register.EARLY_YEARS),
        (service.on_compulsory_childcare_register, Register.COMPULSORY),
        (service.on_voluntary_childcare_register, Register.VOLUNTARY),
    ):
        if on:
            codes.append(code.value)
    codes += [field for field in ENTITLEMENTS if getattr(service, field)]
    if service.tax_free_childcare:
        codes.append("tax_free_childcare")
    if service.opening_weeks:
        codes.append(service.opening_weeks)
    return codes


class ChildcareAgeGroup(Orderable):
    """Places and vacancies for one age range (Ofsted's ChildcareAge, plus vacancies)."""

    service = ParentalKey("directory.Service", on_delete=models.CASCADE, related_name="age_groups")
    age_from = models.PositiveSmallIntegerField("from age (years)")
    age_to = models.PositiveSmallIntegerField("to age (years)")
    places = models.PositiveIntegerField("places", null=True, blank=True)
    vacancies = models.PositiveIntegerField("vacancies", null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "age group"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.age_from == self.age_to:
            return f"{self.age_from} years"
        return f"{self.age_from} to {self.age_to} years"

    def clean(self) -> None:
        errors = {}
        if self.age_from is not None and self.age_to is not None and self.age_from > self.age_to:
            errors["age_to"] = "The upper age must be the same as or more than the lower age."
        if self.vacancies is not None and self.places is not None and self.vacancies > self.places:
            errors["vacancies"] = (
                f"Vacancies ({self.vacancies}) cannot be more than places ({self.places})."
            )
        if errors:
            raise ValidationError(errors)


class ChildcareExtra(Orderable):
    """A chargeable extra that funded hours do not cover (meals, consumables, trips)."""

    service = ParentalKey(
        "directory.Service", on_delete=models.CASCADE, related_name="childcare_extras"
    )
    kind = models.CharField(max_length=20, choices=ExtraKind.choices)
    description = models.CharField(max_length=200, blank=True, help_text="e.g. Hot lunch")
    price = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. per day, per trip")

    class Meta(Orderable.Meta):
        verbose_name = "chargeable extra"

    def __str__(self) -> str:
        return self.description or self.get_kind_display()
