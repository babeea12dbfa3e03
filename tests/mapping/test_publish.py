"""Publishing a cycle refreshes the public directory from the returns."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from directory.models import Service
from mapping.models import MappingReturn, SectionAssignment, SectionStatus
from mapping.services.workflow import add_services
from tests.factories import ServiceFactory

from .conftest import make_cycle


def approve_details(mapping_return, tier: str) -> None:
    MappingReturn.objects.filter(pk=mapping_return.pk).update(tier=tier)
    SectionAssignment.objects.filter(
        mapping_return=mapping_return, section="service_details"
    ).update(status=SectionStatus.APPROVED)


@override_settings(WAYMARK_UNCONFIRMED_GRACE_DAYS=30)
def test_publishing_sets_review_dates_flags_unconfirmed_and_hides_them_after_grace(world, login):
    confirmed = world.mapping_return
    MappingReturn.objects.filter(pk=confirmed.pk).update(directory_confirmed=True)
    approve_details(confirmed, "specialist")
    quiet = ServiceFactory(local_authority=world.la, name="Quiet Toddler Group", tier="universal")
    (unconfirmed,) = add_services(world.cycle, world.la, [quiet], world.users["lead"])
    quiet.summary = "An editor's unpublished draft."
    quiet.save_revision()  # a draft in progress must not undo the refresh when published
    Service.objects.filter(pk=world.service.pk).update(review_flag="Not confirmed in 2008/09")
    untouched = ServiceFactory(local_authority=world.la, name="Not in the cycle")

    admin = login(world.users["national_admin"])
    page = admin.get(f"/mapping/cycles/{world.cycle.pk}/publish/")
    assert "Publish the 2009/10 cycle" in page.content.decode()
    response = admin.post(f"/mapping/cycles/{world.cycle.pk}/publish/", follow=True)
    assert "1 services confirmed, 2 flagged as not confirmed" in response.content.decode()

    today = timezone.localdate()
    world.service.refresh_from_db()
    assert world.service.last_reviewed == today
    assert world.service.review_due == today + dt.timedelta(days=365)
    assert world.service.review_flag == ""
    assert world.service.tier == "specialist"  # from the latest approved return

    quiet.refresh_from_db()
    assert quiet.review_flag == "Not confirmed in 2009/10"
    assert quiet.hide_from_public_after == today + dt.timedelta(days=30)
    assert quiet.tier == "universal"  # its return was never approved: tier unchanged
    draft = quiet.latest_revision.as_object()
    assert draft.summary == "An editor's unpublished draft."
    assert draft.review_flag == "Not confirmed in 2009/10"
    assert draft.hide_from_public_after == today + dt.timedelta(days=30)
    assert quiet.summary == "A service for families."  # the draft stays a draft
    assert Service.objects.public().filter(pk=quiet.pk).exists()  # still inside the grace period
    after_grace = today + dt.timedelta(days=31)
    assert not Service.objects.public(today=after_grace).filter(pk=quiet.pk).exists()
    assert Service.objects.public(today=after_grace).filter(pk=world.service.pk).exists()

    untouched.refresh_from_db()
    assert (untouched.review_flag, untouched.hide_from_public_after) == ("", None)
    world.cycle.refresh_from_db()
    assert world.cycle.state == "published" and world.cycle.published_at is not None

    # Once published, returns can no longer change and publishing again is refused.
    response = admin.post(f"/mapping/cycles/{world.cycle.pk}/publish/", follow=True)
    assert "already published" in response.content.decode()
    lead = login(world.users["lead"])
    page = lead.post(
        f"/mapping/returns/{unconfirmed.pk}/finance/",
        {"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0", "save": "1"},
        follow=True,
    )
    assert "returns can no longer change" in page.content.decode()


def test_support_tier_keeps_the_directory_tier_and_latest_approved_cycle_wins(world):
    from mapping.services.publishing import publish_cycle

    Service.objects.filter(pk=world.service.pk).update(tier="targeted")
    approve_details(world.mapping_return, "support")
    publish_cycle(world.cycle)
    world.service.refresh_from_db()
    assert world.service.tier == "targeted"

    next_cycle = make_cycle("2010/11")
    (later,) = add_services(next_cycle, world.la, [world.service], world.users["lead"])
    approve_details(later, "universal")
    publish_cycle(next_cycle)
    world.service.refresh_from_db()
    assert world.service.tier == "universal"
    assert world.service.review_flag == "Not confirmed in 2010/11"
