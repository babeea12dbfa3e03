"""Export an LA's cycle (returns, investment, workforce, performance), import it back: no loss.

The comparison walks the models' own field lists, so a field added to a return or to any model
hanging off a return (lines, a future section) fails here until the files carry it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from mapping.models import (
    ClientGroup,
    EcmAim,
    InvestmentLine,
    Locality,
    MappingReturn,
    Outcome,
    PartnerOrganisation,
    Partnership,
    PerformanceMeasure,
    PriorityAction,
    ReturnChange,
    SectionAssignment,
    WorkforceLine,
)
from mapping.services.outcomes import add_priority, ensure_ecm_aims, ensure_ecm_outcomes
from mapping.services.workflow import add_services
from tests.factories import ServiceFactory

SKIPPED = {"id", "created_at", "updated_at"}
NOT_RETURN_DATA = {SectionAssignment, ReturnChange}  # workflow state and history, not answers


def child_models() -> list[type[models.Model]]:
    """Every model holding a return's data through a foreign key to it."""
    return [
        rel.related_model
        for rel in MappingReturn._meta.related_objects
        if rel.one_to_many and rel.related_model not in NOT_RETURN_DATA
    ]


def _value(obj, field):
    value = getattr(obj, field.attname)
    return str(value) if isinstance(value, Decimal) else value


def snapshot(la, cycle) -> dict:
    """Every field of every return of the LA and cycle, and of everything hanging off them."""
    data = {}
    for r in MappingReturn.objects.filter(local_authority=la, cycle=cycle):
        row = {
            f.name: _value(r, f)
            for f in MappingReturn._meta.concrete_fields
            if f.name not in SKIPPED
        }
        for f in MappingReturn._meta.many_to_many:
            row[f.name] = sorted(getattr(r, f.name).values_list("pk", flat=True))
        for model in child_models():
            fk = next(
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is MappingReturn
            )
            row[model._meta.label] = sorted(
                (
                    tuple(
                        (f.name, _value(o, f))
                        for f in model._meta.concrete_fields
                        if f.name not in SKIPPED and f.name != fk
                    )
                    for o in model.objects.filter(**{fk: r})
                ),
                key=repr,
            )
        data[r.service_id] = row
    return data


@pytest.fixture
def full_cycle(world):
    """One LA's cycle where every field of a return and its lines holds something."""
    ensure_ecm_outcomes()
    la, lead = world.la, world.users["lead"]
    priority = add_priority(la, "Narrow the gap")
    action = PriorityAction.objects.create(priority=priority, kind="enabler", name="CAF; core")
    PriorityAction.objects.create(priority=priority, kind="key_action", name="CAF; core")
    group = ClientGroup.objects.create(local_authority=la, name="Traveller children")
    trust = Partnership.objects.create(local_authority=la, name="North CT", slug="north-ct")
    pct = PartnerOrganisation.objects.create(partnership=trust, name="North PCT", kind="pct_icb")
    unlisted = ServiceFactory(local_authority=la, name="Parent mental health", la_reference="")
    (adult,) = add_services(world.cycle, la, [unlisted], lead)
    hub = world.mapping_return
    MappingReturn.objects.filter(pk=hub.pk).update(
        tier="support",
        commissioning_stage="planning",
        camhs_tier=2,
        client_groups="Siblings, =formula-looking",
        looked_after_children=True,
        age_bands="0-5",
        delivering_sector="health",
        delivering_organisation=pct,
        locality=Locality.objects.create(local_authority=la, name="North area team"),
        overlap_percent=15,
        is_adult_service=False,
        preventative=True,
        budget_arrangement="pooled",
        planned_change="reduction",
        planned_change_amount=Decimal("12500.50"),
        directory_confirmed=False,
        directory_corrections="Phone number is old",
    )
    hub.groups_served.add(group, ClientGroup.objects.get(name="Young carers"))
    hub.outcomes.add(priority, *hub.outcomes.model.objects.filter(name="Be healthy"))
    hub.priority_actions.add(action)
    ensure_ecm_aims()
    hub.ecm_aims.add(*EcmAim.objects.filter(number__in=[1, 12]))
    MappingReturn.objects.filter(pk=adult.pk).update(
        tier="targeted",
        is_adult_service=True,
        planned_change="increase",
        planned_change_amount=Decimal("1.00"),
        directory_confirmed=True,
    )
    for mapping_return, description in ((hub, "Mileage"), (adult, "Interpreters")):
        for basis in ("actual", "budget"):
            InvestmentLine.objects.create(
                mapping_return=mapping_return,
                expenditure_type="other",
                other_description=description,
                capital_or_revenue="revenue",
                funding_source="PCT",
                basis=basis,
                amount=Decimal("100.10"),
            )
            WorkforceLine.objects.create(
                mapping_return=mapping_return,
                group="health",
                role="Nurse",
                basis=basis,
                fte=Decimal("1.50"),
                headcount=2,
                cost=Decimal("40000.00"),
            )
    InvestmentLine.objects.create(
        mapping_return=hub,
        expenditure_type="property",
        capital_or_revenue="capital",
        funding_source="LA",
        basis="actual",
        amount=Decimal("250000.00"),
        property_count=3,
    )
    WorkforceLine.objects.create(
        mapping_return=hub,
        group="youth",
        role="",
        basis="actual",
        fte=Decimal("0.50"),
    )
    be_healthy = Outcome.objects.get(name="Be healthy", local_authority__isnull=True)
    for mapping_return, outcome in ((hub, be_healthy), (adult, priority)):
        PerformanceMeasure.objects.create(
            mapping_return=mapping_return,
            measure="Good level of development at five",
            outcome=outcome,
            unit="%",
            baseline=Decimal("48.50"),
            target=Decimal("-2.00"),
            achieved=Decimal("55.25"),
            outcome_achieved="=More children ready for school, see notes",
        )
    PerformanceMeasure.objects.create(mapping_return=hub, measure="Families reached")
    return world


def export(client, world, tmp_path: Path) -> dict[str, Path]:
    base = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/export/"
    files = {}
    for kind in ("returns", "investment", "workforce", "performance"):
        response = client.get(f"{base}{kind}.csv")
        assert response.status_code == 200
        files[kind] = tmp_path / f"{kind}.csv"
        files[kind].write_bytes(response.content)
    return files


def wipe(la, cycle) -> None:
    """Every answer back to its default: what the files must bring back."""
    returns = MappingReturn.objects.filter(local_authority=la, cycle=cycle)
    for model in child_models():
        model.objects.filter(mapping_return__in=returns).delete()
    keep = {"id", "cycle", "service", "local_authority", "created_at", "updated_at"}
    defaults = {
        f.name: f.get_default() for f in MappingReturn._meta.concrete_fields if f.name not in keep
    }
    returns.update(**defaults)
    for r in returns:
        for f in MappingReturn._meta.many_to_many:
            getattr(r, f.name).clear()


def test_export_then_import_carries_every_field_of_a_whole_cycle(full_cycle, login, tmp_path):
    world = full_cycle
    before = snapshot(world.la, world.cycle)
    other_before = snapshot(world.other_la, world.cycle)
    assert len(before) == 2
    # Every field holds something other than its default in some return, and every model
    # hanging off a return has rows, so nothing can be lost unseen: a new field fails here
    # until the fixture fills it (and then until the files carry it).
    empty = {
        f.name: [] if f.many_to_many else f.get_default()
        for f in [*MappingReturn._meta.concrete_fields, *MappingReturn._meta.many_to_many]
    }
    unfilled = [
        name
        for name in empty
        if name not in SKIPPED
        and all(row[name] in (empty[name], None, "") for row in before.values())
    ]
    assert unfilled == []
    for model in child_models():
        assert all(row[model._meta.label] for row in before.values()), model
    files = export(login(world.users["lead"]), world, tmp_path)
    header = files["returns"].read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("la_code,la_name,cycle,service_ref,service_name,tier,")

    wipe(world.la, world.cycle)
    assert snapshot(world.la, world.cycle) != before
    call_command(
        "import_mapping_returns",
        returns=files["returns"],
        investment=files["investment"],
        workforce=files["workforce"],
        performance=files["performance"],
        verbosity=0,
    )
    assert snapshot(world.la, world.cycle) == before
    assert snapshot(world.other_la, world.cycle) == other_before

    # Importing the same export again changes nothing at all: same lines, no change records.
    line_ids = sorted(InvestmentLine.objects.values_list("pk", flat=True))
    measure_ids = sorted(PerformanceMeasure.objects.values_list("pk", flat=True))
    changes = ReturnChange.objects.count()
    call_command(
        "import_mapping_returns",
        returns=files["returns"],
        investment=files["investment"],
        workforce=files["workforce"],
        performance=files["performance"],
        verbosity=0,
    )
    assert snapshot(world.la, world.cycle) == before
    assert sorted(InvestmentLine.objects.values_list("pk", flat=True)) == line_ids
    assert sorted(PerformanceMeasure.objects.values_list("pk", flat=True)) == measure_ids
    assert ReturnChange.objects.count() == changes


def test_files_without_the_new_columns_keep_what_they_do_not_mention(full_cycle, login, tmp_path):
    """Yesterday's spreadsheets (investment without other_description, returns with only some
    columns) change only what they hold."""
    world = full_cycle
    before = snapshot(world.la, world.cycle)
    files = export(login(world.users["lead"]), world, tmp_path)
    lines = files["investment"].read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[-2:] == ["other_description", "property_count"]
    legacy = "\n".join(",".join(line.split(",")[:-2]) for line in lines) + "\n"
    (tmp_path / "legacy.csv").write_text(legacy)
    returns = files["returns"].read_text("utf-8-sig").splitlines()
    tier_only = "\n".join(",".join(line.split(",")[:6]) for line in returns) + "\n"
    (tmp_path / "tiers.csv").write_text(tier_only)
    call_command(
        "import_mapping_returns",
        investment=tmp_path / "legacy.csv",
        returns=tmp_path / "tiers.csv",
        verbosity=0,
    )
    assert snapshot(world.la, world.cycle) == before
    hub = InvestmentLine.objects.filter(other_description="Mileage")
    assert hub.count() == 2  # the descriptions are still there


BAD_RETURNS = [
    ("client_groups", "Martians", "client group 'Martians' is not in the local authority's list"),
    ("looked_after_children", "maybe", "looked_after_children 'maybe' is not yes or no"),
    ("camhs_tier", "5", "camhs_tier '5' is not a whole number from 1 to 4"),
    ("locality", "South team", "locality 'South team' is not in the local authority's list"),
    ("planned_change_amount", "", "planned_change_amount is needed for an increase or a reduction"),
    ("outcomes", "Be wealthy", "outcome or priority 'Be wealthy' is not in"),
]


@pytest.mark.parametrize("column,value,message", BAD_RETURNS, ids=[b[0] for b in BAD_RETURNS])
def test_a_bad_returns_row_is_refused_with_its_line(
    full_cycle, login, tmp_path, capsys, column, value, message
):
    world = full_cycle
    files = export(login(world.users["lead"]), world, tmp_path)
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(files["returns"].read_text("utf-8-sig"))))
    hub = next(r for r in rows if r["service_name"] == "Riverside Family Hub")
    hub[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "bad.csv").write_text(out.getvalue())
    before = snapshot(world.la, world.cycle)
    with pytest.raises(CommandError, match="Import refused"):
        call_command("import_mapping_returns", returns=tmp_path / "bad.csv", verbosity=0)
    line = rows.index(hub) + 2
    assert f"bad.csv line {line}: {message}" in capsys.readouterr().err
    assert snapshot(world.la, world.cycle) == before


BAD_PERFORMANCE = [
    ("outcome", "Be wealthy", "outcome 'Be wealthy' is not in the local authority's list"),
    ("achieved", "lots", "achieved 'lots' is not a number with up to two decimals"),
    ("measure", "", "measure is blank"),
]


@pytest.mark.parametrize(
    "column,value,message", BAD_PERFORMANCE, ids=[b[0] for b in BAD_PERFORMANCE]
)
def test_a_bad_performance_row_is_refused_with_its_line(
    full_cycle, login, tmp_path, capsys, column, value, message
):
    world = full_cycle
    files = export(login(world.users["lead"]), world, tmp_path)
    import csv
    import io

    text = files["performance"].read_text("utf-8-sig")
    assert text.splitlines()[0] == (
        "la_code,la_name,cycle,service_ref,service_name,tier,"
        "measure,outcome,unit,baseline,target,achieved,outcome_achieved"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    # Formula-looking text is neutralised on the way out, like every export.
    assert all(not r["outcome_achieved"].startswith("=") for r in rows)
    bad = next(r for r in rows if r["measure"] == "Families reached")
    bad[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "bad.csv").write_text(out.getvalue())
    before = snapshot(world.la, world.cycle)
    with pytest.raises(CommandError, match="Import refused"):
        call_command("import_mapping_returns", performance=tmp_path / "bad.csv", verbosity=0)
    line = rows.index(bad) + 2
    assert f"bad.csv line {line}: {message}" in capsys.readouterr().err
    assert snapshot(world.la, world.cycle) == before
