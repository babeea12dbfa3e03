"""Staff of one local authority cannot reach another LA's records by any admin URL."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Workflow

from directory.models import Location, Organisation, ProblemReport, Service
from tests.directory.admin_support import (
    admin_url,
    edit_data_for,
    national_admin,
    service_form_data,
)
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    ServiceFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}


def assert_refused(response) -> None:
    """403/404, or Wagtail's way of refusing a whole screen: back to the dashboard."""
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    else:
        assert response.status_code in REFUSED


@pytest.fixture
def world():
    """LA A with one editor (also a moderator); LA B with a service mid-moderation."""
    la_a = LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")
    la_b = LocalAuthorityFactory(name="North East Lincolnshire", code="E06000012")
    user_a = staff_user(la_a)
    user_a.groups.add(Group.objects.get(name="Moderators"))
    user_b = staff_user(la_b)

    location_b = LocationFactory(local_authority=la_b, name="Grimsby Hub B-only")
    service_a = ServiceFactory(local_authority=la_a, name="Scunthorpe Stay and Play")
    service_b = ServiceFactory(
        local_authority=la_b, name="Grimsby Baby Group", locations=[location_b]
    )
    first = service_b.save_revision(user=user_b)
    first.publish(user=user_b)
    service_b.name = "Grimsby Baby Group (draft)"
    second = service_b.save_revision(user=user_b)
    Workflow.objects.get(name="Directory moderation").start(service_b, user_b)
    service_b.refresh_from_db()
    report_b = ProblemReport.objects.create(
        service=service_b, local_authority=la_b, kind="closed", details="Closed in June"
    )
    return {
        "la_a": la_a,
        "la_b": la_b,
        "user_a": user_a,
        "user_b": user_b,
        "service_a": service_a,
        "service_b": Service.objects.get(pk=service_b.pk),
        "revisions": (first.pk, second.pk),
        "task_state": service_b.current_workflow_task_state,
        "workflow_state": service_b.current_workflow_state,
        "organisation_b": service_b.organisation,
        "location_b": location_b,
        "report_b": report_b,
    }


def _service_b_urls(w) -> list[tuple[str, str]]:
    pk = w["service_b"].pk
    first, second = w["revisions"]
    task_state = w["task_state"]
    return [
        ("edit", admin_url("service", "edit", pk)),
        ("delete", admin_url("service", "delete", pk)),
        ("copy", admin_url("service", "copy", pk)),
        ("usage", admin_url("service", "usage", pk)),
        ("history", admin_url("service", "history", pk)),
        ("history_results", admin_url("service", "history_results", pk)),
        ("revisions_view", admin_url("service", "revisions_view", pk, first)),
        ("revisions_revert", admin_url("service", "revisions_revert", pk, first)),
        ("revisions_compare", admin_url("service", "revisions_compare", pk, first, second)),
        ("revisions_unschedule", admin_url("service", "revisions_unschedule", pk, second)),
        ("unpublish", admin_url("service", "unpublish", pk)),
        ("preview_on_edit", admin_url("service", "preview_on_edit", pk)),
        (
            "workflow_action",
            admin_url("service", "workflow_action", pk, "approve", task_state.pk),
        ),
        (
            "collect_workflow_action_data",
            admin_url("service", "collect_workflow_action_data", pk, "reject", task_state.pk),
        ),
        (
            "workflow_preview",
            admin_url("service", "workflow_preview", pk, task_state.task_id),
        ),
        ("workflow_history", admin_url("service", "workflow_history", pk)),
        (
            "workflow_history_detail",
            admin_url("service", "workflow_history_detail", pk, w["workflow_state"].pk),
        ),
        (
            "confirm_workflow_cancellation",
            admin_url("service", "confirm_workflow_cancellation", pk),
        ),
    ]


def test_listing_shows_only_own_records(client, world):
    client.force_login(world["user_a"])
    for model, own, other in [
        ("service", "Scunthorpe Stay and Play", "Grimsby Baby Group"),
        ("location", "", "Grimsby Hub B-only"),
        ("organisation", world["service_a"].organisation.name, world["organisation_b"].name),
        ("problemreport", "", "Closed in June"),
    ]:
        response = client.get(admin_url(model, "list"))
        assert response.status_code == 200, model
        html = response.content.decode()
        assert other not in html, model
        if own:
            assert own in html, model


def test_listing_search_and_export_leave_out_other_las(client, world):
    client.force_login(world["user_a"])
    html = client.get(admin_url("service", "list_results"), {"q": "Grimsby"}).content.decode()
    assert "Grimsby Baby Group" not in html
    export = client.get(admin_url("service", "list"), {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode()
    assert "Scunthorpe Stay and Play" in body
    assert "Grimsby" not in body


@pytest.mark.parametrize(
    "view",
    [
        "edit",
        "delete",
        "copy",
        "usage",
        "history",
        "history_results",
        "revisions_view",
        "revisions_revert",
        "revisions_compare",
        "revisions_unschedule",
        "unpublish",
        "preview_on_edit",
        "workflow_action",
        "collect_workflow_action_data",
        "workflow_preview",
        "workflow_history",
        "workflow_history_detail",
        "confirm_workflow_cancellation",
    ],
)
def test_direct_urls_to_another_las_service_are_refused(client, world, view):
    client.force_login(world["user_a"])
    url = dict(_service_b_urls(world))[view]
    assert client.get(url).status_code in REFUSED


@pytest.mark.parametrize(
    "view",
    ["edit", "delete", "unpublish", "preview_on_edit", "workflow_action", "revisions_revert"],
)
def test_posts_to_another_las_service_change_nothing(client, world, view):
    service_b = world["service_b"]
    client.force_login(world["user_a"])
    url = dict(_service_b_urls(world))[view]
    data = edit_data_for(service_b, name="Hijacked")
    data["action-publish"] = "action-publish"
    data["comment"] = "Approved by the wrong council"
    assert client.post(url, data).status_code in REFUSED
    service_b.refresh_from_db()
    assert service_b.live
    assert service_b.name == "Grimsby Baby Group"
    assert service_b.latest_revision.object_str == "Grimsby Baby Group (draft)"
    assert service_b.current_workflow_task_state.status == "in_progress"


@pytest.mark.parametrize("view", ["lock", "unlock"])
def test_lock_and_unlock_of_another_las_service_are_refused(client, world, view):
    service_b = world["service_b"]
    if view == "unlock":
        Service.objects.filter(pk=service_b.pk).update(locked=True, locked_by=world["user_b"])
    client.force_login(world["user_a"])
    assert client.post(admin_url("service", view, service_b.pk)).status_code in REFUSED
    service_b.refresh_from_db()
    assert service_b.locked is (view == "unlock")


def test_bulk_delete_skips_another_las_service(client, world):
    service_b = world["service_b"]
    client.force_login(world["user_a"])
    url = reverse("wagtail_bulk_action", args=("directory", "service", "delete"))
    client.post(f"{url}?id={service_b.pk}")
    assert Service.objects.filter(pk=service_b.pk).exists()


def test_preview_on_create_refuses_another_las_record(client, world):
    client.force_login(world["user_a"])
    url = admin_url("service", "preview_on_add")
    data = service_form_data(world["la_b"], name="Sneaky preview", slug="sneaky-preview")
    assert client.post(url, data).json()["is_valid"] is False
    assert "Sneaky preview" not in client.get(url).content.decode()


def test_preview_on_create_works_for_own_la(client, world):
    client.force_login(world["user_a"])
    url = admin_url("service", "preview_on_add")
    data = service_form_data(world["la_a"], name="Honest preview", slug="honest-preview")
    assert client.post(url, data).json()["is_valid"] is True
    assert "Honest preview" in client.get(url).content.decode()


def test_creating_a_record_for_another_la_is_refused(client, world):
    client.force_login(world["user_a"])
    response = client.post(
        admin_url("service", "add"),
        service_form_data(world["la_b"], name="Planted service", slug="planted-service"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Service.objects.filter(slug="planted-service").exists()


def test_organisations_locations_and_reports_of_another_la_are_refused(client, world):
    client.force_login(world["user_a"])
    org, loc, report = world["organisation_b"], world["location_b"], world["report_b"]
    urls = [
        admin_url("organisation", "edit", org.pk),
        admin_url("organisation", "delete", org.pk),
        admin_url("organisation", "history", org.pk),
        admin_url("location", "edit", loc.pk),
        admin_url("location", "delete", loc.pk),
        admin_url("location", "usage", loc.pk),
        admin_url("problemreport", "edit", report.pk),
        admin_url("problemreport", "inspect", report.pk),
        admin_url("problemreport", "delete", report.pk),
    ]
    for url in urls:
        assert client.get(url).status_code in REFUSED, url
    client.post(admin_url("problemreport", "edit", report.pk), {"resolved": "on"})
    report.refresh_from_db()
    assert not report.resolved
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert Location.objects.filter(pk=loc.pk).exists()


def test_choosers_offer_only_own_la_items(client, world):
    own = LocationFactory(local_authority=world["la_a"], name="Ashby Hub A-only")
    client.force_login(world["user_a"])
    chooser = reverse("wagtailsnippetchoosers_directory_location:choose")
    html = client.get(chooser).content.decode()
    assert "Ashby Hub A-only" in html
    assert "Grimsby Hub B-only" not in html
    html = client.get(
        reverse("wagtailsnippetchoosers_directory_location:choose_results"), {"q": "Hub"}
    ).content.decode()
    assert "Grimsby Hub B-only" not in html
    chosen = reverse("wagtailsnippetchoosers_directory_location:chosen", args=[own.pk])
    assert client.get(chosen).status_code == 200
    other = reverse(
        "wagtailsnippetchoosers_directory_location:chosen", args=[world["location_b"].pk]
    )
    assert client.get(other).status_code == 404
    org_chooser = reverse("wagtailsnippetchoosers_directory_organisation:choose")
    assert world["organisation_b"].name not in client.get(org_chooser).content.decode()


def test_another_las_location_cannot_be_linked_to_a_service(client, world):
    service_a = world["service_a"]
    client.force_login(world["user_a"])
    data = edit_data_for(service_a)
    data.update(
        {
            "service_locations-TOTAL_FORMS": "1",
            "service_locations-0-location": str(world["location_b"].pk),
            "service_locations-0-notes": "",
            "service_locations-0-id": "",
            "service_locations-0-ORDER": "1",
            "service_locations-0-DELETE": "",
        }
    )
    response = client.post(admin_url("service", "edit", service_a.pk), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not service_a.service_locations.exists()


def test_local_authorities_and_roles_are_for_national_admins_only(client, world):
    user_a = world["user_a"]
    # Even holding the model permission does not make an LA editor a national administrator.
    user_a.user_permissions.add(Permission.objects.get(codename="change_localauthority"))
    client.force_login(user_a)
    assert_refused(client.get(admin_url("localauthority", "list")))
    assert_refused(client.get(admin_url("localauthority", "edit", world["la_b"].pk)))
    assert_refused(client.get(admin_url("membership", "list")))
    assert "Staff roles" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_national_admin_sees_every_la(client, world):
    client.force_login(national_admin())
    html = client.get(admin_url("service", "list")).content.decode()
    assert "Scunthorpe Stay and Play" in html
    assert "Grimsby Baby Group" in html
    assert client.get(admin_url("service", "edit", world["service_b"].pk)).status_code == 200
    assert client.get(admin_url("localauthority", "list")).status_code == 200
    assert client.get(admin_url("membership", "list")).status_code == 200


def test_moderation_dashboard_lists_only_own_la_items(client, world):
    client.force_login(world["user_a"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Grimsby Baby Group" not in html


def test_site_history_and_workflow_reports_leave_out_other_las(client, world):
    user_b, service_b = world["user_b"], world["service_b"]
    client.force_login(user_b)
    # LA B's editor works through the admin, so the site history logs it.
    client.post(admin_url("service", "lock", service_b.pk))
    client.force_login(world["user_a"])
    client.post(admin_url("service", "lock", world["service_a"].pk))
    for name in ("site_history", "workflow", "workflow_tasks"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code == 200, name
        assert "Grimsby Baby Group" not in response.content.decode(), name
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Scunthorpe Stay and Play" in history
    client.force_login(UserFactory(is_superuser=True))
    for name in ("site_history", "workflow"):
        html = client.get(reverse(f"wagtailadmin_reports:{name}")).content.decode()
        assert "Grimsby Baby Group" in html, name


@pytest.mark.parametrize(
    "view",
    [
        "edit",
        "copy",
        "delete",
        "usage",
        "history",
        "history_results",
        "revisions_view",
        "revisions_compare",
        "unpublish",
        "workflow_history",
    ],
)
def test_own_la_records_stay_reachable(client, world, view):
    """The scoping refuses other LAs' records only: the editor's own all open."""
    service_a, user_a = world["service_a"], world["user_a"]
    first = service_a.save_revision(user=user_a)
    first.publish(user=user_a)
    service_a.summary = "Changed."
    second = service_a.save_revision(user=user_a)
    args = {
        "revisions_view": (service_a.pk, first.pk),
        "revisions_compare": (service_a.pk, first.pk, second.pk),
    }.get(view, (service_a.pk,))
    client.force_login(user_a)
    assert client.get(admin_url("service", view, *args)).status_code == 200
