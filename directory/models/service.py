"""Services: the heart of the directory (ORUK service and its children)."""

from __future__ import annotations

import datetime as dt
import uuid
from contextvars import ContextVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..richtext import RICHTEXT_FEATURES
from ..serialisation import child_names, cluster_data
from ..validators import MAX_AGE, MAXIMUM_AGE, MINIMUM_AGE, NOT_NEGATIVE, validate_phone
from .childcare import (
    ENTITLEMENTS,
    LISTED_WITHOUT_DETAILS,
    NEEDS_CONSENT,
    OFSTED_REPORT_URL,
    OpeningWeeks,
    ProvisionType,
    code_label,
)
from .local_authority import LocalAuthority
from .location import Location
from .managers import OwnedQuerySet
from .organisation import Organisation
from .taxonomy import TaxonomyTerm


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"


class Tier(models.TextChoices):
    """Level of need a service meets (universal / targeted / specialist)."""

    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist"


class ChildcareRegistration(models.TextChoices):
    EARLY_YEARS_REGISTER = "eyr", "Early Years Register"
    CHILDCARE_REGISTER_COMPULSORY = "ccr_compulsory", "Childcare Register (compulsory)"
    CHILDCARE_REGISTER_VOLUNTARY = "ccr_voluntary", "Childcare Register (voluntary)"
    SCHOOL = "school", "School-based provision"
    NOT_REGISTERED = "none", "Not registered"


class OfstedGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    MET = "met", "Met"
    NOT_MET = "not met", "Not met"


# True while a bulk import indexes its services in Wagtail's search once per batch
# (``directory.importers.batch``) instead of on every save. Per thread / task, never global.
wagtail_search_deferred: ContextVar[bool] = ContextVar("wagtail_search_deferred", default=False)


class ServiceQuerySet(OwnedQuerySet):
    def public(self, today: dt.date | None = None) -> ServiceQuerySet:
        """What the public may see: published, public, not defunct, not past a hide date,
        not withheld under an Ofsted special consideration, no childminder without consent."""
        today = today or timezone.localdate()
        return (
            self.filter(
                live=True,
                is_public=True,
                status__in=self.model.PUBLIC_STATUSES,
            )
            .filter(Q(hide_from_public_after__isnull=True) | Q(hide_from_public_after__gte=today))
            .filter(
                Q(ofsted_special_consideration="")
                | Q(ofsted_special_consideration__in=LISTED_WITHOUT_DETAILS)
            )
            .exclude(ofsted_provision_type__in=NEEDS_CONSENT, childminder_consent=False)
        )


class Service(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    # The statuses a published service may be shown to the public in (see ``public()``).
    PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
    # How a service can be delivered: each is a boolean field below, with its label.
    DELIVERY_MODES = {
        "in_person": "In person",
        "online": "Online",
        "by_phone": "By phone",
        "home_visit": "Home visits",
    }

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="services"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences.")
    description = RichTextField(features=RICHTEXT_FEATURES, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    website = models.URLField(max_length=2000, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    categories = ParentalManyToManyField(TaxonomyTerm, blank=True, related_name="services")

    # Who it is for
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=MINIMUM_AGE)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=MAXIMUM_AGE)
    eligibility_notes = models.TextField(blank=True)

    # Cost
    is_free = models.BooleanField("free of charge", default=False)
    cost_notes = models.TextField(blank=True)

    # Access
    languages = models.CharField(
        max_length=200, blank=True, default="English", help_text="Separate languages with commas."
    )
    accessibility = models.TextField(blank=True)
    in_person = models.BooleanField("delivered in person", default=True)
    online = models.BooleanField("delivered online", default=False)
    by_phone = models.BooleanField("delivered by phone", default=False)
    home_visit = models.BooleanField("home visits", default=False)
    schedule_notes = models.TextField("opening times notes", blank=True)

    # SEND Local Offer
    send_local_offer = models.BooleanField("part of the SEND Local Offer", default=False)
    send_details = models.TextField("SEND support details", blank=True)
    send_feedback = models.TextField(
        "how families give feedback",
        blank=True,
        help_text="How families and young people can comment on or complain about this service.",
    )

    # Childcare offer (Ofsted-registered provision; codes in directory/models/childcare.py)
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    childcare_registration = models.CharField(
        "registration type", max_length=20, choices=ChildcareRegistration.choices, blank=True
    )
    ofsted_provision_type = models.CharField(
        "Ofsted provision type",
        max_length=10,
        blank=True,
        help_text="Ofsted's code: CMR childminder, CCD domestic premises, CCN non-domestic "
        "premises, HCR home childcarer, RPP registered person.",
    )
    on_early_years_register = models.BooleanField("on the Early Years Register", default=False)
    on_compulsory_childcare_register = models.BooleanField(
        "on the Childcare Register (compulsory part)", default=False
    )
    on_voluntary_childcare_register = models.BooleanField(
        "on the Childcare Register (voluntary part)", default=False
    )
    ofsted_special_consideration = models.CharField(
        "Ofsted special consideration",
        max_length=10,
        blank=True,
        help_text="ANON or WREF: never listed. MOD: listed without address, setting name or "
        "contact details.",
    )
    childminder_consent = models.BooleanField(
        "the childminder agreed to be listed",
        default=False,
        help_text="Childminders are listed only when they have agreed to it.",
    )
    ofsted_grade = models.CharField(
        "latest inspection grade", max_length=30, choices=OfstedGrade.choices, blank=True
    )
    ofsted_inspection_date = models.DateField("latest inspection date", null=True, blank=True)
    childcare_places = models.PositiveIntegerField("registered places", null=True, blank=True)
    funded_working_from_9_months = models.BooleanField(
        "funded hours for working parents, from 9 months", default=False
    )
    funded_two_year_olds_disadvantaged = models.BooleanField(
        "funded hours for 2-year-olds from families getting some support", default=False
    )
    funded_two_year_olds_working = models.BooleanField(
        "funded hours for 2-year-olds from working families", default=False
    )
    funded_universal_15_hours = models.BooleanField(
        "15 funded hours for all 3 and 4-year-olds", default=False
    )
    funded_30_hours = models.BooleanField(
        "30 funded hours for 3 and 4-year-olds from working families", default=False
    )
    tax_free_childcare = models.BooleanField("accepts Tax-Free Childcare", default=False)
    opening_weeks = models.CharField(max_length=20, choices=OpeningWeeks.choices, blank=True)
    vacancies_updated = models.DateField("vacancies last updated", null=True, blank=True)

    # Referral route (for practitioners)
    self_referral = models.BooleanField("families can refer themselves", default=True)
    professional_referral = models.BooleanField("professionals can refer", default=False)
    who_can_refer = models.TextField(blank=True)
    referral_criteria = models.TextField("criteria and thresholds", blank=True)
    how_to_refer = models.TextField(blank=True)
    referral_form_url = models.URLField("referral form link", max_length=2000, blank=True)
    tier = models.CharField(max_length=12, choices=Tier.choices, blank=True)

    # Stewardship
    is_public = models.BooleanField(
        "show in the public directory",
        default=True,
        help_text="Untick for records kept only for mapping.",
    )
    la_reference = models.CharField(
        "LA reference", max_length=60, blank=True, help_text="The council's own reference."
    )
    source_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="Identifier in the feed this record was imported from.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    review_flag = models.CharField(
        max_length=120, blank=True, help_text="Shown to staff, e.g. 'Not confirmed in 2009/10'."
    )
    hide_from_public_after = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    def __init__(self, *args, **kwargs):
        # ClusterableModel's constructor only sorts child relations (schedules=[...]) out of
        # the keywords, and searches every field for them each time: skipped when none is
        # given, as for a row read from the database (a quarter of the CPU of loading a
        # results page's twenty services) or a record an import starts (half its cost).
        if kwargs and not child_names(type(self)).isdisjoint(kwargs):
            super().__init__(*args, **kwargs)
        else:
            models.Model.__init__(self, *args, **kwargs)

    def serializable_data(self) -> dict:
        # Not RevisionMixin's, which would write a revision without any child record when
        # one cannot be serialised (see directory.serialisation).
        return cluster_data(self)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.FilterField("local_authority"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [
            # The ORUK API's Last-Modified reads the latest change: one index probe, not a scan.
            models.Index(fields=["updated_at"], name="service_updated_at"),
            # Services whose places the public may see (``public()`` without an Ofsted
            # special consideration), with the rest of ``public()``'s columns: the ORUK API
            # checks tens of thousands of links' services from this index alone, never
            # reading the wide service rows.
            models.Index(
                fields=["id"],
                name="service_located",
                include=["hide_from_public_after", "ofsted_provision_type", "childminder_consent"],
                condition=Q(
                    live=True,
                    is_public=True,
                    status__in=["active", "temporarily closed"],
                    ofsted_special_consideration="",
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "la_reference"],
                condition=~Q(la_reference=""),
                name="unique_la_reference",
                violation_error_message=(
                    "Another service of this local authority already has this LA reference."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk and self.ofsted_urn and kwargs.get("update_fields") is None:
            self.keep_ofsted_protection()
        super().save(*args, **kwargs)

    def keep_ofsted_protection(self) -> None:
        """What Ofsted says about withholding a linked registration (its special
        consideration, or that it is a childminder) always holds on the record, so
        publishing an older draft can never make it public again."""
        found = (
            apps.get_model("directory", "OfstedRegistration")
            .objects.filter(service_id=self.pk)
            .values_list("special_consideration", "provision_type")
            .first()
        )
        if found is not None:
            self._apply_ofsted_protection(*found)

    @classmethod
    def prepare_bulk_update(cls, services: list[Service]) -> None:
        """What ``save()`` does first, for services whose rows an import updates together:
        ``keep_ofsted_protection`` for all of them in one query."""
        linked = [service.pk for service in services if service.pk and service.ofsted_urn]
        if not linked:
            return
        found: dict[int, tuple] = {}
        registrations = apps.get_model("directory", "OfstedRegistration").objects.filter(
            service_id__in=linked
        )
        for service_id, *values in registrations.values_list(
            "service_id", "special_consideration", "provision_type"
        ):
            found[service_id] = tuple(values)  # one registration per service at most
        for service in services:
            if service.pk in found and service.ofsted_urn:
                service._apply_ofsted_protection(*found[service.pk])

    def _apply_ofsted_protection(self, consideration: str, provision_type: str) -> None:
        if consideration:
            self.ofsted_special_consideration = consideration
        if provision_type in NEEDS_CONSENT:
            self.ofsted_provision_type = provision_type

    def get_indexed_instance(self):
        # None tells Wagtail's search signal handler to skip this save (see above).
        if wagtail_search_deferred.get():
            return None
        return super().get_indexed_instance()

    def clean(self) -> None:
        errors = {}
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.maximum_age < self.minimum_age <= MAX_AGE  # else the age's own message
        ):
            errors["maximum_age"] = "Maximum age must be the same as or more than the minimum age."
        if self.referral_form_url and not (self.self_referral or self.professional_referral):
            errors["referral_form_url"] = "Say who can refer before adding a referral form."
        if (
            self.organisation_id
            and self.local_authority_id
            and self.organisation.local_authority_id != self.local_authority_id
        ):
            errors["organisation"] = "Choose an organisation from the same local authority."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "directory/service_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"service": self, "is_preview": True}

    @property
    def public_organisation(self) -> Organisation | None:
        """The organisation as the public may see it: none while it is unpublished (the one
        rule for pages; the API applies the same)."""
        if self.withholds_details:
            return None  # an Ofsted special consideration: no provider name either
        organisation = self.organisation
        return organisation if organisation is not None and organisation.live else None

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]

    @property
    def delivery_modes(self) -> list[str]:
        return [label for mode, label in self.DELIVERY_MODES.items() if getattr(self, mode)]

    @property
    def is_childcare(self) -> bool:
        return bool(self.ofsted_urn or self.childcare_registration or self.ofsted_provision_type)

    @property
    def withholds_details(self) -> bool:
        """True when an Ofsted special consideration keeps the address, setting name and
        contact details off every public page, the API and the search index."""
        return bool(self.ofsted_special_consideration)

    @property
    def ofsted_report_url(self) -> str:
        return OFSTED_REPORT_URL.format(urn=self.ofsted_urn) if self.ofsted_urn else ""

    @property
    def provision_type_label(self) -> str:
        return code_label(ProvisionType, self.ofsted_provision_type)

    @property
    def registers(self) -> list[str]:
        flags = [
            (self.on_early_years_register, "Early Years Register"),
            (self.on_compulsory_childcare_register, "Childcare Register (compulsory part)"),
            (self.on_voluntary_childcare_register, "Childcare Register (voluntary part)"),
        ]
        return [label for on, label in flags if on]

    @property
    def funded_entitlements(self) -> list[str]:
        return [label for field, (label, _ages) in ENTITLEMENTS.items() if getattr(self, field)]

    @property
    def age_range_text(self) -> str:
        low, high = self.minimum_age, self.maximum_age
        if low is None and high is None:
            return "All ages"
        if low is None:
            return f"Up to {high} years"
        if high is None:
            return f"{low} years and over"
        return f"{low} to {high} years"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Schedule(Orderable):
    """A weekly opening time (ORUK schedule, freq WEEKLY with one byday)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    notes = models.CharField(max_length=200, blank=True)

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens_at"]
        # Opening-window filters (search, the ORUK API's day/start_time/end_time): the
        # services open on a day within a time range, from this index alone.
        indexes = [
            models.Index(
                fields=["weekday", "opens_at"],
                name="schedule_window",
                include=["closes_at", "service"],
            )
        ]

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Closing time must be after opening time."})


class CostOption(Orderable):
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=120, help_text="e.g. Per session")
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    amount_description = models.CharField(max_length=200, blank=True)


class Contact(Orderable):
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=120)
    title = models.CharField("job title", max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])


class ServiceAtLocationQuerySet(models.QuerySet):
    def publicly_placed(self) -> ServiceAtLocationQuerySet:
        """Links whose place the public may see: none for a record under an Ofsted special
        consideration (its address is withheld; see ``Service.withholds_details``)."""
        return self.filter(service__ofsted_special_consideration="")


class ServiceAtLocation(Orderable):
    """Links a service to a place it is delivered (ORUK service_at_location)."""

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_links")
    notes = models.CharField(max_length=200, blank=True)

    objects = ServiceAtLocationQuerySet.as_manager()

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]
