"""Crafted mapping returns for the report tests (tests only; nothing imports this)."""

from __future__ import annotations

from decimal import Decimal

from directory.models import LocalAuthority
from mapping.models import Cycle, InvestmentLine, MappingReturn, WorkforceLine
from tests.factories import LocalAuthorityFactory, ServiceFactory


def cycle(label: str = "2009/10") -> Cycle:
    return Cycle.objects.get_or_create(label=label, defaults=Cycle.standard_timetable(label))[0]


def medway() -> LocalAuthority:
    return LocalAuthorityFactory(
        code="E06000035", name="Medway", slug="medway", region="South East"
    )


def mapped(la, cyc, tier="universal", service=None, name=None, **fields) -> MappingReturn:
    if service is None:
        kwargs = {"local_authority": la}
        if name:
            kwargs["name"] = name
        service = ServiceFactory(**kwargs)
    return MappingReturn.objects.create(
        cycle=cyc, service=service, local_authority=la, tier=tier, **fields
    )


def invest(
    ret, expenditure_type, amount, basis="actual", capital_or_revenue="revenue", **fields
) -> InvestmentLine:
    return InvestmentLine.objects.create(
        mapping_return=ret,
        expenditure_type=expenditure_type,
        amount=Decimal(amount),
        basis=basis,
        capital_or_revenue=capital_or_revenue,
        **fields,
    )


def staff(ret, group, fte, cost=None, headcount=None, role="", basis="actual") -> WorkforceLine:
    return WorkforceLine.objects.create(
        mapping_return=ret,
        group=group,
        basis=basis,
        fte=Decimal(fte),
        cost=None if cost is None else Decimal(cost),
        headcount=headcount,
        role=role,
    )


def build_crafted() -> dict:
    """Medway's 2009/10 returns (see test_reports_investment for the expected figures)."""
    la, other = medway(), LocalAuthorityFactory(code="E06000001", name="Hartlepool")
    now, before = cycle("2009/10"), cycle("2008/09")
    centre = mapped(la, now, "universal", name="Children's centre")
    invest(centre, "staffing", "1234.56", funding_source="Sure Start grant")
    invest(centre, "staffing", "0.01", funding_source="Council")
    invest(centre, "property", "250000.00", capital_or_revenue="capital", funding_source="Council")
    invest(centre, "revenue", "999.99")
    invest(centre, "staffing", "1300.00", basis="budget")
    staff(centre, "early_years_childcare", "2.50", cost="40000.00", headcount=3)
    staff(centre, "managers_and_leaders", "0.50", cost="20000.01", headcount=1)
    youth = mapped(la, now, "targeted", name="Youth support")
    invest(youth, "contracts", "45000.10", funding_source="PCT")
    invest(youth, "other", "12.34", other_description="Interpreters")
    invest(youth, "staffing", "30000.00", funding_source="Council")
    staff(youth, "youth", "1.25", cost="30000.00")
    camhs = mapped(la, now, "specialist", name="Specialist CAMHS", camhs_tier=3)
    invest(camhs, "staffing", "70000.33", funding_source="PCT")
    invest(camhs, "other_capital", "5000.00", capital_or_revenue="capital")
    staff(camhs, "health", "3.10", cost="70000.33")
    support = mapped(la, now, "support", name="Commissioning team")
    invest(support, "revenue", "2500.50")
    invest(support, "contracts", "100.00", basis="budget")
    staff(support, "commissioning", "0.40")
    untiered = mapped(la, now, "", name="Not yet tiered")
    invest(untiered, "staffing", "777.77")
    staff(untiered, "social_family_community", "1.00", cost="5.00")
    # Noise the matrix must ignore: another LA, and the LA's previous cycle.
    invest(mapped(other, now, "universal"), "staffing", "99999.99")
    previous = mapped(la, before, "universal", service=centre.service)
    invest(previous, "staffing", "55555.55")
    return {
        "la": la,
        "other": other,
        "cycle": now,
        "before": before,
        "centre": centre,
        "youth": youth,
        "camhs": camhs,
        "support": support,
        "untiered": untiered,
        "previous": previous,
    }
