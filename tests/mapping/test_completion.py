"""The lead confirms completion after the summary; only then may the DCS sign off; the leads
are emailed when the returns are signed off. Changes withdraw the confirmation."""

from __future__ import annotations

from django.core import mail

from mapping.models import CompletionConfirmation, SectionAssignment, SectionStatus, SignOff

from .conftest import add_lines


def urls(world) -> tuple[str, str]:
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"
    return base + "confirm-completion/", base + "sign-off/"


def approve(world) -> None:
    SectionAssignment.objects.filter(mapping_return=world.mapping_return).update(
        status=SectionStatus.APPROVED
    )


def test_confirm_completion_gates_sign_off_and_the_lead_is_emailed(
    world, login, django_capture_on_commit_callbacks
):
    confirm, sign = urls(world)
    world.users["lead"].email = "lead@example.org"
    world.users["lead"].save()
    world.users["dcs"].first_name, world.users["dcs"].last_name = "Rose", "Collins"
    world.users["dcs"].save()
    add_lines(world.mapping_return)
    lead = login(world.users["lead"])
    page = lead.get(confirm).content.decode()
    assert "0 of 4" in page and "Data quality warnings" in page
    assert 'name="confirm"' not in page and "4 still to approve" in page
    lead.post(confirm, {"confirm": "on"})
    assert not CompletionConfirmation.objects.exists()

    approve(world)
    dcs = login(world.users["dcs"])
    refused = dcs.post(sign, {"confirm": "on"}, follow=True).content.decode()
    assert "has not confirmed completion" in refused
    assert not SignOff.objects.exists()

    lead = login(world.users["lead"])
    page = lead.get(confirm).content.decode()
    assert "4 of 4" in page and 'name="confirm"' in page
    assert "This field is required" in lead.post(confirm, {}).content.decode()
    assert lead.post(confirm, {"confirm": "on"}).status_code == 302
    confirmation = CompletionConfirmation.objects.get()
    assert confirmation.confirmed_by == world.users["lead"]
    assert (
        "Completion is already confirmed"
        in lead.post(confirm, {"confirm": "on"}, follow=True).content.decode()
    )

    dcs = login(world.users["dcs"])
    assert "confirmed completion on" in dcs.get(sign).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert dcs.post(sign, {"confirm": "on"}).status_code == 302
    assert SignOff.objects.get().signed_by == world.users["dcs"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@example.org"]
    assert message.subject == "North Testshire: 2009/10 mapping returns signed off"
    assert "Rose Collins (Director of Children's Services) signed off 1 return" in message.body
    assert "confirmed completion" in message.body
    assert "/mapping/reports/annual-report/?la=" in message.body


def test_returning_a_section_or_unlocking_withdraws_the_confirmation(world, login):
    confirm, sign = urls(world)
    add_lines(world.mapping_return)
    approve(world)
    lead = login(world.users["lead"])
    lead.post(confirm, {"confirm": "on"})
    assert CompletionConfirmation.objects.filter(withdrawn_at__isnull=True).count() == 1
    # Returning a section to its delegate withdraws it.
    review = f"/mapping/returns/{world.mapping_return.pk}/finance/review/"
    SectionAssignment.objects.filter(section="finance").update(status=SectionStatus.SUBMITTED)
    lead.post(review, {"decision": "return", "comment": "Add the budget lines"})
    assert not CompletionConfirmation.objects.filter(withdrawn_at__isnull=True).exists()
    # Confirmed again, signed off, then unlocked: withdrawn again.
    approve(world)
    lead.post(confirm, {"confirm": "on"})
    login(world.users["dcs"]).post(sign, {"confirm": "on"})
    assert SignOff.objects.exists()
    unlock = sign.replace("sign-off", "unlock")
    login(world.users["national_admin"]).post(unlock, {"reason": "Wrong year"})
    assert not CompletionConfirmation.objects.filter(withdrawn_at__isnull=True).exists()
    page = login(world.users["dcs"]).get(sign).content.decode()
    assert 'name="confirm"' not in page


def test_another_councils_lead_cannot_confirm(world, login):
    confirm, _ = urls(world)
    approve(world)
    other = login(world.users["other_lead"])
    assert other.get(confirm).status_code == 404
    assert other.post(confirm, {"confirm": "on"}).status_code == 404
    assert not CompletionConfirmation.objects.exists()
