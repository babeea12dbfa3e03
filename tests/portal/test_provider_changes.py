"""What a provider changes goes to the council's moderation as a draft; "Still correct"
counts as a review at once; everything is in the record's history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry, WorkflowState

from directory.models import Schedule
from tests.directory.admin_support import admin_url
from tests.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory, staff_user

from .provider_support import provider_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    la = LocalAuthorityFactory(name="Own Council", review_period_months=6)
    org = OrganisationFactory(local_authority=la, name="Little Acorns")
    service = ServiceFactory(
        local_authority=la,
        organisation=org,
        name="Acorns Nursery",
        summary="Care for under-fives.",
        description="<p>We are open all year.</p><ul><li>Garden</li></ul>",
        last_reviewed=dt.date(2025, 1, 10),
    )
    moderator = staff_user(la, username="mo.derator", first_name="Morag", last_name="Derry")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {"la": la, "org": org, "service": service, "moderator": moderator}


@pytest.fixture
def provider(client, setting):
    user = provider_for(setting["org"], username="owner@acorns.example")
    client.force_login(user)
    return user


def edit_url(service, section):
    return f"/provider/services/{service.uuid}/{section}/"


def formset(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_description_change_waits_for_moderation_and_the_public_page_is_unchanged(
    client, setting, provider
):
    service = setting["service"]
    page = client.get(edit_url(service, "description")).content.decode()
    assert "We are open all year." in page and "<ul>" not in page

    response = client.post(
        edit_url(service, "description"),
        {
            "summary": "Care and play for under-fives.",
            "description": "We are open all year.\n\nGarden",
        },
    )
    assert response.status_code == 302

    service.refresh_from_db()
    assert service.summary == "Care for under-fives."  # live record untouched
    assert service.has_unpublished_changes
    revision = service.latest_revision
    assert revision.user == provider
    assert revision.content["summary"] == "Care and play for under-fives."
    # the unchanged description keeps the council's formatting
    assert revision.content["description"] == service.description
    state = service.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == provider
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(service.pk), user=provider).values_list(
            "action", flat=True
        )
    )
    assert {"wagtail.edit", "wagtail.workflow.start"} <= actions

    home = client.get("/provider/").content.decode()
    assert "Waiting for the council to check" in home
    assert client.get(f"/services/{service.slug}/").content.decode().count("Care and play") == 0


def test_the_moderator_sees_the_diff_and_approving_publishes_it(client, setting, provider):
    service = setting["service"]
    client.post(
        edit_url(service, "description"),
        {"summary": "Care and play for under-fives.", "description": "Open all year round."},
    )
    service.refresh_from_db()
    moderator = setting["moderator"]
    client.force_login(moderator)
    draft = service.latest_revision
    compare = client.get(admin_url("service", "revisions_compare", service.pk, "live", draft.pk))
    assert compare.status_code == 200
    body = compare.content.decode()
    assert "summary" in body.lower() and "addition" in body and "play" in body

    task_state = service.current_workflow_task_state
    url = admin_url("service", "workflow_action", service.pk, "approve", task_state.pk)
    assert client.post(url, {"comment": "Checked."}).status_code == 302
    service.refresh_from_db()
    assert service.summary == "Care and play for under-fives."
    assert service.description == "<p>Open all year round.</p>"

    client.force_login(provider)
    page = client.get("/provider/").content.decode()
    assert "Published" in page
    # no member of staff is named anywhere the provider looks
    for url in ("/provider/", f"/provider/services/{service.uuid}/"):
        text = client.get(url).content.decode()
        assert "Morag" not in text and "mo.derator" not in text and "Checked." not in text


def test_opening_times_are_added_through_the_repeating_rows(client, setting, provider):
    service = setting["service"]
    data = {
        "schedule_notes": "Closed on bank holidays.",
        **formset(
            "schedules",
            [{"weekday": "0", "opens_at": "08:00", "closes_at": "18:00", "notes": ""}],
        ),
    }
    assert client.post(edit_url(service, "opening-times"), data).status_code == 302
    service.refresh_from_db()
    assert not Schedule.objects.filter(service=service).exists()  # not live yet
    draft = service.get_latest_revision_as_object()
    assert [(s.weekday, s.opens_at) for s in draft.schedules.all()] == [(0, dt.time(8))]
    assert draft.schedule_notes == "Closed on bank holidays."


def test_bad_opening_times_are_explained_and_nothing_is_sent(client, setting, provider):
    service = setting["service"]
    data = {
        "schedule_notes": "",
        **formset(
            "schedules",
            [{"weekday": "0", "opens_at": "18:00", "closes_at": "08:00", "notes": ""}],
        ),
    }
    response = client.post(edit_url(service, "opening-times"), data)
    assert response.status_code == 200
    assert "Closing time must be after opening time." in response.content.decode()
    assert service.revisions.count() == 0


def test_sending_nothing_changed_creates_no_draft(client, setting, provider):
    service = setting["service"]
    data = {"summary": service.summary, "description": "We are open all year.\n\nGarden"}
    assert client.post(edit_url(service, "description"), data).status_code == 302
    assert service.revisions.count() == 0


def test_still_correct_sets_last_reviewed_and_the_next_review_date(client, setting, provider):
    service = setting["service"]
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)):
        response = client.post(f"/provider/services/{service.uuid}/still-correct/")
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_reviewed == dt.date(2026, 3, 15)
    assert service.review_due == dt.date(2026, 9, 15)  # the LA's 6-month review period
    entry = ModelLogEntry.objects.get(object_id=str(service.pk), action="directory.still_correct")
    assert entry.user == provider
    # The session began "in March" (time travel above): sessions end after 12 hours, so
    # sign in again today.
    client.force_login(provider)
    assert client.get(f"/provider/services/{service.uuid}/still-correct/").status_code == 405


def test_still_correct_is_kept_when_a_waiting_draft_is_approved_later(client, setting, provider):
    service = setting["service"]
    client.post(edit_url(service, "description"), {"summary": "New.", "description": "New."})
    client.post(f"/provider/services/{service.uuid}/still-correct/")
    service.refresh_from_db()
    service.latest_revision.publish(user=setting["moderator"])
    service.refresh_from_db()
    assert service.summary == "New." and service.last_reviewed == timezone.localdate()


def test_every_provider_action_is_in_the_admin_history(client, setting, provider):
    service = setting["service"]
    client.post(edit_url(service, "description"), {"summary": "New.", "description": "New."})
    client.post(f"/provider/services/{service.uuid}/still-correct/")
    client.force_login(setting["moderator"])
    history = client.get(admin_url("service", "history", service.pk)).content.decode()
    assert "Confirmed still correct" in history
    assert history.count("owner@acorns.example") >= 2


def test_records_kept_only_for_mapping_are_not_offered(client, setting, provider):
    hidden = ServiceFactory(
        local_authority=setting["la"], organisation=setting["org"], is_public=False
    )
    assert hidden.name not in client.get("/provider/").content.decode()
    assert client.get(f"/provider/services/{hidden.uuid}/").status_code == 404
    assert hidden.revisions.count() == 0


def test_moderation_emails_stay_in_the_council_and_never_reach_the_provider(
    client, setting, provider, django_capture_on_commit_callbacks
):
    from django.core import mail

    other_moderator = staff_user(LocalAuthorityFactory(), email="other.mod@elsewhere.example")
    other_moderator.groups.add(Group.objects.get(name="Moderators"))
    service = setting["service"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(service, "description"), {"summary": "New.", "description": "New."})
    recipients = {address for message in mail.outbox for address in message.to}
    assert setting["moderator"].email in recipients
    assert "other.mod@elsewhere.example" not in recipients

    mail.outbox.clear()
    service.refresh_from_db()
    client.force_login(setting["moderator"])
    task_state = service.current_workflow_task_state
    for action in ("reject", "approve"):
        if action == "approve":
            client.force_login(provider)
            client.post(edit_url(service, "description"), {"summary": "Newer.", "description": ""})
            client.force_login(setting["moderator"])
            service.refresh_from_db()
            task_state = service.current_workflow_task_state
        with django_capture_on_commit_callbacks(execute=True):
            url = admin_url("service", "workflow_action", service.pk, action, task_state.pk)
            assert client.post(url, {"comment": "Morag says no."}).status_code == 302
    assert "owner@acorns.example" not in {a for m in mail.outbox for a in m.to}
