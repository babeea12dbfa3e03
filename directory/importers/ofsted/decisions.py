"""What accepting or dismissing an Ofsted change does. Nothing here publishes: a new
registration becomes a draft service, a change becomes a draft revision, a removal marks
the service for review. A person publishes through the usual moderation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import (
    ChildcareAgeGroup,
    Location,
    OfstedChange,
    Service,
    ServiceAtLocation,
)
from directory.slugs import unique_slug
from directory.validators import normalise_postcode, validate_phone, validate_postcode

from ..saving import latest_version, save_imported
from .extract import Registration
from .offer import ages, service_values

REVIEW_FLAG = "Ofsted: {reason}. Check whether the service still runs."


class DecisionError(Exception):
    """The change could not be applied; the message says why (nothing was saved)."""


def _registration(change: OfstedChange) -> Registration:
    row = change.registration
    return Registration(urn=row.urn, line=0, data=row.data)


def _age_groups(registration: Registration, current=()) -> list[ChildcareAgeGroup]:
    """Ofsted's ages and places; vacancies staff or providers entered are kept for a range
    that is still there (never more than its places)."""
    vacancies = {(g.age_from, g.age_to): g.vacancies for g in current}
    groups = []
    for i, age in enumerate(ages(registration)):
        kept = vacancies.get((age.age_from, age.age_to))
        if kept is not None and age.places is not None:
            kept = min(kept, age.places)
        groups.append(
            ChildcareAgeGroup(
                sort_order=i,
                age_from=age.age_from,
                age_to=min(age.age_to, 25),
                places=age.places,
                vacancies=kept,
            )
        )
    return groups


def _contact_details(service: Service, registration: Registration) -> None:
    for path, field in (
        (("Provider", "ProviderContact", "EmailAddress"), "email"),
        (("Provider", "ProviderContact", "TelephoneNumber"), "phone"),
        (("Provider", "ProviderContact", "WorkTelephoneNumber"), "phone"),
        (("Provider", "ProviderContact", "MobileNumber"), "phone"),
    ):
        value = registration.text(*path)
        if not value or getattr(service, field):
            continue
        try:
            service._meta.get_field(field).run_validators(value)
            if field == "phone":
                validate_phone(value)
        except ValidationError:
            continue
        setattr(service, field, value[:30] if field == "phone" else value)


def _location(service: Service, registration: Registration) -> Location | None:
    address = registration.data.get("Setting", {}).get("SettingAddress") or registration.data.get(
        "Provider", {}
    ).get("ProviderAddress")
    if not isinstance(address, dict):
        return None
    lines = [address.get(f"AddressLine{i}", "") for i in (1, 2, 3)]
    lines = [line.strip() for line in lines if isinstance(line, str) and line.strip()]
    postcode = normalise_postcode(address.get("Postcode", "") or "")
    town = (address.get("Town") or "").strip() if isinstance(address.get("Town"), str) else ""
    try:
        validate_postcode(postcode)
    except ValidationError:
        return None
    if not lines or not town:
        return None
    return Location.objects.create(
        local_authority=service.local_authority,
        name=service.name[:200],
        address_1=lines[0][:200],
        address_2=", ".join(lines[1:])[:200],
        city=town[:100],
        postcode=postcode,
        source_id=f"ofsted:{registration.urn}",
    )


def accept_new(change: OfstedChange, user) -> Service:
    registration = _registration(change)
    values = service_values(registration)
    service = Service(
        local_authority=change.local_authority,
        slug=unique_slug(Service.objects, values["name"], fallback="childcare"),
        summary="Ofsted-registered childcare.",
        source_id=f"ofsted:{registration.urn}",
        in_person=True,
        **values,
    )
    service.age_groups = _age_groups(registration)
    if not values["ofsted_special_consideration"]:
        _contact_details(service, registration)
        location = _location(service, registration)
        if location is not None:
            service.service_locations = [ServiceAtLocation(location=location)]
    save_imported(service, created=True, user=user)
    row = change.registration
    row.service = service
    row.save(update_fields=["service"])
    return service


def accept_changed(change: OfstedChange, user) -> Service:
    service = change.service
    registration = _registration(change)
    draft = latest_version(service)
    for name, value in service_values(registration).items():
        if name == "name" and not registration.text("SpecialConsideration"):
            continue  # keep the name staff gave it
        setattr(draft, name, value)
    draft.age_groups = _age_groups(registration, draft.age_groups.all())
    save_imported(draft, created=False, user=user)
    return service


def accept_removed(change: OfstedChange, user) -> Service | None:
    """Flag the service for review, on the record and on its latest revision (so publishing
    a draft later does not drop the flag). Staff-only fields: nothing public changes."""
    service = change.service
    if service is None:
        return None
    row = change.registration
    reason = (
        "registration no longer in the extract"
        if not row.in_extract
        else f"registration status {row.status_label.lower()}"
    )
    flag = REVIEW_FLAG.format(reason=reason)[:120]
    today = timezone.localdate()
    Service.objects.filter(pk=service.pk).update(review_flag=flag, review_due=today)
    revision = service.latest_revision
    if revision is not None:
        revision.content = {**revision.content, "review_flag": flag, "review_due": str(today)}
        revision.save(update_fields=["content"])
    service.refresh_from_db()
    return service


ACTIONS = {
    OfstedChange.Kind.NEW: accept_new,
    OfstedChange.Kind.CHANGED: accept_changed,
    OfstedChange.Kind.REMOVED: accept_removed,
}


def _close(change: OfstedChange, status: str, user, service=None) -> None:
    change.status = status
    change.decided_at = timezone.now()
    change.decided_by = user if getattr(user, "is_authenticated", False) else None
    if service is not None:
        change.service = service
    change.save(update_fields=["status", "decided_at", "decided_by", "service", "updated_at"])


def accept(change: OfstedChange, user) -> Service | None:
    if change.status != OfstedChange.Status.PENDING:
        raise DecisionError("This change has already been decided.")
    if change.kind == OfstedChange.Kind.CHANGED and change.service is None:
        raise DecisionError("The service this change was for no longer exists.")
    try:
        with transaction.atomic():
            service = ACTIONS[change.kind](change, user)
            _close(change, OfstedChange.Status.ACCEPTED, user, service)
    except ValidationError as error:
        messages = "; ".join(error.messages)
        raise DecisionError(f"The service could not be saved: {messages}") from error
    return service


def dismiss(change: OfstedChange, user) -> None:
    if change.status != OfstedChange.Status.PENDING:
        raise DecisionError("This change has already been decided.")
    _close(change, OfstedChange.Status.DISMISSED, user)
