"""A small mapping world: two LAs, every role, one open cycle, one return in each LA."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP
from mapping.models import Cycle, CycleState, InvestmentLine, Section, WorkforceLine
from mapping.services.workflow import add_services, assign
from tests.factories import LocalAuthorityFactory, ServiceFactory, UserFactory, staff_user

PASSWORD = "correct horse battery"


def make_cycle(label: str = "2009/10", state: str = CycleState.OPEN) -> Cycle:
    """A cycle on the national timetable. Data entry also closes by date, so an open one runs
    to 90 days from the real today (results 60 days later), whenever the tests run."""
    return Cycle.objects.create(label=label, state=state, **running_timetable(label, state))


def running_timetable(label: str, state: str = CycleState.OPEN) -> dict[str, dt.date]:
    dates = Cycle.standard_timetable(label)
    if state == CycleState.OPEN:
        closes = max(dates["data_entry_closes"], dt.date.today() + dt.timedelta(days=90))
        dates["data_entry_closes"] = closes
        dates["results_due"] = max(dates["results_due"], closes + dt.timedelta(days=60))
    return dates


@dataclass
class World:
    la: object
    other_la: object
    cycle: Cycle
    service: object
    other_service: object
    mapping_return: object
    other_return: object
    users: dict


@pytest.fixture
def world(db) -> World:
    la = LocalAuthorityFactory(name="North Testshire", slug="north-testshire")
    other_la = LocalAuthorityFactory(name="South Testshire", slug="south-testshire")
    users = {
        "editor": staff_user(la, StaffRole.EDITOR, username="editor"),
        "delegate_assigned": staff_user(la, StaffRole.DELEGATE, username="delegate_a"),
        "delegate_unassigned": staff_user(la, StaffRole.DELEGATE, username="delegate_u"),
        "lead": staff_user(la, StaffRole.MAPPING_LEAD, username="lead"),
        "dcs": staff_user(la, StaffRole.DCS, username="dcs"),
        "national_admin": UserFactory(username="natadmin"),
        "other_lead": staff_user(other_la, StaffRole.MAPPING_LEAD, username="other_lead"),
    }
    group, _ = Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)
    users["national_admin"].groups.add(group)
    cycle = make_cycle()
    service = ServiceFactory(local_authority=la, name="Riverside Family Hub")
    other_service = ServiceFactory(local_authority=other_la, name="Southside Youth Club")
    (mapping_return,) = add_services(cycle, la, [service], users["lead"])
    (other_return,) = add_services(cycle, other_la, [other_service], users["other_lead"])
    due = dt.date.today() + dt.timedelta(days=14)
    for section in Section.values:
        assign(mapping_return, section, users["delegate_assigned"], due, users["lead"])
    return World(la, other_la, cycle, service, other_service, mapping_return, other_return, users)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def add_lines(mapping_return, amount="12345.67", role="Family support worker") -> None:
    InvestmentLine.objects.create(
        mapping_return=mapping_return,
        expenditure_type="staffing",
        capital_or_revenue="revenue",
        funding_source="LA core budget",
        basis="budget",
        amount=Decimal(amount),
    )
    WorkforceLine.objects.create(
        mapping_return=mapping_return,
        group="social_family_community",
        role=role,
        fte=Decimal("2.50"),
        headcount=3,
        cost=Decimal("61000.00"),
    )


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data for a Django formset with ``rows`` (dicts of field values)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


INVESTMENT_ROW = {
    "expenditure_type": "staffing",
    "other_description": "",
    "capital_or_revenue": "revenue",
    "funding_source": "Dedicated Schools Grant",
    "basis": "budget",
    "amount": "1,234.50",
}
WORKFORCE_ROW = {
    "group": "youth",
    "role": "Detached youth worker",
    "fte": "1.5",
    "headcount": "2",
    "cost": "45,000",
}
DETAILS = {
    "tier": "targeted",
    "commissioning_stage": "",
    "camhs_tier": "",
    "client_groups": "Young carers",
    "age_bands": "11-16",
    "delivering_sector": "voluntary",
    "delivering_organisation": "",
    "overlap_percent": "10",
    "directory_confirmed": "on",
    "directory_corrections": "",
}
