"""The mirror of Ofsted's childcare register extract, and the queue of changes staff decide on.

``OfstedRegistration`` keeps every registration Ofsted sent for an LA exactly as sent
(``data``: every field, status history, registers, periods, ages and places, inspections,
notices), with the fields staff filter on as columns. Nothing here is public: a registration
reaches the public only through a ``Service`` that a person created or changed by accepting
an ``OfstedChange``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .childcare import (
    LISTED_WITHOUT_DETAILS,
    NEEDS_CONSENT,
    ProvisionType,
    RegistrationStatus,
    SpecialConsideration,
    code_label,
)
from .local_authority import LocalAuthority
from .managers import OwnedQuerySet
from .service import Service


class OfstedImport(models.Model):
    """One run of ``import_ofsted``: what was read and what it found."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="ofsted_imports"
    )
    source = models.CharField(max_length=500)
    extract_datetime = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Ofsted extract for {self.local_authority} at {self.imported_at:%Y-%m-%d %H:%M}"


class OfstedRegistration(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="ofsted_registrations"
    )
    urn = models.CharField("URN", max_length=20)
    provision_type = models.CharField(max_length=10, blank=True)
    special_consideration = models.CharField(max_length=10, blank=True)
    status = models.CharField("registration status", max_length=10, blank=True)
    name = models.CharField("setting or provider name", max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    last_change_date = models.DateField(null=True, blank=True)
    data = models.JSONField(help_text="The registration as Ofsted sent it.")
    fingerprint = models.CharField(max_length=64)
    in_extract = models.BooleanField(
        default=True, help_text="In the latest extract imported for this LA."
    )
    first_seen = models.DateTimeField(auto_now_add=True)
    last_changed = models.DateTimeField(null=True, blank=True)
    service = models.OneToOneField(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ofsted_registration",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "urn"], name="unique_ofsted_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.urn} {self.name}".strip()

    @property
    def is_active(self) -> bool:
        return self.in_extract and self.status == RegistrationStatus.ACTIVE

    @property
    def provision_type_label(self) -> str:
        return code_label(ProvisionType, self.provision_type)

    @property
    def status_label(self) -> str:
        return code_label(RegistrationStatus, self.status)

    @property
    def special_consideration_label(self) -> str:
        return code_label(SpecialConsideration, self.special_consideration)

    @property
    def withheld(self) -> bool:
        """Cannot be published as it stands: a special consideration, or a childminder
        without recorded consent (consent is recorded on the linked service)."""
        if self.special_consideration:
            return True
        if self.provision_type in NEEDS_CONSENT:
            return not (self.service_id and self.service.childminder_consent)
        return False

    @property
    def listed_without_details(self) -> bool:
        return self.special_consideration in LISTED_WITHOUT_DETAILS


class OfstedChange(models.Model):
    """Something in the extract that staff accept (applied as a draft) or dismiss."""

    class Kind(models.TextChoices):
        NEW = "new", "New registration"
        CHANGED = "changed", "Changed registration"
        REMOVED = "removed", "Removed or no longer active"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="ofsted_changes"
    )
    registration = models.ForeignKey(
        OfstedRegistration, on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="ofsted_changes"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "Ofsted change"
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="pending"),
                name="one_pending_ofsted_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.registration}"
