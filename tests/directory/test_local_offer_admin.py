"""Staff read, tag and answer Local Offer comments of their own LA; the completeness check."""

from __future__ import annotations

import pytest

from directory.local_offer import local_offer_gaps
from directory.models import Contact, CostOption, LocalOfferFeedback
from tests.directory.admin_support import admin_url
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    return LocalAuthorityFactory(name="Own Council"), LocalAuthorityFactory(name="Other Council")


def _comment(la, text):
    return LocalOfferFeedback.objects.create(
        local_authority=la, about="health", comment=text, email="someone@example.org"
    )


def test_staff_list_only_their_own_councils_comments(client, councils):
    own, other = councils
    _comment(own, "Own comment")
    theirs = _comment(other, "Their comment")
    client.force_login(staff_user(own))
    listing = client.get(admin_url("localofferfeedback", "list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Own Council" in page and "Other Council" not in page
    for view in ("edit", "inspect", "history"):
        assert client.get(admin_url("localofferfeedback", view, theirs.pk)).status_code == 404
    assert client.get(admin_url("localofferfeedback", "add")).status_code in (302, 403)


def test_staff_tag_answer_and_publish_a_comment(client, councils):
    own, _ = councils
    item = _comment(own, "Please list the autism support groups.")
    client.force_login(staff_user(own))
    url = admin_url("localofferfeedback", "edit", item.pk)
    page = client.get(url).content.decode()
    assert "Please list the autism support groups." in page and "someone@example.org" in page

    response = client.post(
        url,
        {
            "tags": "autism, support groups",
            "you_said": "Families could not find autism support groups.",
            "we_did": "We added every group to the directory.",
            "publish": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    item.refresh_from_db()
    assert sorted(item.tags.names()) == ["autism", "support groups"]
    assert item.status == "Published" and item.answered_at is not None
    assert item.comment == "Please list the autism support groups."  # read-only stays


def test_publishing_needs_both_public_texts(client, councils):
    own, _ = councils
    item = _comment(own, "Comment")
    client.force_login(staff_user(own))
    response = client.post(
        admin_url("localofferfeedback", "edit", item.pk),
        {"tags": "", "you_said": "", "we_did": "We did something.", "publish": "on"},
    )
    assert response.status_code == 200
    assert "before publishing" in response.content.decode()
    item.refresh_from_db()
    assert not item.publish


def test_status_filter_lists_new_comments(client, councils):
    own, _ = councils
    _comment(own, "New one")
    answered = _comment(own, "Answered one")
    answered.we_did = "Done."
    answered.save()
    client.force_login(staff_user(own))
    response = client.get(admin_url("localofferfeedback", "list"), {"status": "new"})
    assert len(response.context["object_list"]) == 1


def test_completeness_names_each_missing_item(councils):
    own, _ = councils
    bare = ServiceFactory(local_authority=own, send_local_offer=True)
    assert [item.key for item in local_offer_gaps(bare)] == [
        "who_for",
        "how_to_access",
        "accessibility",
        "costs",
        "contact",
        "feedback",
    ]
    full = ServiceFactory(
        local_authority=own,
        send_local_offer=True,
        minimum_age=0,
        maximum_age=25,
        how_to_refer="Ask your health visitor.",
        accessibility="Step-free entrance.",
        send_feedback="Tell the manager or use the council's complaints form.",
    )
    CostOption.objects.create(service=full, option="Per session", amount=2)
    Contact.objects.create(service=full, name="Reception", phone="01724 296296")
    assert local_offer_gaps(full) == []


def test_completeness_report_lists_own_incomplete_local_offer_services(client, councils):
    own, other = councils
    ServiceFactory(local_authority=own, send_local_offer=True, name="Gappy Service", is_free=True)
    ServiceFactory(local_authority=own, send_local_offer=False, name="Not Local Offer")
    ServiceFactory(local_authority=other, send_local_offer=True, name="Other Council Service")
    client.force_login(staff_user(own))
    response = client.get("/admin/directory/local-offer/completeness/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gappy Service" in page
    assert "Not Local Offer" not in page and "Other Council Service" not in page
    assert "How families give feedback" in page
    rows = dict((s.name, [i.key for i in gaps]) for s, gaps in response.context["page_obj"])
    assert "costs" not in rows["Gappy Service"] and "feedback" in rows["Gappy Service"]


def test_completeness_report_needs_a_staff_login(client):
    assert client.get("/admin/directory/local-offer/completeness/").status_code == 302


def test_a_private_reply_is_emailed_once_to_the_sender(client, councils):
    from django.core import mail

    own, _ = councils
    item = _comment(own, "Who can help with school transport?")
    client.force_login(staff_user(own))
    url = admin_url("localofferfeedback", "edit", item.pk)
    data = {"tags": "", "you_said": "", "we_did": "", "reply": "The transport team can help."}
    assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["someone@example.org"]
    assert "The transport team can help." in mail.outbox[0].body
    item.refresh_from_db()
    assert item.replied_at is not None
    assert client.post(url, {**data, "reply": "Edited."}).status_code == 302
    assert len(mail.outbox) == 1  # never twice


def test_no_reply_is_sent_without_an_address(client, councils):
    from django.core import mail

    own, _ = councils
    item = LocalOfferFeedback.objects.create(local_authority=own, about="other", comment="Hi")
    client.force_login(staff_user(own))
    data = {"tags": "", "you_said": "", "we_did": "", "reply": "Thanks."}
    assert client.post(admin_url("localofferfeedback", "edit", item.pk), data).status_code == 302
    assert mail.outbox == []
