"""DCS sign-off locks the LA's returns; only a national administrator unlocks, with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from mapping.models import (
    InvestmentLine,
    MappingReturn,
    ReturnChange,
    SectionAssignment,
    SectionStatus,
    SignOff,
    WorkforceLine,
)
from mapping.services import ReturnsLocked
from mapping.services.locking import confirm_completion
from tests.factories import ServiceFactory

from .conftest import DETAILS, INVESTMENT_ROW, add_lines, formset_data


def approve_all(world) -> None:
    """Every section approved and the lead's completion confirmed: ready for the DCS."""
    SectionAssignment.objects.filter(mapping_return__local_authority=world.la).update(
        status=SectionStatus.APPROVED
    )
    confirm_completion(world.la, world.cycle, world.users["lead"])


def dump() -> str:
    """Every mapping row that a locked return consists of, serialised for comparison."""
    objects = [
        *MappingReturn.objects.all(),
        *SectionAssignment.objects.all(),
        *InvestmentLine.objects.all(),
        *WorkforceLine.objects.all(),
    ]
    return serializers.serialize("json", objects)


def sign_off_url(world) -> str:
    return f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/sign-off/"


def test_sign_off_needs_every_section_approved(world, login):
    client = login(world.users["dcs"])
    response = client.post(sign_off_url(world), {"confirm": "on"}, follow=True)
    assert "4 sections not approved yet" in response.content.decode()
    assert not SignOff.objects.exists()
    approve_all(world)
    response = client.post(sign_off_url(world), {})
    assert "This field is required" in response.content.decode()
    assert client.post(sign_off_url(world), {"confirm": "on"}).status_code == 302
    assert SignOff.objects.get().signed_by == world.users["dcs"]


def test_a_lead_cannot_sign_off(world, login):
    approve_all(world)
    response = login(world.users["lead"]).post(sign_off_url(world), {"confirm": "on"})
    assert response.status_code == 403
    assert not SignOff.objects.exists()


def test_every_edit_is_refused_while_locked_until_a_national_admin_unlocks(world, login, tmp_path):
    add_lines(world.mapping_return)
    approve_all(world)
    login(world.users["dcs"]).post(sign_off_url(world), {"confirm": "on"})
    before = dump()
    returns_before = MappingReturn.objects.count()
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/"
    pk = world.mapping_return.pk

    delegate = login(world.users["delegate_assigned"])
    page = delegate.post(
        f"/mapping/returns/{pk}/finance/", formset_data("lines", [INVESTMENT_ROW]) | {"save": "1"}
    )
    assert page.status_code == 403  # approved sections are closed to delegates anyway

    lead = login(world.users["lead"])
    attempts = [
        (
            f"/mapping/returns/{pk}/service_details/",
            DETAILS | {"tier": "specialist", "submit": "1"},
        ),
        (f"/mapping/returns/{pk}/assign/", {"finance-delegate": "", "finance-due_date": ""}),
        (f"/mapping/returns/{pk}/finance/review/", {"decision": "return", "comment": "Redo"}),
        (base + "services/", {"services": [ServiceFactory(local_authority=world.la).pk]}),
        (base + "services/new/", {"name": "Late addition"}),
        (base + "prefill/", {}),
    ]
    for url, data in attempts:
        response = lead.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert "signed off and locked" in response.content.decode(), url
    assert dump() == before
    assert MappingReturn.objects.count() == returns_before
    assert (
        not ReturnChange.objects.filter(action__in=["saved", "submitted", "assigned"])
        .exclude(at__lt=SignOff.objects.get().signed_at)
        .exists()
    )

    # Code paths that bypass the views are refused too.
    world.mapping_return.tier = "universal"
    with pytest.raises(ReturnsLocked), transaction.atomic():
        world.mapping_return.save()
    with pytest.raises(ReturnsLocked), transaction.atomic():
        InvestmentLine.objects.filter(mapping_return=world.mapping_return).first().delete()
    csv = tmp_path / "inv.csv"
    csv.write_text(
        "la_code,la_name,cycle,service_ref,service_name,tier,expenditure_type,"
        "capital_or_revenue,funding_source,basis,amount\n"
        f"{world.la.code},North,2009/10,X1,New,universal,staffing,revenue,LA,budget,10\n"
    )
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_mapping_returns", investment=csv)
    assert dump() == before

    # The lead cannot unlock; a national administrator can, with a reason, and it is logged.
    unlock = base + "unlock/"
    assert lead.post(unlock, {"reason": "Typo"}).status_code == 403
    admin = login(world.users["national_admin"])
    assert "This field is required" in admin.post(unlock, {"reason": ""}).content.decode()
    assert (
        admin.post(unlock, {"reason": "Finance figures were for the wrong year"}).status_code == 302
    )
    sign_off = SignOff.objects.get()
    assert sign_off.unlocked_by == world.users["national_admin"]
    assert sign_off.unlock_reason == "Finance figures were for the wrong year"
    logged = ReturnChange.objects.get(mapping_return=world.mapping_return, action="unlocked")
    assert logged.user == world.users["national_admin"]
    assert logged.comment == "Finance figures were for the wrong year"

    # Unlocked: the lead can change things again.
    lead = login(world.users["lead"])
    lead.post(
        f"/mapping/returns/{pk}/service_details/", DETAILS | {"tier": "specialist", "save": "1"}
    )
    world.mapping_return.refresh_from_db()
    assert world.mapping_return.tier == "specialist"
    assert InvestmentLine.objects.get(mapping_return=world.mapping_return).amount == Decimal(
        "12345.67"
    )


def test_other_las_returns_stay_editable(world, login):
    approve_all(world)
    login(world.users["dcs"]).post(sign_off_url(world), {"confirm": "on"})
    world.other_return.tier = "universal"
    world.other_return.save()
    world.other_return.refresh_from_db()
    assert world.other_return.tier == "universal"
