"""Local authorities and the staff who work for them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

ONS_CODE = RegexValidator(r"^[EWSN]\d{8}$", "Enter an ONS code such as E06000035.")


class LocalAuthority(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True, validators=[ONS_CODE])
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(max_length=60, blank=True)
    review_period_months = models.PositiveSmallIntegerField(
        "review period (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long a service record stays current after it was last checked. "
        "Older records show families a notice to contact the service first.",
    )
    review_reminder_days = models.PositiveSmallIntegerField(
        "review reminder lead time (days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="How many days before a record's review date its provider (or, without one, "
        "this council's directory editors) is reminded by email.",
    )

    editors_can_publish = models.BooleanField(
        "Directory editors may publish",
        default=False,
        help_text=(
            "Off: editors submit changes and a moderator publishes them. On: this council's "
            "editors publish their own changes. Only national administrators can change this."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    """What a member of staff does for one local authority.

    Directory editors keep public records current; the mapping roles come from the
    Children's Services Mapping briefing (lead, delegates, DCS sign-off, and the partnership's
    read-only viewers: Joint Commissioning Group, Children's Trust Board, partner agencies).
    """

    EDITOR = "editor", "Directory editor"
    MAPPING_LEAD = "mapping_lead", "Mapping lead"
    DELEGATE = "delegate", "Mapping delegate"
    DCS = "dcs", "Director of Children's Services"
    #: Read-only: the partnership's published mapping reports and nothing else.
    VIEWER = "viewer", "Partnership viewer (read-only)"


class Membership(models.Model):
    """A user's role at one local authority. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=StaffRole.choices, default=StaffRole.EDITOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_authority", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.local_authority}"
