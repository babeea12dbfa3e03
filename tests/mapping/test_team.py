"""Leads run their own team: October registration, national approval, invitations by email,
partner organisations, removal; the performance section; read-only partnership viewers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import Membership, StaffRole
from mapping.models import (
    CycleState,
    PartnerOrganisation,
    Partnership,
    PerformanceMeasure,
    Registration,
    ReturnChange,
    SectionAssignment,
    SectionStatus,
    TeamInvitation,
    TeamMember,
)
from portal.security.second_factor import requires_second_factor
from tests.factories import UserFactory, staff_user

from .conftest import formset_data

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "kettle orchard lantern"
OCTOBER = dt.datetime(2009, 10, 12, 10, 0)


def url(name: str, world, **kwargs) -> str:
    return reverse(
        f"mapping:{name}", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk, **kwargs}
    )


def approve(world) -> Registration:
    return Registration.objects.create(
        cycle=world.cycle,
        local_authority=world.la,
        lead=world.users["lead"],
        status=Registration.Status.APPROVED,
    )


@pytest.fixture
def partners(world):
    trust = Partnership.objects.create(local_authority=world.la, name="North CT", slug="north-ct")
    other = Partnership.objects.create(
        local_authority=world.other_la, name="South CT", slug="south-ct"
    )
    return {
        "nhs": PartnerOrganisation.objects.create(
            partnership=trust, name="North NHS Trust", kind="nhs_trust"
        ),
        "voluntary": PartnerOrganisation.objects.create(
            partnership=trust, name="Riverside Carers", kind="voluntary"
        ),
        "other_la": PartnerOrganisation.objects.create(
            partnership=other, name="South PCT", kind="pct_icb"
        ),
    }


@pytest.fixture
def send_invitation(client, world, django_capture_on_commit_callbacks):
    """The lead invites someone from the team page; returns the link's path from the email."""

    def send(email="sam@north-nhs.example", role=StaffRole.DELEGATE, partner=None, **extra):
        client.force_login(world.users["lead"])
        data = {"full_name": "Sam Patel", "email": email, "role": role, **extra}
        if partner is not None:
            data["partner_organisation"] = partner.pk
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("team", world), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        link = re.search(r"http\S+/mapping/invitations/\S+/", mail.outbox[-1].body).group(0)
        return "/" + link.split("/", 3)[3]

    return send


# --- Registration and approval ----------------------------------------------------------------


def test_lead_registers_in_october_and_a_national_admin_approves(
    world, client, django_capture_on_commit_callbacks
):
    with time_machine.travel(OCTOBER, tick=False):
        client.force_login(world.users["lead"])
        page = client.get(url("register", world))
        assert page.status_code == 200 and "Register North Testshire" in page.content.decode()
        response = client.post(url("register", world), {"job_title": "Commissioning manager"})
        assert response.status_code == 302
        registration = Registration.objects.get()
        assert (registration.local_authority, registration.lead, registration.status) == (
            world.la,
            world.users["lead"],
            Registration.Status.PENDING,
        )
        # Not approved yet: no inviting.
        refused = client.post(
            url("team", world),
            {"full_name": "Sam Patel", "email": "sam@example.org", "role": "delegate"},
        )
        assert refused.status_code == 400
        assert "registration approved" in refused.content.decode()
        assert not TeamInvitation.objects.exists()
        # The lead cannot approve their own registration.
        decide = reverse("mapping:registration_decide", kwargs={"pk": registration.pk})
        assert client.post(decide, {f"r{registration.pk}-decision": "approve"}).status_code == 403
        assert client.get(reverse("mapping:registrations")).status_code == 403

        client.force_login(world.users["national_admin"])
        listing = client.get(reverse("mapping:registrations")).content.decode()
        assert "North Testshire, 2009/10" in listing and "Commissioning manager" in listing
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(decide, {f"r{registration.pk}-decision": "approve"})
        assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert registration.decided_by == world.users["national_admin"]
    assert mail.outbox[-1].to == [world.users["lead"].email]
    assert "approved" in mail.outbox[-1].subject


def test_refusing_needs_a_reason_and_the_lead_may_register_again(world, client):
    with time_machine.travel(OCTOBER, tick=False):
        client.force_login(world.users["lead"])
        client.post(url("register", world), {})
        registration = Registration.objects.get()
        decide = reverse("mapping:registration_decide", kwargs={"pk": registration.pk})
        client.force_login(world.users["national_admin"])
        client.post(decide, {f"r{registration.pk}-decision": "refuse"})
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING
        client.post(
            decide,
            {f"r{registration.pk}-decision": "refuse", f"r{registration.pk}-note": "Wrong LA"},
        )
        registration.refresh_from_db()
        assert registration.status == Registration.Status.REFUSED
        client.force_login(world.users["lead"])
        assert "Wrong LA" in client.get(url("register", world)).content.decode()
        assert client.post(url("register", world), {}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


@pytest.mark.parametrize(
    ("when", "allowed"),
    [
        (dt.datetime(2009, 9, 30, 21, 0), False),
        (dt.datetime(2009, 10, 1, 9, 0), True),
        (dt.datetime(2009, 10, 31, 17, 0), True),
        (dt.datetime(2009, 11, 1, 9, 0), False),
    ],
)
def test_registration_is_only_open_in_the_cycles_registration_window(world, client, when, allowed):
    with time_machine.travel(when, tick=False):
        client.force_login(world.users["lead"])
        response = client.post(url("register", world), {})
        assert response.status_code == (302 if allowed else 400)
        if not allowed:
            assert "Registration for 2009/10 is open from 1 October 2009" in (
                response.content.decode()
            )
    assert Registration.objects.exists() is allowed


def test_registration_uses_the_dates_a_national_admin_set(world, client):
    world.cycle.registration_opens = dt.date(2009, 9, 1)
    world.cycle.save()
    with time_machine.travel(dt.datetime(2009, 9, 2, 9, 0), tick=False):
        client.force_login(world.users["lead"])
        assert client.post(url("register", world), {}).status_code == 302


# --- A lead manages only their own LA -----------------------------------------------------------


def test_a_lead_can_only_manage_their_own_las_team(world, client, partners):
    approve(world)
    other_lead = world.users["other_lead"]
    delegate = Membership.objects.get(user=world.users["delegate_assigned"], role="delegate")
    invitation = TeamInvitation.objects.create(
        local_authority=world.la,
        cycle=world.cycle,
        email="x@example.org",
        full_name="X",
        role="delegate",
    )
    client.force_login(other_lead)
    assert client.get(url("team", world)).status_code == 404
    assert client.get(url("register", world)).status_code == 404
    assert client.post(url("team", world), {"email": "a@b.example"}).status_code == 404
    # Their own LA's URLs with this LA's member and invitation ids: 404 too.
    own = {"la_slug": world.other_la.slug, "cycle_id": world.cycle.pk}
    remove = reverse("mapping:member_remove", kwargs={**own, "membership_id": delegate.pk})
    assert client.post(remove).status_code == 404
    partner = reverse("mapping:member_partner", kwargs={**own, "membership_id": delegate.pk})
    assert client.post(partner, {}).status_code == 404
    withdraw = reverse(
        "mapping:invitation_withdraw", kwargs={**own, "invitation_id": invitation.pk}
    )
    assert client.post(withdraw).status_code == 404
    assert Membership.objects.filter(pk=delegate.pk).exists()
    assert TeamInvitation.objects.get().withdrawn_at is None
    # Delegates and DCSs do not manage the team.
    for role in ("delegate_assigned", "dcs"):
        client.force_login(world.users[role])
        assert client.get(url("team", world)).status_code == 403


def test_a_lead_cannot_invite_into_another_las_partner_organisation(
    world, client, partners, django_capture_on_commit_callbacks
):
    approve(world)
    client.force_login(world.users["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("team", world),
            {
                "full_name": "Pat",
                "email": "pat@example.org",
                "role": "delegate",
                "partner_organisation": partners["other_la"].pk,
            },
        )
    assert response.status_code == 400
    assert not TeamInvitation.objects.exists() and not mail.outbox


# --- Invitations ------------------------------------------------------------------------------


def test_an_invited_delegate_sets_a_password_and_is_linked_to_their_partner_organisation(
    world, client, partners, send_invitation
):
    approve(world)
    path = send_invitation(email="Sam@North-NHS.example", partner=partners["nhs"])
    invitation = TeamInvitation.objects.get()
    assert invitation.email == "sam@north-nhs.example"
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert mail.outbox[-1].to == ["sam@north-nhs.example"]
    assert "North Testshire" in mail.outbox[-1].subject

    page = client.get(path).content.decode()
    assert "North Testshire" in page and "North NHS Trust" in page and "Create a password" in page

    weak = client.post(path, {"password1": "short pass", "password2": "short pass"})
    assert weak.status_code == 400
    assert "at least 12 characters" in weak.content.decode()
    common = client.post(path, {"password1": "password1234", "password2": "password1234"})
    assert common.status_code == 400
    assert not get_user_model().objects.filter(email="sam@north-nhs.example").exists()

    done = client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("mapping:dashboard")
    user = get_user_model().objects.get(username="sam@north-nhs.example")
    assert user.check_password(GOOD_PASSWORD) and user.get_full_name() == "Sam Patel"
    membership = Membership.objects.get(user=user)
    assert (membership.local_authority, membership.role) == (world.la, StaffRole.DELEGATE)
    assert membership.mapping_member.partner_organisation == partners["nhs"]
    # Signed in straight away, without a second factor (delegates follow the existing rules).
    assert not requires_second_factor(user)
    assert client.get(reverse("mapping:dashboard")).status_code == 200

    # The lead can now assign a section to the new delegate; the team page lists them.
    client.force_login(world.users["lead"])
    team_page = client.get(url("team", world)).content.decode()
    assert "Sam Patel" in team_page and "North NHS Trust" in team_page
    assign = reverse("mapping:assign", kwargs={"pk": world.mapping_return.pk})
    assert client.post(assign, {"performance-delegate": user.pk}).status_code == 302
    assert world.mapping_return.assignments.get(section="performance").delegate == user


def test_an_invitation_works_once(world, client, send_invitation):
    approve(world)
    path = send_invitation()
    client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    client.logout()
    assert client.get(path).status_code == 410
    again = client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert again.status_code == 410
    assert Membership.objects.filter(user__email="sam@north-nhs.example").count() == 1


def test_an_expired_invitation_is_refused(world, client, send_invitation):
    approve(world)
    path = send_invitation()
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert client.get(path).status_code == 410
        response = client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
        assert response.status_code == 410
    assert not get_user_model().objects.filter(email="sam@north-nhs.example").exists()


def test_a_tampered_or_withdrawn_invitation_is_refused(world, client, send_invitation):
    approve(world)
    path = send_invitation()
    assert client.get(path[:-3] + "xx/").status_code == 404
    invitation = TeamInvitation.objects.get()
    client.force_login(world.users["lead"])
    withdraw = url("invitation_withdraw", world, invitation_id=invitation.pk)
    assert client.post(withdraw).status_code == 302
    client.logout()
    assert client.get(path).status_code == 410


def test_a_newer_invitation_replaces_the_older_link(world, client, send_invitation):
    approve(world)
    first = send_invitation()
    second = send_invitation()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_team_link_opens_no_other_kind_of_invitation_and_records_who_used_it(
    world, client, send_invitation
):
    approve(world)
    path = send_invitation()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/provider/invitation/{token}/").status_code == 404
    client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    invitation = TeamInvitation.objects.get()
    assert invitation.accepted_by == get_user_model().objects.get(email="sam@north-nhs.example")
    assert invitation.status == "Accepted"


def test_an_existing_account_accepts_only_when_signed_in_as_itself(world, client, send_invitation):
    approve(world)
    person = UserFactory(username="chris", email="chris@example.org")
    path = send_invitation(email="chris@example.org", role=StaffRole.VIEWER, viewer_body="board")
    anonymous = client.get(path).content.decode()
    assert "Sign in to accept" in anonymous and "Create a password" not in anonymous
    assert (
        client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}).status_code
        == 200
    )
    assert not Membership.objects.filter(user=person).exists()
    client.force_login(world.users["delegate_unassigned"])
    assert client.post(path).status_code == 403
    client.force_login(person)
    assert client.post(path).status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.local_authority) == (StaffRole.VIEWER, world.la)
    assert membership.mapping_member.get_viewer_body_display() == "Children's Trust Board"
    assert not person.check_password(GOOD_PASSWORD)


# --- Partner organisations and removal ---------------------------------------------------------


def test_the_lead_links_a_delegate_to_a_partner_organisation(world, client, partners):
    membership = Membership.objects.get(user=world.users["delegate_assigned"], role="delegate")
    client.force_login(world.users["lead"])
    link = url("member_partner", world, membership_id=membership.pk)
    field = f"m{membership.pk}-partner_organisation"
    assert client.post(link, {field: partners["voluntary"].pk}).status_code == 302
    assert (
        TeamMember.objects.get(membership=membership).partner_organisation
        == (partners["voluntary"])
    )
    client.post(link, {field: partners["other_la"].pk})
    assert (
        TeamMember.objects.get(membership=membership).partner_organisation
        == (partners["voluntary"])
    )
    assert "Riverside Carers" in client.get(url("team", world)).content.decode()


def test_removing_a_delegate_ends_their_access_and_hands_their_sections_back(world, client):
    delegate = world.users["delegate_assigned"]
    membership = Membership.objects.get(user=delegate, role="delegate")
    approved = world.mapping_return.assignments.get(section="finance")
    approved.status = SectionStatus.APPROVED
    approved.save()
    client.force_login(delegate)
    edit = reverse(
        "mapping:section_edit", kwargs={"pk": world.mapping_return.pk, "section": "workforce"}
    )
    assert client.get(edit).status_code == 200

    client.force_login(world.users["lead"])
    remove = url("member_remove", world, membership_id=membership.pk)
    assert "Remove" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    left = SectionAssignment.objects.filter(mapping_return=world.mapping_return)
    assert {a.section for a in left if a.delegate_id == delegate.pk} == {"finance"}
    assert ReturnChange.objects.filter(
        mapping_return=world.mapping_return, comment="Removed from the team."
    ).count() == (len(left) - 1)

    client.force_login(delegate)
    assert client.get(edit).status_code in (403, 404)
    detail = reverse("mapping:return_detail", kwargs={"pk": world.mapping_return.pk})
    assert client.get(detail).status_code in (403, 404)


def test_a_lead_cannot_remove_another_lead_or_the_dcs(world, client):
    client.force_login(world.users["lead"])
    dcs = Membership.objects.get(user=world.users["dcs"])
    assert client.post(url("member_remove", world, membership_id=dcs.pk)).status_code == 404
    assert Membership.objects.filter(pk=dcs.pk).exists()


# --- The performance section ------------------------------------------------------------------


def test_the_performance_section_is_delegated_filled_in_and_approved(world, client):
    assignment = world.mapping_return.assignments.get(section="performance")
    assert assignment.delegate == world.users["delegate_assigned"]
    client.force_login(world.users["delegate_assigned"])
    edit = reverse(
        "mapping:section_edit", kwargs={"pk": world.mapping_return.pk, "section": "performance"}
    )
    page = client.get(edit).content.decode()
    assert "Performance measures" in page and "What was achieved" in page
    row = {
        "measure": "Families completing the parenting course",
        "outcome": "",
        "unit": "%",
        "baseline": "55",
        "target": "70",
        "achieved": "72.5",
        "outcome_achieved": "More parents finished the course than planned.",
    }
    response = client.post(edit, {**formset_data("lines", [row]), "submit": "1"})
    assert response.status_code == 302
    measure = PerformanceMeasure.objects.get()
    assert (measure.mapping_return, str(measure.achieved), measure.unit) == (
        world.mapping_return,
        "72.50",
        "%",
    )
    assignment.refresh_from_db()
    assert assignment.status == SectionStatus.SUBMITTED
    assert ReturnChange.objects.filter(section="performance", action="submitted").exists()

    # Another delegate, not assigned, cannot edit it.
    client.force_login(world.users["delegate_unassigned"])
    assert client.get(edit).status_code in (403, 404)

    client.force_login(world.users["lead"])
    review = reverse(
        "mapping:section_review",
        kwargs={"pk": world.mapping_return.pk, "section": "performance"},
    )
    assert client.post(review, {"decision": "approve"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == SectionStatus.APPROVED
    detail = client.get(reverse("mapping:return_detail", kwargs={"pk": world.mapping_return.pk}))
    assert "Families completing the parenting course" in detail.content.decode()


def test_a_performance_measure_needs_a_name(world, client):
    client.force_login(world.users["delegate_assigned"])
    edit = reverse(
        "mapping:section_edit", kwargs={"pk": world.mapping_return.pk, "section": "performance"}
    )
    row = {"measure": "", "unit": "%", "achieved": "not a number"}
    response = client.post(edit, {**formset_data("lines", [row]), "save": "1"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not PerformanceMeasure.objects.exists()


# --- Read-only partnership viewers ------------------------------------------------------------


@pytest.fixture
def viewer(world):
    return staff_user(world.la, StaffRole.VIEWER, username="board_member")


def report_url(world, slug="investment-matrix", la=None) -> str:
    la = la or world.la
    return f"/mapping/reports/{slug}/?la={la.code}&cycle={world.cycle.label}&basis=actual"


def test_a_viewer_sees_the_published_reports_of_their_partnership_and_nothing_else(
    world, client, viewer
):
    assert not requires_second_factor(viewer)
    client.force_login(viewer)
    home = client.get(reverse("mapping:dashboard"))
    assert home.status_code == 200
    assert "No results have been published yet" in home.content.decode()
    nav = re.search(r'id="mapping-navigation">(.*?)</ul>', home.content.decode(), re.S).group(1)
    assert re.findall(r'href="([^"]+)"', nav) == ["/mapping/", "/mapping/reports/"]

    # The cycle is open: its reports are not the viewer's yet.
    assert client.get(report_url(world)).status_code in (400, 404)
    assert (
        "Riverside Family Hub" not in client.get(report_url(world, "la-profile")).content.decode()
    )

    world.cycle.state = CycleState.PUBLISHED
    world.cycle.save()
    published = client.get(report_url(world))
    assert published.status_code == 200 and "Investment matrix" in published.content.decode()
    profile = client.get(report_url(world, "la-profile"))
    assert profile.status_code == 200 and "Riverside Family Hub" in profile.content.decode()
    index = client.get("/mapping/reports/").content.decode()
    assert "Summary of data submitted" not in index and "Trends" not in index

    # Nothing else: internal reports, another LA, returns, progress, cycles, readiness...
    assert client.get(report_url(world, "summary")).status_code == 404
    assert client.get(report_url(world, "data-quality")).status_code == 404
    assert client.get(report_url(world, la=world.other_la)).status_code == 404
    forbidden = [
        reverse("mapping:return_detail", kwargs={"pk": world.mapping_return.pk}),
        reverse("mapping:return_detail", kwargs={"pk": world.other_return.pk}),
        reverse(
            "mapping:section_edit",
            kwargs={"pk": world.mapping_return.pk, "section": "finance"},
        ),
        reverse("mapping:progress", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk}),
        reverse(
            "mapping:export",
            kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk, "kind": "investment"},
        ),
        reverse("mapping:cycle_list"),
        reverse("mapping:partnership_list"),
        reverse("mapping:sandbox"),
        reverse("mapping:priorities", kwargs={"la_slug": world.la.slug}),
        reverse("mapping:team", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk}),
        "/mapping/reports/trends/",
        "/mapping/reports/readiness/",
        "/mapping/registrations/",
    ]
    for path in forbidden:
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "govuk-heading-l" in response.content.decode(), path


def test_a_viewer_sees_only_released_cycles_in_the_report_form(world, client, viewer):
    from tests.mapping.conftest import make_cycle

    make_cycle("2008/09", CycleState.PUBLISHED)
    client.force_login(viewer)
    page = client.get("/mapping/reports/investment-matrix/").content.decode()
    options = re.findall(r'<option value="(\d{4}/\d\d)"', page)
    assert options == ["2008/09"]
    benchmarking = client.get(
        "/mapping/reports/benchmarking/",
        {"la": world.la.code, "cycle": "2009/10", "basis": "actual"},
    )
    assert benchmarking.status_code in (400, 404)
