"""Synthetic SEND Local Offer comments for the demo: new, answered and published ones."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from directory.models import LocalAuthority, LocalOfferFeedback

COMMENTS = [
    {
        "about": "health",
        "comment": "I could not find how long the wait is for speech and language therapy.",
        "you_said": "Families could not find waiting times for speech and language therapy.",
        "we_did": "The therapy service now publishes its waiting times each month.",
        "publish": True,
    },
    {
        "about": "activities",
        "comment": "Are there holiday clubs that can support a child who uses a wheelchair?",
        "you_said": "Parents asked which holiday clubs are accessible to wheelchair users.",
        "we_did": "Every holiday club listing now says whether it is step-free.",
        "publish": True,
    },
    {
        "about": "website",
        "comment": "The search does not find anything when I type 'autism'.",
        "we_did": "We added autism as a search term for the support groups.",
        "publish": False,
    },
    {
        "about": "adulthood",
        "comment": "What help is there for my son moving from school to college?",
        "name": "Demo Parent",
        "email": "demo.parent@example.org",
    },
]


def ensure_demo_local_offer(local_authorities: list[LocalAuthority]) -> int:
    """Add the demo comments to each LA that has none yet; returns how many were created."""
    created = 0
    received = timezone.now() - dt.timedelta(days=30)
    for la in local_authorities:
        if LocalOfferFeedback.objects.filter(local_authority=la).exists():
            continue
        for index, fields in enumerate(COMMENTS):
            LocalOfferFeedback.objects.create(
                local_authority=la, created_at=received + dt.timedelta(days=index), **fields
            )
            created += 1
    return created
