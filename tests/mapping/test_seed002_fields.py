"""Seed 002's extra facts about a return: tagged through the forms, kept by pre-fill."""

from __future__ import annotations

from decimal import Decimal

from mapping.models import (
    ClientGroup,
    InvestmentLine,
    Locality,
    MappingReturn,
    Outcome,
    PriorityAction,
)
from mapping.services.outcomes import add_priority
from mapping.services.prefill import prefill_from_previous

from .conftest import DETAILS, INVESTMENT_ROW, formset_data, make_cycle


def test_lead_keeps_key_actions_client_groups_and_localities(world, login):
    priority = add_priority(world.la, "Narrow the gap")
    lead = login(world.users["lead"])
    url = f"/mapping/la/{world.la.slug}/tags/"
    response = lead.post(
        url,
        {
            "step": "action",
            "action-priority": priority.pk,
            "action-kind": "enabler",
            "action-name": "CAF",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Key action or enabler added." in response.content.decode()
    lead.post(url, {"step": "group", "group-name": "Traveller children"})
    lead.post(url, {"step": "locality", "locality-name": "North area team"})
    action = PriorityAction.objects.get()
    assert (action.priority, action.kind, action.name) == (priority, "enabler", "CAF")
    group = ClientGroup.objects.get(local_authority=world.la)
    assert group.name == "Traveller children"
    assert Locality.objects.get().local_authority == world.la

    duplicate = lead.post(url, {"step": "locality", "locality-name": "north AREA team"})
    assert "already has the locality" in duplicate.content.decode()
    blank = lead.post(url, {"step": "group", "group-name": ""})
    assert "This field is required" in blank.content.decode()

    page = login(world.users["dcs"]).get(url).content.decode()
    for text in ("Enabler: CAF", "Traveller children", "North area team", "Children in need"):
        assert text in page
    assert (
        login(world.users["dcs"]).post(url, {"step": "group", "group-name": "X"}).status_code == 403
    )

    # Another LA's lead cannot remove this LA's items: they answer as missing.
    other = login(world.users["other_lead"])
    assert other.post(url, {"step": "group", "remove": group.pk}).status_code == 404
    own = f"/mapping/la/{world.other_la.slug}/tags/"
    assert other.post(own, {"step": "group", "remove": group.pk}).status_code == 404
    assert ClientGroup.objects.filter(pk=group.pk).exists()
    # A national group is not the LA's to remove.
    national = ClientGroup.objects.get(name="Young carers", local_authority=None)
    lead = login(world.users["lead"])
    assert lead.post(url, {"step": "group", "remove": national.pk}).status_code == 404


def test_delegate_tags_a_return_with_every_seed_002_field(world, login):
    priority = add_priority(world.la, "Narrow the gap")
    action = PriorityAction.objects.create(priority=priority, name="Extend children's centres")
    locality = Locality.objects.create(local_authority=world.la, name="North area team")
    other_locality = Locality.objects.create(local_authority=world.other_la, name="South team")
    carers = ClientGroup.objects.get(name="Young carers", local_authority=None)
    client = login(world.users["delegate_assigned"])
    url = f"/mapping/returns/{world.mapping_return.pk}/service_details/"
    fields = DETAILS | {
        "groups_served": [carers.pk],
        "looked_after_children": "on",
        "locality": locality.pk,
        "priority_actions": [action.pk],
        "outcomes": [priority.pk],
        "preventative": "on",
        "budget_arrangement": "pooled",
        "planned_change": "reduction",
        "planned_change_amount": "£12,500.50",
        "save": "1",
    }
    missing_amount = client.post(url, fields | {"planned_change_amount": ""})
    assert "Give the amount of the planned change." in missing_amount.content.decode()
    stray_amount = client.post(url, fields | {"planned_change": "none"})
    assert "Only an increase or a reduction has an amount." in stray_amount.content.decode()
    foreign = client.post(url, fields | {"locality": other_locality.pk})
    assert "Select a valid choice" in foreign.content.decode()
    assert client.post(url, fields).status_code == 302

    saved = MappingReturn.objects.get(pk=world.mapping_return.pk)
    assert list(saved.groups_served.all()) == [carers]
    assert list(saved.priority_actions.all()) == [action]
    assert saved.looked_after_children and saved.preventative
    assert saved.locality == locality
    assert (saved.budget_arrangement, saved.planned_change) == ("pooled", "reduction")
    assert saved.planned_change_amount == Decimal("12500.50")
    change = saved.changes.latest("pk")
    assert change.changes["planned_change_amount"] == [None, "12500.50"]

    detail = client.get(f"/mapping/returns/{saved.pk}/").content.decode()
    for text in (
        "Young carers",
        "North area team",
        "Extend children",
        "Pooled budget",
        "12,500.50",
    ):
        assert text in detail


def test_property_count_only_on_property_lines(world, login):
    client = login(world.users["delegate_assigned"])
    url = f"/mapping/returns/{world.mapping_return.pk}/finance/"
    property_row = INVESTMENT_ROW | {"expenditure_type": "property", "property_count": "3"}
    wrong = client.post(
        url, formset_data("lines", [INVESTMENT_ROW | {"property_count": "3"}]) | {"save": "1"}
    )
    assert "Only property lines have a number of properties." in wrong.content.decode()
    assert (
        client.post(url, formset_data("lines", [property_row]) | {"save": "1"}).status_code == 302
    )
    assert InvestmentLine.objects.get().property_count == 3


def test_prefill_copies_tags_but_not_last_years_planned_change(world):
    priority = add_priority(world.la, "Narrow the gap")
    action = PriorityAction.objects.create(priority=priority, name="CAF")
    group = ClientGroup.objects.create(local_authority=world.la, name="Traveller children")
    old = world.mapping_return
    old.locality = Locality.objects.create(local_authority=world.la, name="East")
    old.planned_change, old.planned_change_amount = "increase", Decimal("10.00")
    old.budget_arrangement, old.preventative = "aligned", True
    old.save()
    old.groups_served.add(group)
    old.priority_actions.add(action)
    old.outcomes.add(Outcome.objects.get(pk=priority.pk))
    new_cycle = make_cycle("2010/11", state="setup")
    (new,) = prefill_from_previous(new_cycle, world.la, world.users["lead"])
    assert list(new.groups_served.all()) == [group]
    assert list(new.priority_actions.all()) == [action]
    assert (new.locality, new.budget_arrangement, new.preventative) == (
        old.locality,
        "aligned",
        True,
    )
    assert (new.planned_change, new.planned_change_amount) == ("", None)
