"""A new cycle starts pre-filled from the previous cycle's returns."""

from __future__ import annotations

from decimal import Decimal

from mapping.models import MappingReturn, Outcome, ReturnChange, SectionStatus

from .conftest import add_lines, make_cycle


def test_new_cycle_is_prefilled_from_the_previous_cycles_returns(world, login):
    old = world.mapping_return
    old.tier = "targeted"
    old.client_groups = "Young carers"
    old.overlap_percent = 20
    old.directory_confirmed = True
    old.save()
    outcome = Outcome.objects.create(kind="ecm", name="Stay safe")
    old.outcomes.add(outcome)
    add_lines(old, amount="98,765.43".replace(",", ""), role="Young carers worker")
    new_cycle = make_cycle("2010/11")

    client = login(world.users["lead"])
    progress = f"/mapping/la/{world.la.slug}/cycles/{new_cycle.pk}/"
    assert "Pre-fill from 2009/10" in client.get(progress).content.decode()
    response = client.post(progress + "prefill/", follow=True)
    assert "1 return(s) pre-filled from the previous cycle." in response.content.decode()

    new = MappingReturn.objects.get(cycle=new_cycle, service=world.service)
    assert (new.tier, new.client_groups, new.overlap_percent) == ("targeted", "Young carers", 20)
    assert new.directory_confirmed is False  # confirmation is asked afresh each year
    assert list(new.outcomes.all()) == [outcome]
    (line,) = new.investment_lines.all()
    assert line.amount == Decimal("98765.43")
    (workforce,) = new.workforce_lines.all()
    assert (workforce.role, workforce.fte) == ("Young carers worker", Decimal("2.50"))
    assignments = {a.section: a for a in new.assignments.all()}
    assert assignments["finance"].delegate == world.users["delegate_assigned"]
    assert {a.status for a in assignments.values()} == {SectionStatus.NOT_STARTED}
    assert ReturnChange.objects.filter(mapping_return=new, action="prefilled").exists()
    # Last year's return is untouched, the other LA gets nothing, and a second run adds nothing.
    assert old.investment_lines.count() == 1
    assert not MappingReturn.objects.filter(
        cycle=new_cycle, local_authority=world.other_la
    ).exists()
    client.post(progress + "prefill/")
    assert MappingReturn.objects.filter(cycle=new_cycle).count() == 1


def test_prefill_without_an_earlier_cycle_says_so(world, login):
    earliest = make_cycle("2008/09")
    client = login(world.users["lead"])
    response = client.post(
        f"/mapping/la/{world.la.slug}/cycles/{earliest.pk}/prefill/", follow=True
    )
    assert "There is no earlier cycle with returns" in response.content.decode()
    assert not MappingReturn.objects.filter(cycle=earliest).exists()
