"""The mapping demo's figures teach the right thing (issue 12): CAMHS tiers only on
mental-health services from any sector, staffing investment that agrees with workforce cost,
a few adult services and some services for looked-after children."""

from __future__ import annotations

import pytest

from directory.models import LocalAuthority, Service
from mapping.models import Basis, Cycle, MappingReturn, Sector
from mapping.reports.camhs import camhs_report
from mapping.reports.data_quality import data_quality_report, disagrees, mental_health_q
from mapping.reports.scope import ReportScope
from mapping.reports.sector import sector_report
from mapping.reports.totals import return_totals

from .test_demo_mapping import CODES, load_directory, load_mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_directory()
    load_mapping()


def scopes():
    for code in CODES:
        la = LocalAuthority.objects.get(code=code)
        for cycle in Cycle.objects.all():
            for basis in Basis.values:
                yield ReportScope(cycle, basis, la)


def test_camhs_tiers_only_on_mental_health_services(demo):
    mental = set(Service.objects.filter(mental_health_q()).values_list("pk", flat=True))
    tiered = MappingReturn.objects.filter(camhs_tier__isnull=False)
    assert tiered.exists()
    assert set(tiered.values_list("service_id", flat=True)) <= mental
    # Every mental-health service that is not a support service has its tier.
    untiered = MappingReturn.objects.filter(service_id__in=mental, camhs_tier__isnull=True)
    assert set(untiered.values_list("tier", flat=True)) <= {"support"}
    # From any sector, and NHS services that are not mental-health services have none.
    assert tiered.values("delivering_sector").distinct().count() > 1
    health = MappingReturn.objects.filter(delivering_sector=Sector.HEALTH)
    assert health.filter(camhs_tier__isnull=True).exists()

    # So the CAMHS report is not the NHS total.
    for scope in scopes():
        if scope.basis != Basis.ACTUAL:
            continue
        camhs_total = camhs_report(scope).tables()[0].rows[-1][2]  # actual investment
        nhs = next(s for s in sector_report(scope).sectors if s.key == Sector.HEALTH)
        assert nhs.investment.total > 0
        assert camhs_total != nhs.investment.total, scope


def test_staffing_investment_agrees_with_workforce_cost(demo):
    for scope in scopes():
        totals = return_totals(scope.returns())
        assert totals
        for t in totals.values():
            staffing, cost = t.staffing(scope.basis), t.workforce_cost(scope.basis)
            assert staffing > 0 and cost > 0
            assert not disagrees(staffing, cost)
        report = data_quality_report(scope)
        assert report.for_rule("staffing_vs_workforce") == []
        assert report.for_rule("camhs_without_mental_health") == []

    # A few adult services that support children; some services for looked-after children.
    for code in CODES:
        for cycle in Cycle.objects.all():
            returns = MappingReturn.objects.filter(local_authority__code=code, cycle=cycle)
            adult = returns.filter(is_adult_service=True).count()
            looked_after = returns.filter(looked_after_children=True).count()
            assert 0 < adult <= returns.count() // 10
            assert 0 < looked_after < returns.count() // 2
