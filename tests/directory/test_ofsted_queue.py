"""The Ofsted changes queue through HTTP: accept, dismiss, bulk, and another LA refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import AuthorityArea, OfstedChange, Service
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "ofsted"
LIST = reverse("directory_ofsted_changes:list")
BULK = reverse("directory_ofsted_changes:bulk")


def decide(pk: int, action: str) -> str:
    return reverse("directory_ofsted_changes:decide", args=[pk, action])


def detail(pk: int) -> str:
    return reverse("directory_ofsted_changes:detail", args=[pk])


def import_extract(la, name: str) -> None:
    call_command(
        "import_ofsted", str(FIXTURES / name), "--la", la.code, stdout=io.StringIO(), verbosity=0
    )


@pytest.fixture
def la():
    AuthorityArea.objects.create(
        ons_code="E06000099", name="Testshire", kind="unitary", region="Test", dfe_number=999
    )
    return LocalAuthorityFactory(code="E06000099", name="Testshire")


@pytest.fixture
def editor(client, la):
    client.force_login(staff_user(la))
    return client


def pending(urn: str) -> OfstedChange:
    return OfstedChange.objects.get(registration__urn=urn, status="pending")


def test_the_queue_lists_own_changes_and_accepting_a_new_one_creates_a_prefilled_draft(editor, la):
    import_extract(la, "extract_v1.xml")
    page = editor.get(LIST)
    assert page.status_code == 200
    assert "Acorn Day Nursery" in page.content.decode()
    change = pending("EY100001")
    assert editor.get(detail(change.pk)).status_code == 200

    response = editor.post(decide(change.pk, "accept"))

    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "accepted" and change.decided_by is not None
    service = change.service
    assert service.live is False  # a draft: nothing published without a person publishing
    assert service.name == "Acorn Day Nursery"
    assert service.ofsted_urn == "EY100001" and service.ofsted_provision_type == "CCN"
    assert service.on_early_years_register and service.on_compulsory_childcare_register
    assert service.ofsted_grade == "good" and str(service.ofsted_inspection_date) == "2023-05-10"
    assert service.opening_weeks == "all year"
    assert service.childcare_places == 48
    assert [(g.age_from, g.age_to, g.places) for g in service.age_groups.all()] == [
        (0, 4, 40),
        (5, 7, 8),
    ]
    assert service.service_locations.get().location.postcode == "DN15 6NL"
    assert service.email == "setting001@example.org"
    assert service.latest_revision is not None
    assert not Service.objects.public().filter(pk=service.pk).exists()
    assert service.ofsted_registration.urn == "EY100001"


def test_a_mod_registration_is_prefilled_without_name_address_or_contacts(editor, la):
    import_extract(la, "extract_v1.xml")
    change = pending("EY100005")

    editor.post(decide(change.pk, "accept"))

    service = Service.objects.get(ofsted_urn="EY100005")
    assert "Garrison" not in service.name
    assert service.name == "Childcare on non-domestic premises on a Ministry of Defence site"
    assert service.ofsted_special_consideration == "MOD"
    assert not service.service_locations.exists()
    assert service.email == "" and service.phone == ""


def test_accepting_a_change_saves_a_draft_revision_and_shows_the_diff(editor, la):
    live = ServiceFactory(local_authority=la, ofsted_urn="EY100001", live=True)
    live.save_revision().publish()
    import_extract(la, "extract_v1.xml")
    first = pending("EY100001")
    assert first.kind == "changed"
    editor.post(decide(first.pk, "accept"))
    import_extract(la, "extract_v2.xml")
    change = pending("EY100001")
    assert change.kind == "changed"

    page = editor.get(detail(change.pk)).content.decode()
    assert "Latest inspection grade" in page and "Outstanding" in page

    editor.post(decide(change.pk, "accept"))

    live.refresh_from_db()
    assert live.ofsted_grade == ""  # the published record is as it was
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.ofsted_grade == "outstanding"
    assert str(draft.ofsted_inspection_date) == "2026-10-15"
    assert Service.objects.public().filter(pk=live.pk).exists()


def test_accepting_a_removal_marks_the_service_for_review(editor, la):
    import_extract(la, "extract_v1.xml")
    editor.post(decide(pending("EY100007").pk, "accept"))
    service = Service.objects.get(ofsted_urn="EY100007")
    import_extract(la, "extract_v2.xml")
    change = pending("EY100007")
    assert change.kind == "removed"

    editor.post(decide(change.pk, "accept"))

    service.refresh_from_db()
    assert service.review_flag.startswith("Ofsted: registration no longer in the extract")
    assert service.review_due is not None


def test_dismissing_leaves_everything_as_it_was(editor, la):
    import_extract(la, "extract_v1.xml")
    change = pending("EY100001")

    editor.post(decide(change.pk, "dismiss"))

    change.refresh_from_db()
    assert change.status == "dismissed"
    assert not Service.objects.exists()
    # Deciding twice is refused with a message, not a 500.
    response = editor.post(decide(change.pk, "accept"), follow=True)
    assert response.status_code == 200
    assert "already been decided" in response.content.decode()


def test_bulk_accept_and_bulk_dismiss(editor, la):
    import_extract(la, "extract_v1.xml")
    first, second, third = (pending(u) for u in ("EY100001", "EY100006", "123456"))

    editor.post(BULK, {"action": "accept", "change": [first.pk, second.pk]})
    editor.post(BULK, {"action": "dismiss", "change": [third.pk]})

    assert Service.objects.filter(ofsted_urn__in=["EY100001", "EY100006"]).count() == 2
    assert Service.objects.filter(live=True).count() == 0
    third.refresh_from_db()
    assert third.status == "dismissed"


def test_another_las_staff_are_refused_every_queue_url(client, la):
    import_extract(la, "extract_v1.xml")
    change = pending("EY100001")
    other = LocalAuthorityFactory(code="E06000098", name="Otherford")
    client.force_login(staff_user(other))

    listing = client.get(LIST)
    assert listing.status_code == 200 and "Acorn Day Nursery" not in listing.content.decode()
    assert client.get(detail(change.pk)).status_code == 404
    assert client.post(decide(change.pk, "accept")).status_code == 404
    assert client.post(decide(change.pk, "dismiss")).status_code == 404
    assert client.post(BULK, {"action": "accept", "change": [change.pk]}).status_code == 404
    change.refresh_from_db()
    assert change.status == "pending" and not Service.objects.exists()


def test_anonymous_and_staff_without_editing_rights_are_kept_out(client, la):
    import_extract(la, "extract_v1.xml")
    change = pending("EY100001")
    response = client.get(LIST)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(decide(change.pk, "accept")).status_code == 302
    change.refresh_from_db()
    assert change.status == "pending"
