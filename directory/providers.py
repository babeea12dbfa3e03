"""What provider accounts may do with their organisation's records, and how it is recorded.

Every change a provider makes becomes a draft revision of the service, sent to the owning
LA's moderation workflow (staff see the diff in Wagtail's compare view); nothing a provider
types is published without a person at the council approving it. "Still correct" and, for
childcare, vacancies are the exceptions (see ``confirm_still_correct``). Everything is in
the service's history: Wagtail's revisions and log entries, attributed to the provider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Revision, WorkflowState

from .models import Organisation, Service

STILL_CORRECT_ACTION = "directory.still_correct"


# --- Who is a provider and what they may reach ------------------------------------------------


def provider_organisations(user) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(provider_access__user=user)


def is_provider(user) -> bool:
    return provider_organisations(user).exists()


def provider_services(user) -> QuerySet[Service]:
    """The services of the user's organisations that the public directory may show.

    Records kept only for mapping (``is_public`` unticked) are not the provider's to edit.
    """
    return Service.objects.filter(
        organisation__in=provider_organisations(user), is_public=True
    ).select_related("organisation", "local_authority")


# --- Accounts ----------------------------------------------------------------------------------


def is_staff_account(user) -> bool:
    """Council staff keep their admin login; a provider account is a separate login."""
    return bool(user.is_staff or user.is_superuser or user.memberships.exists())


# --- Changes go to moderation ----------------------------------------------------------------


def editable_copy(service: Service) -> Service:
    """The record as it stands with every earlier draft applied (what the provider edits)."""
    return service.get_latest_revision_as_object()


@transaction.atomic
def submit_for_moderation(draft: Service, user) -> Revision:
    """Save ``draft`` as a new revision by ``user`` and put it in front of the LA's moderators.

    A workflow already in progress carries on (approving it publishes the latest revision);
    one sent back for changes resumes; otherwise the LA's workflow starts.
    """
    revision = draft.save_revision(user=user, log_action=True)
    state = draft.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif state is None:
        workflow = draft.get_workflow()
        if workflow is not None:
            workflow.start(draft, user)
    return revision


def next_review_date(service: Service, today: dt.date) -> dt.date:
    return today + relativedelta(months=service.local_authority.review_period_months)


@transaction.atomic
def confirm_still_correct(service: Service, user, today: dt.date | None = None) -> dt.date:
    """The provider says the published record is still right: it counts as reviewed today.

    Only the review dates change (no content), so they apply at once, to the live row and to
    any draft waiting for moderation (so approving it later does not put the old dates back).
    Returns the next review date.
    """
    today = today or timezone.localdate()
    due = next_review_date(service, today)
    Service.objects.filter(pk=service.pk).update(last_reviewed=today, review_due=due)
    latest = service.latest_revision
    if latest is not None and latest.pk != service.live_revision_id:
        latest.content.update(last_reviewed=today.isoformat(), review_due=due.isoformat())
        latest.save(update_fields=["content"])
    service.last_reviewed, service.review_due = today, due
    log(
        instance=service,
        action=STILL_CORRECT_ACTION,
        user=user,
        data={"last_reviewed": today.isoformat(), "review_due": due.isoformat()},
    )
    return due


# --- What the provider sent, and where it stands ----------------------------------------------


@dataclass(frozen=True)
class Submission:
    service: Service
    sent_at: dt.datetime
    status: str  # plain words for the provider; never a member of staff's name


def _status(service: Service, revision: Revision, state: WorkflowState | None) -> str:
    if service.live_revision_id and service.live_revision_id >= revision.pk:
        return "Published"
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "Waiting for the council to check"
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "Sent back by the council: contact them"
    return "Not published"


def submissions(user, limit: int = 20) -> list[Submission]:
    """The user's latest changes to their organisations' services, newest first."""
    services = {str(s.pk): s for s in provider_services(user)}
    if not services:
        return []
    content_type = ContentType.objects.get_for_model(Service)
    revisions = Revision.objects.filter(
        base_content_type=content_type, object_id__in=list(services), user=user
    ).order_by("-created_at", "-pk")[:limit]
    states = {
        state.object_id: state
        for state in WorkflowState.objects.active().filter(
            base_content_type=content_type, object_id__in=list(services)
        )
    }
    return [
        Submission(
            services[revision.object_id],
            revision.created_at,
            _status(services[revision.object_id], revision, states.get(revision.object_id)),
        )
        for revision in revisions
    ]


# --- Vacancies publish at once ----------------------------------------------------------------


def _apply_vacancies(record: Service, vacancies: dict[int, int | None], today: dt.date) -> None:
    groups = list(record.age_groups.all())
    for group in groups:
        if group.pk in vacancies:
            group.vacancies = vacancies[group.pk]
    record.age_groups = groups
    record.vacancies_updated = today


@transaction.atomic
def publish_vacancies(
    service: Service, user, vacancies: dict[int, int | None], today: dt.date | None = None
) -> Revision:
    """Vacancies by age group, dated today, published at once: the exception to moderation.

    Families need to know where there are places now, and the numbers are checked against
    the registered places, so they do not wait for a moderator. Only the vacancies and their
    date change in the published record (a new revision by the provider, published, in the
    history). A draft waiting for moderation gets the same numbers, so approving it later
    does not bring old vacancies back; publishing ends Wagtail's moderation of that draft,
    so it is sent again. A record never published gets the vacancies in its draft only.
    """
    today = today or timezone.localdate()
    latest = service.latest_revision
    has_draft = latest is not None and latest.pk != service.live_revision_id
    state = service.current_workflow_state
    was_moderated = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    if not service.live:
        draft = editable_copy(service)
        _apply_vacancies(draft, vacancies, today)
        return draft.save_revision(user=user, log_action=True)

    live = service.live_revision.as_object() if service.live_revision_id else service
    _apply_vacancies(live, vacancies, today)
    revision = live.save_revision(user=user, log_action=True, clean=False)
    revision.publish(user=user, skip_permission_checks=True)
    if has_draft:
        draft = latest.as_object()
        _apply_vacancies(draft, vacancies, today)
        draft.save_revision(user=user, log_action=True, clean=False)
        if was_moderated and (workflow := draft.get_workflow()) is not None:
            workflow.start(draft, user)
    return revision
