"""Readiness self-assessment (seed 004): a question template and an LA's dated answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from directory.models import LocalAuthority


class ReadinessTemplate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    is_default = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class ReadinessQuestion(models.Model):
    template = models.ForeignKey(
        ReadinessTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    definition_of_mature = models.TextField(blank=True)
    statutory_appointment = models.BooleanField(
        "About a statutory appointment",
        default=False,
        help_text='Offers "Children Act compliant" (seed 004: the DCS and Lead Member).',
    )

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="unique_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Rating(models.TextChoices):
    EARLY_STAGES = "early", "Early stages"
    DEVELOPING = "developing", "Developing"
    DEVELOPING_MATURE = "developing_mature", "Developing/Mature"
    MATURE = "mature", "Mature"
    CHILDREN_ACT_COMPLIANT = "compliant", "Children Act compliant"


# The maturity scale, lowest first. "Children Act compliant" is not on it: it says a statutory
# appointment meets the guidance, which is neither more nor less than "Mature".
MATURITY_SCALE = [
    Rating.EARLY_STAGES,
    Rating.DEVELOPING,
    Rating.DEVELOPING_MATURE,
    Rating.MATURE,
]


def ratings_for(question: ReadinessQuestion) -> list[tuple[str, str]]:
    """The (value, label) ratings a question offers: the maturity scale, plus "Children Act
    compliant" on questions about a statutory appointment."""
    offered = list(MATURITY_SCALE)
    if question.statutory_appointment:
        offered.append(Rating.CHILDREN_ACT_COMPLIANT)
    return [(r.value, r.label) for r in offered]


class ReadinessAssessment(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="readiness_assessments"
    )
    template = models.ForeignKey(ReadinessTemplate, on_delete=models.PROTECT)
    assessed_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on"]


class ReadinessAnswer(models.Model):
    assessment = models.ForeignKey(
        ReadinessAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(ReadinessQuestion, on_delete=models.CASCADE)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    ecm_aims = models.ManyToManyField(
        "mapping.EcmAim",
        blank=True,
        related_name="readiness_answers",
        verbose_name="Every Child Matters aims",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer")
        ]
