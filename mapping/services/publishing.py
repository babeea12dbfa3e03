"""Publishing a cycle refreshes the public directory from what LAs confirmed in it."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from directory.models import Service, Tier
from directory.signals import records_saved

from ..models import Cycle, CycleEvent, CycleState, MappingReturn, Section, SectionStatus
from . import timetable
from .errors import MappingError

#: How long a confirmed entry counts as reviewed.
REVIEW_PERIOD = dt.timedelta(days=365)


def update_services(service_ids, **values) -> int:
    """Set stewardship fields on services, live row and latest revision alike.

    Services are Wagtail snippets with drafts: the editor's form loads the latest revision, so
    changing only the row would let the next publish quietly undo the refresh. Drafts are not
    published here; their content just carries the new values.
    """
    ids = list(service_ids)
    count = Service.objects.filter(pk__in=ids).update(**values)
    # A queryset update sends no post_save: tell whatever follows the records (search's
    # tables hold the tier and the hide date) which ones changed.
    records_saved.send(sender=Service, pks=frozenset(ids))
    encoded = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    revision_ids = Service.objects.filter(pk__in=ids, latest_revision__isnull=False).values(
        "latest_revision_id"
    )
    for revision in Revision.objects.filter(pk__in=revision_ids):
        revision.content.update(encoded)
        revision.save(update_fields=["content"])
    return count


def latest_approved_return(service: Service) -> MappingReturn | None:
    return (
        MappingReturn.objects.filter(
            service=service,
            assignments__section=Section.SERVICE_DETAILS,
            assignments__status=SectionStatus.APPROVED,
        )
        .exclude(tier="")
        .order_by("-cycle__label")
        .first()
    )


def sync_service_tier(service: Service) -> str:
    """Show practitioners the tier of the latest approved return.

    The directory's tiers are universal/targeted/specialist; a "support services" return
    (commissioning) has no practitioner-facing tier, so the service keeps the tier it had.
    """
    latest = latest_approved_return(service)
    if latest is not None and latest.tier in Tier.values and latest.tier != service.tier:
        update_services([service.pk], tier=latest.tier)
        service.tier = latest.tier
    return service.tier


@transaction.atomic
def publish_cycle(cycle: Cycle, today: dt.date | None = None, user=None) -> dict[str, int]:
    """Mark the cycle published and refresh every service that had a return in it.

    Confirmed entries are marked reviewed (and any earlier flag cleared); unconfirmed ones are
    flagged for staff and leave the public directory after the configured grace period.
    Publishing releases the results too, if the results date has not already done so.
    """
    if cycle.state == CycleState.PUBLISHED:
        raise MappingError(f"The {cycle} cycle is already published.")
    today = today or timezone.localdate()
    returns = MappingReturn.objects.filter(cycle=cycle).select_related("service")
    confirmed_ids = set(
        returns.filter(directory_confirmed=True).values_list("service_id", flat=True)
    )
    all_ids = set(returns.values_list("service_id", flat=True))
    unconfirmed_ids = all_ids - confirmed_ids
    update_services(
        confirmed_ids,
        last_reviewed=today,
        review_due=today + REVIEW_PERIOD,
        review_flag="",
        hide_from_public_after=None,
    )
    update_services(
        unconfirmed_ids,
        review_flag=f"Not confirmed in {cycle.label}",
        hide_from_public_after=today + dt.timedelta(days=settings.WAYMARK_UNCONFIRMED_GRACE_DAYS),
    )
    for service in Service.objects.filter(pk__in=all_ids):
        sync_service_tier(service)
    before = cycle.state
    cycle.state = CycleState.PUBLISHED
    cycle.published_at = timezone.now()
    cycle.save(update_fields=["state", "published_at"])
    timetable.record(
        cycle, CycleEvent.Action.PUBLISHED, user, from_state=before, to_state=cycle.state
    )
    if not cycle.results_released:
        from .scheduler import mark_released

        mark_released(cycle, user)
    return {"confirmed": len(confirmed_ids), "unconfirmed": len(unconfirmed_ids)}
