"""Editors keep records the Wagtail way: drafts, publishing, revisions, scheduling, listings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from directory.models import Location, Organisation, ProblemReport, Service
from tests.directory.admin_support import (
    admin_url,
    edit_data_for,
    location_form_data,
    organisation_form_data,
    service_form_data,
)
from tests.factories import (
    LocalAuthorityFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def la():
    return LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")


@pytest.fixture
def editor(la, client):
    user = staff_user(la)
    client.force_login(user)
    return user


def public_html(client, service) -> tuple[int, str]:
    response = client.get(f"/services/{service.slug}/")
    return response.status_code, response.content.decode()


def test_add_form_offers_only_own_la_and_preselects_it(client, la, editor):
    LocalAuthorityFactory(name="Somewhere Else Council")
    html = client.get(admin_url("service", "add")).content.decode()
    assert "North Lincolnshire" in html
    assert "Somewhere Else Council" not in html
    assert f'<option value="{la.pk}" selected>' in html


def test_new_service_saved_as_draft_is_not_public_until_published(client, la, editor):
    response = client.post(admin_url("service", "add"), service_form_data(la))
    assert response.status_code == 302
    service = Service.objects.get(name="Toddler Talk")
    assert service.slug == "toddler-talk"  # made from the name
    assert service.local_authority == la
    assert not service.live
    assert service.revisions.count() == 1
    client.logout()
    assert public_html(client, service)[0] == 404

    client.force_login(editor)
    data = edit_data_for(service, **{"action-publish": "action-publish"})
    assert client.post(admin_url("service", "edit", service.pk), data).status_code == 302
    client.logout()
    status, html = public_html(client, service)
    assert status == 200
    assert "Toddler Talk" in html


def test_a_slug_made_from_a_taken_name_gets_a_number(client, la, editor):
    ServiceFactory(local_authority=la, name="Toddler Talk", slug="toddler-talk")
    assert client.post(admin_url("service", "add"), service_form_data(la)).status_code == 302
    assert Service.objects.filter(slug="toddler-talk-2").exists()


def test_saving_a_draft_of_a_live_service_changes_nothing_publicly(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns", summary="Old summary.")
    service.save_revision(user=editor).publish(user=editor)
    data = edit_data_for(service, summary="New summary from the draft.")
    assert client.post(admin_url("service", "edit", service.pk), data).status_code == 302

    service.refresh_from_db()
    assert service.summary == "Old summary."
    assert service.has_unpublished_changes
    assert service.get_latest_revision_as_object().summary == "New summary from the draft."
    status, html = public_html(client, service)
    assert status == 200
    assert "Old summary." in html
    assert "New summary from the draft." not in html

    data["action-publish"] = "action-publish"
    client.post(admin_url("service", "edit", service.pk), data)
    status, html = public_html(client, service)
    assert "New summary from the draft." in html
    assert "Old summary." not in html


def test_revisions_can_be_compared_and_viewed(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns", summary="First words.")
    first = service.save_revision(user=editor)
    first.publish(user=editor)
    service.summary = "Second words."
    second = service.save_revision(user=editor)
    compare = admin_url("service", "revisions_compare", service.pk, first.pk, second.pk)
    html = client.get(compare).content.decode()
    assert '<span class="deletion">First</span><span class="addition">Second</span>' in html
    view = client.get(admin_url("service", "revisions_view", service.pk, first.pk))
    assert "First words." in view.content.decode()


def test_preview_shows_the_unsaved_edit_with_the_public_template(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    url = admin_url("service", "preview_on_edit", service.pk)
    data = edit_data_for(service, summary="Only in the preview.")
    assert client.post(url, data).json() == {"is_valid": True, "is_available": True}
    html = client.get(url).content.decode()
    assert "Only in the preview." in html
    assert "This is a preview. The public sees the published version." in html
    assert "Only in the preview." not in public_html(client, service)[1]


def test_scheduled_publishing_waits_for_go_live(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Holiday Club", live=False)
    go_live = timezone.localtime() + dt.timedelta(days=3)
    data = edit_data_for(
        service,
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "action-publish"},
    )
    assert client.post(admin_url("service", "edit", service.pk), data).status_code == 302
    service.refresh_from_db()
    assert not service.live
    scheduled = Revision.objects.for_instance(service).get(approved_go_live_at__isnull=False)
    assert public_html(client, service)[0] == 404

    # Time passes: move the schedule into the past, as the clock would.
    past = timezone.now() - dt.timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save()
    call_command("publish_scheduled", verbosity=0)
    service.refresh_from_db()
    assert service.live
    assert public_html(client, service)[0] == 200


def test_organisation_and_location_are_created_for_own_la(client, la, editor):
    response = client.post(admin_url("organisation", "add"), organisation_form_data(la))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Bright Beginnings CIC").local_authority == la
    data = location_form_data(la, postcode="dn15 6nl")
    assert client.post(admin_url("location", "add"), data).status_code == 302
    assert Location.objects.get(name="Riverside Family Hub").postcode == "DN15 6NL"


def test_service_is_linked_to_an_own_location(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    client.post(admin_url("location", "add"), location_form_data(la))
    location = Location.objects.get(name="Riverside Family Hub")
    data = edit_data_for(service, **{"action-publish": "action-publish"})
    data.update(
        {
            "service_locations-TOTAL_FORMS": "1",
            "service_locations-0-location": str(location.pk),
            "service_locations-0-notes": "Upstairs room",
            "service_locations-0-id": "",
            "service_locations-0-ORDER": "1",
            "service_locations-0-DELETE": "",
            "schedules-TOTAL_FORMS": "1",
            "schedules-0-weekday": "2",
            "schedules-0-opens_at": "09:30",
            "schedules-0-closes_at": "11:30",
            "schedules-0-notes": "",
            "schedules-0-id": "",
            "schedules-0-ORDER": "1",
            "schedules-0-DELETE": "",
        }
    )
    assert client.post(admin_url("service", "edit", service.pk), data).status_code == 302
    assert service.service_locations.get().location == location
    assert service.schedules.get().weekday == 2
    html = public_html(client, service)[1]
    assert "Riverside Family Hub" in html


def test_listing_filters_and_export(client, la, editor):
    today = timezone.localdate()
    category = TaxonomyTermFactory(name="Early years")
    ServiceFactory(local_authority=la, name="Overdue Club", review_due=today - dt.timedelta(days=2))
    ServiceFactory(
        local_authority=la,
        name="Closed Cafe",
        status="temporarily closed",
        categories=[category],
        review_due=today + dt.timedelta(days=10),
    )
    ServiceFactory(local_authority=la, name="Draft Den", live=False)

    def names(**params) -> str:
        return client.get(admin_url("service", "list_results"), params).content.decode()

    assert "Closed Cafe" in names(status="temporarily closed")
    assert "Overdue Club" not in names(status="temporarily closed")
    assert "Closed Cafe" in names(categories=category.pk)
    assert "Draft Den" not in names(categories=category.pk)
    overdue = names(review="overdue")
    assert "Overdue Club" in overdue and "Closed Cafe" not in overdue
    soon = names(review="soon")
    assert "Closed Cafe" in soon and "Overdue Club" not in soon
    drafts = names(live="false")
    assert "Draft Den" in drafts and "Overdue Club" not in drafts
    assert "Overdue Club" in names(local_authority=la.pk)

    export = client.get(admin_url("service", "list"), {"export": "csv", "status": "active"})
    body = b"".join(export.streaming_content).decode()
    header = body.splitlines()[0]
    assert "Name" in header and "Review due" in header
    assert "Overdue Club" in body
    assert "Closed Cafe" not in body


def test_problem_report_is_viewed_and_marked_resolved(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    report = ProblemReport.objects.create(
        service=service, local_authority=la, kind="wrong_times", details="Opens at 10 now"
    )
    listing = client.get(admin_url("problemreport", "list")).content.decode()
    assert "Little Acorns" in listing
    inspect = client.get(admin_url("problemreport", "inspect", report.pk)).content.decode()
    assert "Opens at 10 now" in inspect
    assert client.get(admin_url("problemreport", "add")).status_code != 200
    response = client.post(admin_url("problemreport", "edit", report.pk), {"resolved": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved
    assert report.details == "Opens at 10 now"


def test_an_organisation_with_services_cannot_be_deleted(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    organisation = service.organisation
    url = admin_url("organisation", "delete", organisation.pk)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url)
    assert response.status_code in {302, 403}
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Service.objects.filter(pk=service.pk).exists()
