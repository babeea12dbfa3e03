"""SEND Local Offer feedback: what families say about the Local Offer and what the LA does.

The SEND Regulations 2014 (reg. 56) ask an LA to publish the comments it receives about its
Local Offer and its response. A comment's sender may leave contact details; they are kept
for ``WAYMARK_CONTACT_RETENTION_DAYS`` days and then removed by ``purge_personal_data``
(``portal/retention.py`` calls ``contact_details_before`` and ``remove_contact_details``).
The public "You said, we did" page shows only ``you_said`` and ``we_did``, which staff
write in their own words, for the comments they choose to publish.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from ..validators import validate_phone
from .managers import OwnedQuerySet

CONTACT_FIELDS = ("name", "email", "phone")


class LocalOfferFeedbackTag(TaggedItemBase):
    content_object = ParentalKey(
        "LocalOfferFeedback", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LocalOfferFeedbackQuerySet(OwnedQuerySet):
    def answered(self) -> LocalOfferFeedbackQuerySet:
        return self.exclude(we_did="")

    def published(self) -> LocalOfferFeedbackQuerySet:
        """What the public "You said, we did" page may show: answered and chosen by staff."""
        return self.answered().filter(publish=True).exclude(you_said="")

    def contact_details_before(self, cutoff: dt.datetime) -> LocalOfferFeedbackQuerySet:
        """Comments sent before ``cutoff`` that still hold the sender's contact details."""
        has_contact = ~Q(name="") | ~Q(email="") | ~Q(phone="")
        return self.filter(has_contact, created_at__lt=cutoff)

    def contact_details_expired(self, now: dt.datetime | None = None) -> LocalOfferFeedbackQuerySet:
        """Comments holding contact details past ``WAYMARK_CONTACT_RETENTION_DAYS``."""
        now = now or timezone.now()
        return self.contact_details_before(
            now - dt.timedelta(days=settings.WAYMARK_CONTACT_RETENTION_DAYS)
        )

    def remove_contact_details(self) -> int:
        """Blank the sender's name, email and phone on these comments; returns how many."""
        return self.update(name="", email="", phone="", contact_removed_at=timezone.now())


class LocalOfferFeedback(ClusterableModel):
    """One comment on the Local Offer, sent through the public form."""

    class About(models.TextChoices):
        EDUCATION = "education", "Education, schools and colleges"
        HEALTH = "health", "Health services"
        SOCIAL_CARE = "social_care", "Social care and short breaks"
        ADULTHOOD = "adulthood", "Preparing for adulthood"
        ACTIVITIES = "activities", "Leisure and activities"
        WEBSITE = "website", "Finding information on this website"
        OTHER = "other", "Something else"

    class Sender(models.TextChoices):
        PARENT = "parent", "A parent or carer"
        YOUNG_PERSON = "young_person", "A child or young person"
        PROFESSIONAL = "professional", "A professional"
        OTHER = "other", "Someone else"

    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="local_offer_feedback"
    )
    about = models.CharField("what it is about", max_length=20, choices=About.choices)
    sender = models.CharField("who sent it", max_length=20, choices=Sender.choices, blank=True)
    comment = models.TextField(max_length=3000)
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    created_at = models.DateTimeField("received", default=timezone.now, db_index=True)
    contact_removed_at = models.DateTimeField("contact details removed", null=True, blank=True)

    tags = ClusterTaggableManager(through=LocalOfferFeedbackTag, blank=True)
    you_said = models.TextField(
        "you said (public)",
        blank=True,
        help_text="The comment in your own words, for the public page. "
        "No names or details that could identify a family.",
    )
    we_did = models.TextField(
        "we did (public)",
        blank=True,
        help_text="What the council has done or will do. Filling this in marks the comment "
        "answered.",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(
        "reply to the sender (private)",
        blank=True,
        help_text="Emailed once, when you save, to the address they left. Never published.",
    )
    replied_at = models.DateTimeField("reply emailed", null=True, blank=True)
    publish = models.BooleanField(
        "show on the \u201cYou said, we did\u201d page",
        default=False,
        help_text="Needs both \u201cyou said\u201d and \u201cwe did\u201d.",
    )

    objects = LocalOfferFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Local Offer comment"
        verbose_name_plural = "Local Offer comments"

    def __str__(self) -> str:
        return f"{self.get_about_display()} \u2013 {timezone.localtime(self.created_at):%d %b %Y}"

    @property
    def status(self) -> str:
        if not self.we_did:
            return "New"
        return "Published" if self.publish else "Answered"

    @property
    def year(self) -> int:
        return timezone.localtime(self.created_at).year

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.publish and not (self.you_said.strip() and self.we_did.strip()):
            raise ValidationError(
                {"publish": "Write \u201cyou said\u201d and \u201cwe did\u201d before publishing."}
            )

    def save(self, *args, **kwargs):
        if self.we_did and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)
