"""Vacancies publish at once with their date (the one exception to moderation); the rest of
the childcare offer waits for the council like every other change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry, WorkflowState

from directory.models import ChildcareAgeGroup
from tests.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory, staff_user

from .provider_support import provider_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def nursery():
    la = LocalAuthorityFactory()
    org = OrganisationFactory(local_authority=la, name="Little Acorns")
    service = ServiceFactory(
        local_authority=la,
        organisation=org,
        name="Acorns Nursery",
        summary="Care for under-fives.",
        ofsted_urn="EY123456",
        ofsted_provision_type="CCN",
    )
    toddlers = ChildcareAgeGroup.objects.create(
        service=service, age_from=2, age_to=3, places=10, vacancies=2
    )
    moderator = staff_user(la)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {"org": org, "service": service, "toddlers": toddlers, "moderator": moderator}


@pytest.fixture
def provider(client, nursery):
    user = provider_for(nursery["org"], username="owner@acorns.example")
    client.force_login(user)
    return user


def url(service, part):
    return f"/provider/services/{service.uuid}/{part}/"


def post_vacancies(client, nursery, value):
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10))):
        return client.post(
            url(nursery["service"], "vacancies"), {f"group_{nursery['toddlers'].pk}": value}
        )


def test_vacancies_publish_at_once_with_todays_date(client, nursery, provider):
    assert post_vacancies(client, nursery, "5").status_code == 302
    service, toddlers = nursery["service"], nursery["toddlers"]
    service.refresh_from_db()
    toddlers.refresh_from_db()
    assert toddlers.vacancies == 5 and service.vacancies_updated == TODAY
    assert service.live and not service.has_unpublished_changes
    assert service.current_workflow_state is None  # no moderation for vacancies
    published = ModelLogEntry.objects.get(object_id=str(service.pk), action="wagtail.publish")
    assert published.user == provider  # in the record's history, as the provider's act
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10, 5))):  # same session, awake
        assert "Published" in client.get("/provider/").content.decode()


def test_vacancies_above_places_are_refused(client, nursery, provider):
    response = post_vacancies(client, nursery, "11")
    assert response.status_code == 200
    assert "Vacancies (11) cannot be more than places (10)." in response.content.decode()
    nursery["toddlers"].refresh_from_db()
    assert nursery["toddlers"].vacancies == 2
    assert nursery["service"].revisions.count() == 0


@pytest.mark.parametrize("value", ["99999999999999999999", "2147483648"])
def test_vacancies_for_a_group_without_places_are_still_a_number_the_record_can_hold(
    client, nursery, provider, value
):
    """Without registered places nothing capped the number; one too big for the database
    failed the publish with a server error."""
    ChildcareAgeGroup.objects.filter(pk=nursery["toddlers"].pk).update(places=None)
    response = post_vacancies(client, nursery, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vacancies must be 2,147,483,647 or fewer" in html
    assert f'value="{value}"' in html  # what they typed is kept to correct
    nursery["toddlers"].refresh_from_db()
    assert nursery["toddlers"].vacancies == 2
    assert nursery["service"].revisions.count() == 0


def test_vacancies_do_not_publish_a_draft_waiting_for_moderation(client, nursery, provider):
    service = nursery["service"]
    client.post(url(service, "description"), {"summary": "New summary.", "description": ""})
    assert post_vacancies(client, nursery, "4").status_code == 302

    service.refresh_from_db()
    assert service.summary == "Care for under-fives."  # the draft is still only a draft
    assert ChildcareAgeGroup.objects.get(service=service).vacancies == 4  # vacancies are live
    assert service.has_unpublished_changes
    assert service.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    draft = service.get_latest_revision_as_object()
    assert draft.summary == "New summary."
    assert [g.vacancies for g in draft.age_groups.all()] == [4]

    # approving the draft later keeps the new vacancies
    client.force_login(nursery["moderator"])
    task = service.current_workflow_task_state
    approve = f"/admin/snippets/directory/service/workflow/action/{service.pk}/approve/{task.pk}/"
    assert client.post(approve, {"comment": ""}).status_code == 302
    service.refresh_from_db()
    assert service.summary == "New summary." and service.vacancies_updated == TODAY
    assert ChildcareAgeGroup.objects.get(service=service).vacancies == 4


def test_the_childcare_offer_goes_to_moderation(client, nursery, provider):
    service = nursery["service"]
    data = {
        "funded_30_hours": "on",
        "tax_free_childcare": "on",
        "opening_weeks": "all year",
        "childcare_extras-TOTAL_FORMS": "1",
        "childcare_extras-INITIAL_FORMS": "0",
        "childcare_extras-MIN_NUM_FORMS": "0",
        "childcare_extras-MAX_NUM_FORMS": "1000",
        "childcare_extras-0-kind": "meals",
        "childcare_extras-0-description": "Hot lunch",
        "childcare_extras-0-price": "3.50",
        "childcare_extras-0-unit": "per day",
    }
    assert client.post(url(service, "childcare-offer"), data).status_code == 302
    service.refresh_from_db()
    assert not service.funded_30_hours  # not live until the council approves
    draft = service.get_latest_revision_as_object()
    assert draft.funded_30_hours and draft.tax_free_childcare
    assert [(e.description, str(e.price)) for e in draft.childcare_extras.all()] == [
        ("Hot lunch", "3.50")
    ]
    assert service.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_services_that_are_not_childcare_have_no_vacancies_or_offer(client, nursery, provider):
    plain = ServiceFactory(
        local_authority=nursery["org"].local_authority, organisation=nursery["org"]
    )
    assert client.get(url(plain, "vacancies")).status_code == 404
    assert client.get(url(plain, "childcare-offer")).status_code == 404
