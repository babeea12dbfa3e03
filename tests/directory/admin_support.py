"""Helpers for the admin tests: admin URLs and complete edit-form payloads."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from directory.permissions import NATIONAL_ADMIN_GROUP
from tests.factories import UserFactory

SERVICE_INLINES = [
    "cost_options",
    "schedules",
    "service_locations",
    "contacts",
    "age_groups",
    "childcare_extras",
]


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_directory_{model_name}:{view}", args=args)


def national_admin(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=NATIONAL_ADMIN_GROUP))
    return user


def _empty_formset(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def service_form_data(local_authority, **overrides) -> dict[str, str]:
    """Everything the service edit form posts, for a service with no inline rows yet."""
    data = {
        "name": "Toddler Talk",
        "slug": "",
        "local_authority": str(local_authority.pk),
        "organisation": "",
        "summary": "Play sessions that help children talk.",
        "description": rich_text("<p>Songs, stories and play.</p>"),
        "status": "active",
        "website": "",
        "email": "",
        "phone": "",
        "minimum_age": "",
        "maximum_age": "",
        "eligibility_notes": "",
        "cost_notes": "",
        "languages": "English",
        "accessibility": "",
        "in_person": "on",
        "schedule_notes": "",
        "send_details": "",
        "ofsted_urn": "",
        "childcare_registration": "",
        "ofsted_grade": "",
        "ofsted_inspection_date": "",
        "childcare_places": "",
        "ofsted_provision_type": "",
        "ofsted_special_consideration": "",
        "opening_weeks": "",
        "vacancies_updated": "",
        "self_referral": "on",
        "who_can_refer": "",
        "referral_criteria": "",
        "how_to_refer": "",
        "referral_form_url": "",
        "tier": "",
        "is_public": "on",
        "last_reviewed": "",
        "review_due": "",
        "review_flag": "",
        "hide_from_public_after": "",
        "la_reference": "",
        "source_id": "",
    }
    for prefix in SERVICE_INLINES:
        data.update(_empty_formset(prefix))
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def edit_data_for(service, **overrides) -> dict[str, str]:
    """The edit form payload for an existing service without inline rows."""
    fields = {
        "name": service.name,
        "slug": service.slug,
        "summary": service.summary,
        "organisation": service.organisation_id or "",
    }
    return service_form_data(service.local_authority, **{**fields, **overrides})


def location_form_data(local_authority, **overrides) -> dict[str, str]:
    data = {
        "name": "Riverside Family Hub",
        "local_authority": str(local_authority.pk),
        "description": "",
        "address_1": "1 Church Lane",
        "address_2": "",
        "city": "Scunthorpe",
        "postcode": "DN15 6NL",
        "latitude": "",
        "longitude": "",
        "accessibility": "",
        "source_id": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def organisation_form_data(local_authority, **overrides) -> dict[str, str]:
    data = {
        "name": "Bright Beginnings CIC",
        "local_authority": str(local_authority.pk),
        "description": "",
        "website": "",
        "email": "",
        "phone": "",
        "charity_number": "",
        "companies_house_number": "",
        "source_id": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data
