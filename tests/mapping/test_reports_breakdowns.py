"""Seed 002's breakdowns from crafted returns, to the penny: the CYPP counted once, client
groups, commissioning boxes, property, planned change, budgets, preventative, locality, adult
services apart; the locality filter and the regional scope; per-child benchmarks without adults."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import pytest

from mapping.models import (
    ChildPopulation,
    ClientGroup,
    InvestmentLine,
    Locality,
    PriorityAction,
)
from mapping.reports.benchmarking import benchmark_report
from mapping.reports.breakdowns import Split, breakdown_report
from mapping.reports.scope import ScopeError, resolve_scope
from mapping.services.outcomes import add_priority
from mapping.services.workflow import add_services
from tests.factories import ServiceFactory

from .test_reports_views import csv_files, national_admin

REPORT = "/mapping/reports/cypp-investment/"


def line(mapping_return, amount, kind="staffing", basis="actual", count=None):
    InvestmentLine.objects.create(
        mapping_return=mapping_return,
        expenditure_type=kind,
        capital_or_revenue="capital" if kind == "property" else "revenue",
        funding_source="LA",
        basis=basis,
        amount=D(amount),
        property_count=count,
    )


def update(mapping_return, **fields):
    for name, value in fields.items():
        setattr(mapping_return, name, value)
    mapping_return.save()


@pytest.fixture
def crafted(world):
    la, lead = world.la, world.users["lead"]
    gap = add_priority(la, "Narrow the gap")
    home = add_priority(la, "Safe at home")
    centres = PriorityAction.objects.create(priority=gap, name="Children's centres")
    PriorityAction.objects.create(priority=gap, kind="enabler", name="CAF")
    north = Locality.objects.create(local_authority=la, name="North area team")
    carers = ClientGroup.objects.get(name="Young carers")
    in_need = ClientGroup.objects.get(name="Children in need")
    services = [ServiceFactory(local_authority=la, name=f"Service {n}") for n in (2, 3, 4)]
    r1 = world.mapping_return
    r2, r3, r4 = add_services(world.cycle, la, services, lead)
    update(
        r1,
        tier="universal",
        looked_after_children=True,
        locality=north,
        preventative=True,
        budget_arrangement="pooled",
        planned_change="increase",
        planned_change_amount=D("100.50"),
    )
    r1.outcomes.add(gap, home)
    r1.groups_served.add(carers)
    line(r1, "1000.00")
    line(r1, "999.00", basis="budget")  # another basis: never in an actual report
    update(
        r2,
        tier="targeted",
        is_adult_service=True,
        locality=north,
        budget_arrangement="aligned",
        planned_change="reduction",
        planned_change_amount=D("40.00"),
    )
    r2.priority_actions.add(centres)
    r2.groups_served.add(carers, in_need)
    line(r2, "250.25")
    update(r3, tier="support", commissioning_stage="planning")
    line(r3, "300.00", kind="property", count=2)
    line(r3, "0.01", kind="other")
    update(r4, tier="support", commissioning_stage="monitoring")
    r4.outcomes.add(home)
    line(r4, "50.00", kind="property")
    line(world.other_return, "7777.77")  # another LA: never in this LA's figures
    return world


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_cypp_counted_once_and_by_priority_to_the_penny(crafted):
    report = breakdown_report(resolve_scope(cycle="2009/10", la_code=crafted.la.code))
    cypp = report.cypp
    assert cypp.supporting == Split(3, D("1050.00"), D("250.25"))
    assert cypp.not_supporting == Split(1, D("300.01"), D("0.00"))
    rows = {(r.label, r.kind): r for r in cypp.rows}
    gap = rows[("Narrow the gap", "Priority")]
    assert (gap.split, gap.shared) == (Split(2, D("1000.00"), D("250.25")), D("1000.00"))
    assert rows[("– Children's centres", "Key action")].split == Split(1, D("0"), D("250.25"))
    assert rows[("– CAF", "Enabler")].split == Split(0, D("0"), D("0"))
    home = rows[("Safe at home", "Priority")]
    assert (home.split, home.shared) == (Split(2, D("1050.00"), D("0")), D("1000.00"))
    assert (cypp.gross, cypp.double_counted) == (D("2300.25"), D("1000.00"))


def test_every_other_breakdown_to_the_penny(crafted):
    r = breakdown_report(resolve_scope(cycle="2009/10", la_code=crafted.la.code))
    assert r.by_tier["universal"] == Split(1, D("1000.00"), D("0"))
    assert r.by_tier["targeted"] == Split(1, D("0"), D("250.25"))
    assert r.by_tier["support"] == Split(2, D("350.01"), D("0"))
    assert r.looked_after == Split(1, D("1000.00"), D("0"))
    groups = dict(r.client_groups)
    assert groups["Young carers"] == Split(2, D("1000.00"), D("250.25"))
    assert groups["Children in need"] == Split(1, D("0"), D("250.25"))
    assert groups["No client group from the list"] == Split(2, D("350.01"), D("0"))
    boxes = dict(r.commissioning)
    assert boxes["Planning"] == Split(1, D("300.01"), D("0"))
    assert boxes["Performance monitoring and evaluation"] == Split(1, D("50.00"), D("0"))
    assert boxes["Box not given"] == Split(0, D("0"), D("0"))
    assert r.property_rows[3] == ("Children's services: support services", 2, 1, D("350.00"))
    assert r.property_rows[-2] == ("Adult services supporting children", 0, 0, D("0.00"))
    assert r.property_rows[-1] == ("Total", 2, 1, D("350.00"))
    planned = dict(r.planned)
    assert planned["Increase"] == Split(1, D("100.50"), D("0"))
    assert planned["Reduction"] == Split(1, D("0"), D("40.00"))
    assert planned["Net change (increases less reductions)"] == Split(0, D("100.50"), D("-40.00"))
    budgets = dict(r.budgets)
    assert budgets["Pooled budget"] == Split(1, D("1000.00"), D("0"))
    assert budgets["Aligned budget"] == Split(1, D("0"), D("250.25"))
    assert budgets["Not stated"] == Split(2, D("350.01"), D("0"))
    prevent = dict(r.preventative)
    assert prevent["Preventative or early intervention"] == Split(1, D("1000.00"), D("0"))
    assert prevent["Other services"] == Split(3, D("350.01"), D("250.25"))
    localities = dict(r.localities)
    assert localities["North area team"] == Split(2, D("1000.00"), D("250.25"))
    assert localities["No locality given"] == Split(2, D("350.01"), D("0"))


def test_the_report_page_and_its_csv(crafted, login):
    lead = login(crafted.users["lead"])
    query = {"la": crafted.la.code, "cycle": "2009/10", "basis": "actual"}
    page = lead.get(REPORT, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Investment supporting the CYPP, counted once" in html
    assert "£1,000.00" in html and "Adult services supporting children" in html
    files = csv_files(lead.get(REPORT, {**query, "format": "csv"}))
    headline = rows_of(next(iter(files.values())))
    assert headline[1:] == [
        ["Supporting the CYPP (each service counted once)", "3", "1050.00", "250.25", "1300.25"],
        ["Not tagged to the CYPP", "1", "300.01", "0.00", "300.01"],
        ["All investment", "4", "1350.01", "250.25", "1600.26"],
    ]
    # Another LA's lead cannot ask for this LA's report.
    other = login(crafted.users["other_lead"])
    assert other.get(REPORT, query).status_code == 404


def test_reports_filter_by_locality(crafted, login, tmp_path):
    lead = login(crafted.users["lead"])
    query = {"la": crafted.la.code, "cycle": "2009/10", "basis": "actual", "format": "csv"}
    matrix = csv_files(
        lead.get("/mapping/reports/investment-matrix/", {**query, "locality": "North area team"})
    )
    total = rows_of(next(iter(matrix.values())))[-1]
    assert total == ["Total", "1000.00", "250.25", "0.00", "0.00", "1250.25"]
    page = lead.get(REPORT, {**query, "format": "", "locality": "North area team"})
    assert "North area team" in page.content.decode()
    scope = resolve_scope(cycle="2009/10", la_code=crafted.la.code, locality="north area team")
    assert breakdown_report(scope).cypp.supporting == Split(2, D("1000.00"), D("250.25"))
    with pytest.raises(ScopeError, match="no locality called 'Nowhere'"):
        resolve_scope(cycle="2009/10", la_code=crafted.la.code, locality="Nowhere")
    with pytest.raises(ScopeError, match="needs its local authority"):
        resolve_scope(cycle="2009/10", locality="North area team")


def test_regional_scope_for_the_england_reports(crafted, client):
    crafted.other_la.region = "London"
    crafted.other_la.save()
    client.force_login(national_admin())
    query = {"cycle": "2009/10", "basis": "actual", "region": "London", "format": "csv"}
    matrix = csv_files(client.get("/mapping/reports/investment-matrix/", query))
    # The other LA's return has no tier: its money is beside the matrix, not in it.
    assert rows_of(next(iter(matrix.values())))[-1][-1] == "0.00"
    files = csv_files(client.get(REPORT, query))
    assert rows_of(next(iter(files.values())))[-1] == [
        "All investment",
        "1",
        "7777.77",
        "0.00",
        "7777.77",
    ]
    england = csv_files(client.get(REPORT, {**query, "region": ""}))
    assert rows_of(next(iter(england.values())))[-1][-1] == "9378.03"
    for path in ("/mapping/reports/workforce/", "/mapping/reports/sector/"):
        assert client.get(path, {**query, "format": ""}).status_code == 200
    trends = client.get("/mapping/reports/trends/", {"basis": "actual", "region": "London"})
    assert trends.status_code == 200
    mixed = client.get(REPORT, {**query, "la": crafted.la.code})
    assert "Choose a region or a local authority, not both." in mixed.content.decode()
    assert "Or a region" in client.get(REPORT).content.decode()
    # An LA's own staff are never offered a region (nor England).
    client.force_login(crafted.users["lead"])
    assert "Or a region" not in client.get(REPORT).content.decode()


def test_per_child_benchmarks_leave_adult_services_out(crafted):
    ChildPopulation.objects.create(
        local_authority=crafted.la, cycle=crafted.cycle, population_0_19=1000
    )
    report = benchmark_report(crafted.cycle, "actual", crafted.la)
    figures = {m.key: m.subject for m in report.metrics}
    assert figures["per_child"] == D("1.35")  # 1,350.01 / 1,000; the adult 250.25 left out
    assert figures["targeted_per_child"] == D("0.00")
