"""`manage.py load_demo_mapping` fills the mapping module with a repeatable synthetic demo."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from directory.models import LocalAuthority, Membership, StaffRole
from mapping.models import (
    Basis,
    ChildPopulation,
    Cycle,
    CycleState,
    ExpenditureType,
    InvestmentLine,
    Locality,
    MappingReturn,
    MappingTier,
    Outcome,
    PartnerOrganisation,
    Partnership,
    PerformanceMeasure,
    Registration,
    SectionAssignment,
    SectionStatus,
    TeamMember,
    WorkforceGroup,
    WorkforceLine,
)

pytestmark = pytest.mark.django_db

SIZE = 40  # services per LA in the directory demo: small, so the test is quick
CODES = ("E06000013", "E06000012")
MODELS = (
    Partnership,
    PartnerOrganisation,
    Cycle,
    ChildPopulation,
    Outcome,
    MappingReturn,
    InvestmentLine,
    WorkforceLine,
    SectionAssignment,
    Membership,
    Registration,
    TeamMember,
    Locality,
    PerformanceMeasure,
)


def load_directory() -> None:
    call_command("load_demo_data", services_per_la=SIZE, no_progress=True, stdout=io.StringIO())


def load_mapping() -> str:
    out = io.StringIO()
    call_command("load_demo_mapping", no_progress=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def fingerprint() -> list[tuple]:
    """What the demo contains, without database ids."""
    returns = MappingReturn.objects.annotate(invested=Sum("investment_lines__amount")).values_list(
        "local_authority__code",
        "cycle__label",
        "service__name",
        "tier",
        "camhs_tier",
        "delivering_sector",
        "overlap_percent",
        "invested",
    )
    return sorted(returns, key=repr)


@pytest.fixture
def demo() -> str:
    load_directory()
    return load_mapping()


def test_every_demo_la_gets_returns_lines_and_assignments(demo):
    cycles = {c.label: c.state for c in Cycle.objects.all()}
    assert cycles == {"2008/09": CycleState.PUBLISHED, "2009/10": CycleState.OPEN}
    for code in CODES:
        la = LocalAuthority.objects.get(code=code)
        returns = MappingReturn.objects.filter(local_authority=la)
        assert returns.count() == 2 * SIZE  # fewer services than the 120 asked for
        lines = InvestmentLine.objects.filter(mapping_return__local_authority=la)
        assert lines.count() > 0
        assert set(lines.values_list("basis", flat=True)) == set(Basis.values)
        assert set(lines.values_list("expenditure_type", flat=True)) == set(ExpenditureType.values)
        assert lines.values("funding_source").distinct().count() > 2
        workforce = WorkforceLine.objects.filter(mapping_return__local_authority=la)
        assert set(workforce.values_list("group", flat=True)) == set(WorkforceGroup.values)
        assert set(returns.values_list("tier", flat=True)) == set(MappingTier.values)
        assert returns.filter(camhs_tier__isnull=False).exists()
        open_sections = SectionAssignment.objects.filter(
            mapping_return__local_authority=la, mapping_return__cycle__label="2009/10"
        )
        assert set(open_sections.values_list("status", flat=True)) == set(SectionStatus.values)
        assert ChildPopulation.objects.filter(local_authority=la).count() == 2
        assert Outcome.objects.filter(kind=Outcome.Kind.CYPP, local_authority=la).count() == 2
        assert la.partnerships.get().members.values("kind").distinct().count() == len(
            PartnerOrganisation.Kind.values
        )
        roles = set(Membership.objects.filter(local_authority=la).values_list("role", flat=True))
        assert {StaffRole.MAPPING_LEAD, StaffRole.DELEGATE, StaffRole.DCS} <= roles
    assert Outcome.objects.filter(kind=Outcome.Kind.ECM).count() == 5
    assert "Mapping lead – North Lincolnshire" in demo


def test_second_run_creates_nothing(demo):
    before = counts()
    output = load_mapping()
    assert counts() == before
    assert "nothing created" in output


def test_same_seed_gives_the_same_demo(demo):
    first = fingerprint()
    MappingReturn.objects.all().delete()
    load_mapping()
    assert fingerprint() == first


def test_printed_lead_login_opens_the_dashboard_and_investment_matrix(demo, client):
    match = re.search(r"north-lincolnshire-mapping-lead\s+(\S+)\s+Mapping lead", demo)
    assert match, demo
    lead = get_user_model().objects.get(username="north-lincolnshire-mapping-lead")
    assert lead.check_password(match.group(1))
    client.force_login(lead)
    assert client.get(reverse("mapping:dashboard")).status_code == 200
    url = reverse("mapping:reports:report", args=["investment-matrix"])
    response = client.get(url, {"la": "E06000013", "cycle": "2009/10", "basis": "actual"})
    assert response.status_code == 200
    total = InvestmentLine.objects.filter(
        mapping_return__local_authority__code="E06000013",
        mapping_return__cycle__label="2009/10",
        basis=Basis.ACTUAL,
    ).aggregate(total=Sum("amount"))["total"]
    assert f"£{total:,.2f}" in response.content.decode()
    other = client.get(url, {"la": "E06000012", "cycle": "2009/10", "basis": "actual"})
    assert other.status_code == 404


def test_investment_matrix_command_has_a_nonzero_total(demo):
    out = io.StringIO()
    call_command(
        "mapping_report",
        "investment-matrix",
        la="E06000013",
        cycle="2009/10",
        basis="actual",
        format="csv",
        stdout=out,
    )
    rows = out.getvalue().splitlines()
    assert rows[0] == "expenditure_type,universal,targeted,specialist,support,total"
    total = rows[-1].split(",")
    assert total[0] == "Total"
    expected = InvestmentLine.objects.filter(
        mapping_return__local_authority__code="E06000013",
        mapping_return__cycle__label="2009/10",
        basis=Basis.ACTUAL,
    ).aggregate(total=Sum("amount"))["total"]
    assert expected > 0
    assert total[-1] == f"{expected:.2f}"


def test_the_demo_shows_registrations_viewers_localities_and_performance(demo, client):
    for code in CODES:
        la = LocalAuthority.objects.get(code=code)
        registration = Registration.objects.get(local_authority=la)
        assert (registration.cycle.label, registration.status) == ("2009/10", "approved")
        assert "Demo data" in registration.note
        assert registration.lead.username == f"{la.slug}-mapping-lead"
        localities = Locality.objects.filter(local_authority=la)
        assert localities.count() == 3 and all(str(x).endswith("(demo)") for x in localities)
        for label in ("2008/09", "2009/10"):
            returns = MappingReturn.objects.filter(local_authority=la, cycle__label=label)
            assert returns.filter(locality__isnull=False).exists()
            assert returns.filter(locality__isnull=True).exists()
            measures = PerformanceMeasure.objects.filter(mapping_return__in=returns)
            assert measures.exists()
            assert all("Demo data" in m.outcome_achieved for m in measures)
            assert all(m.outcome is not None for m in measures)
        member = TeamMember.objects.get(membership__local_authority=la)
        assert member.membership.role == StaffRole.VIEWER
        assert member.get_viewer_body_display() == "Joint Commissioning Group"
        assert member.partner_organisation.kind == PartnerOrganisation.Kind.PCT_ICB

    match = re.search(r"north-lincolnshire-viewer\s+(\S+)\s+Partnership viewer \(read-only\)", demo)
    assert match, demo
    viewer = get_user_model().objects.get(username="north-lincolnshire-viewer")
    assert viewer.check_password(match.group(1))
    client.force_login(viewer)
    report = reverse("mapping:reports:report", args=["investment-matrix"])
    published = client.get(report, {"la": "E06000013", "cycle": "2008/09", "basis": "actual"})
    assert published.status_code == 200
    assert client.get(report, {"la": "E06000013", "cycle": "2009/10"}).status_code in (400, 404)

    measure = PerformanceMeasure.objects.filter(
        mapping_return__local_authority__code="E06000013", mapping_return__cycle__label="2009/10"
    ).first()
    mapping_return = measure.mapping_return
    client.force_login(get_user_model().objects.get(username="north-lincolnshire-mapping-lead"))
    page = client.get(reverse("mapping:return_detail", kwargs={"pk": mapping_return.pk}))
    assert page.status_code == 200 and measure.measure in page.content.decode()
