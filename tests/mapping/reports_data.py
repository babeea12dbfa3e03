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


def staff(ret, group, fte, cost=None, headcount=None, role="") -> WorkforceLine:
    return WorkforceLine.objects.create(
        mapping_return=ret,
        group=group,
        fte=Decimal(fte),
        cost=None if cost is None else Decimal(cost),
        headcount=headcount,
        role=role,
    )
