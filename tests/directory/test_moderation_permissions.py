"""Editors submit, moderators publish, a per-council switch lets editors publish, and each
council's staff edit only their own site's CMS pages. All through HTTP."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from directory.models import Membership, Service, StaffRole
from portal.models import InformationPage, PortalSettings
from tests.directory.admin_support import admin_url, edit_data_for, national_admin
from tests.factories import LocalAuthorityFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(la, *group_names, role=StaffRole.EDITOR):
    user = UserFactory()
    Membership.objects.create(user=user, local_authority=la, role=role)
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def la():
    return LocalAuthorityFactory(name="North Testshire")


def _publish(client, service):
    data = edit_data_for(service, summary="Changed and published.")
    data["action-publish"] = "action-publish"
    return client.post(admin_url("service", "edit", service.pk), data)


def test_la_staff_cannot_publish_directly_only_submit(client, la):
    service = ServiceFactory(local_authority=la, name="Dads' Club", live=False)
    client.force_login(member(la, "LA staff"))
    edit_page = client.get(admin_url("service", "edit", service.pk)).content.decode()
    assert 'name="action-publish"' not in edit_page
    assert 'name="action-submit"' in edit_page
    _publish(client, service)
    service.refresh_from_db()
    assert not service.live  # saved as a draft, not published
    added = client.post(
        admin_url("service", "add"),
        {**_add_data(la), "action-publish": "action-publish"},
    )
    assert added.status_code == 302
    assert not Service.objects.get(name="Toddler Talk").live


def _add_data(la):
    from tests.directory.admin_support import service_form_data

    return service_form_data(la)


def test_moderators_publish(client, la):
    service = ServiceFactory(local_authority=la, live=False)
    client.force_login(member(la, "Moderators"))
    assert _publish(client, service).status_code == 302
    service.refresh_from_db()
    assert service.live and service.summary == "Changed and published."


def test_a_national_administrator_lets_one_councils_editors_publish(client, la):
    other_la = LocalAuthorityFactory(name="South Testshire")
    own = ServiceFactory(local_authority=la, live=False)
    editor = member(la, "LA staff")
    Membership.objects.create(user=editor, local_authority=other_la)
    elsewhere = ServiceFactory(local_authority=other_la, live=False)

    client.force_login(editor)  # editors cannot switch it on themselves
    form = {
        "name": la.name,
        "code": la.code,
        "slug": la.slug,
        "region": la.region,
        "review_period_months": "12",
        "review_reminder_days": "30",
        "editors_can_publish": "on",
    }
    assert client.post(admin_url("localauthority", "edit", la.pk), form).status_code in {302, 403}
    la.refresh_from_db()
    assert not la.editors_can_publish

    client.force_login(national_admin())
    response = client.post(admin_url("localauthority", "edit", la.pk), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    la.refresh_from_db()
    assert la.editors_can_publish

    client.force_login(editor)
    _publish(client, own)
    own.refresh_from_db()
    assert own.live
    _publish(client, elsewhere)  # the other council has not switched it on
    elsewhere.refresh_from_db()
    assert not elsewhere.live


# --- CMS pages: each council's site has its own page permissions ----------------------------


@pytest.fixture
def two_sites():
    root = Page.get_first_root_node()
    sites = {}
    for name, host in [("North Testshire", "north.example"), ("South Testshire", "south.example")]:
        la = LocalAuthorityFactory(name=name)
        home = root.add_child(
            instance=InformationPage(title=f"{name} FIS", slug=host.split(".")[0], body=[])
        )
        page = home.add_child(
            instance=InformationPage(title=f"{name} childcare", slug="childcare", body=[])
        )
        site = Site.objects.create(hostname=host, port=80, root_page=home, site_name=name)
        PortalSettings.objects.create(site=site, local_authority=la)
        sites[name] = (la, page)
    return sites


def _page_form(page, **changes):
    return nested_form_data(
        {
            "title": changes.get("title", page.title),
            "slug": page.slug,
            "summary": "",
            "body": streamfield([("heading", "Opening times")]),
            **{k: v for k, v in changes.items() if k.startswith("action-")},
        }
    )


def test_council_staff_edit_only_their_own_sites_pages(client, two_sites):
    north_la, north_page = two_sites["North Testshire"]
    _, south_page = two_sites["South Testshire"]
    editor = member(north_la, "LA staff")
    client.force_login(editor)
    assert client.get(f"/admin/pages/{north_page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{south_page.pk}/edit/").status_code in {302, 403}
    client.post(f"/admin/pages/{south_page.pk}/edit/", _page_form(south_page, title="Defaced"))
    south_page.refresh_from_db()
    assert south_page.title == "South Testshire childcare"
    assert all(r.content["title"] != "Defaced" for r in south_page.revisions.all())

    # Editing its own page: a draft, submitted to its council's moderators, never published.
    response = client.post(
        f"/admin/pages/{north_page.pk}/edit/",
        _page_form(north_page, title="Childcare (new)", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    north_page.refresh_from_db()
    assert north_page.title == "North Testshire childcare"  # not published
    assert north_page.get_latest_revision().content["title"] == "Childcare (new)"
    client.post(
        f"/admin/pages/{north_page.pk}/edit/",
        _page_form(north_page, title="Childcare (new)", **{"action-submit": "submit"}),
    )
    north_page.refresh_from_db()
    workflow = north_page.current_workflow_state.workflow
    assert workflow.name == "North Testshire page moderation"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["North Testshire: page moderators"]


def test_the_global_moderators_group_no_longer_reaches_every_councils_pages(client, two_sites):
    north_la, north_page = two_sites["North Testshire"]
    _, south_page = two_sites["South Testshire"]
    moderator = member(north_la, "LA staff", "Moderators")
    assert moderator.groups.filter(name="North Testshire: page moderators").exists()
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{north_page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{south_page.pk}/edit/").status_code in {302, 403}
    response = client.post(
        f"/admin/pages/{north_page.pk}/edit/",
        _page_form(north_page, title="Childcare (checked)", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    north_page.refresh_from_db()
    assert north_page.title == "Childcare (checked)"  # the council's moderators publish
