"""LA and Children's Trust profiles, CAMHS, summary, sector and trends, to the penny."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from directory.models import Service, ServiceAtLocation
from mapping.models import (
    Basis,
    PartnerOrganisation,
    Partnership,
    Section,
    SectionAssignment,
    SectionStatus,
)
from mapping.reports.camhs import camhs_report
from mapping.reports.profiles import OTHERS, la_profile, trust_profile
from mapping.reports.scope import ReportScope
from mapping.reports.sector import NO_LOCATION, sector_report
from mapping.reports.summary import summary_report
from mapping.reports.tables import percent
from mapping.reports.trends import trends_report
from tests.factories import LocationFactory, ServiceFactory

from .reports_data import build_crafted, mapped

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def crafted():
    return build_crafted()


def scope(crafted, basis=Basis.ACTUAL, partnership=None):
    return ReportScope(crafted["cycle"], basis, crafted["la"], partnership)


def test_la_profile_lists_every_service_with_its_finance(crafted):
    profile = la_profile(scope(crafted))
    assert [s.service_name for s in profile.services] == [
        "Children's centre",
        "Commissioning team",
        "Not yet tiered",
        "Specialist CAMHS",
        "Youth support",
    ]
    by_tier = {
        r.label: (r.services, r.actual, r.budget, r.fte_actual, r.fte_budget)
        for r in profile.by_tier
    }
    assert by_tier == {
        "Universal": (1, D("252234.56"), D("1300.00"), D("3.00"), D("0.00")),
        "Targeted": (1, D("75012.44"), D("0.00"), D("1.25"), D("0.00")),
        "Specialist": (1, D("75000.33"), D("0.00"), D("3.10"), D("0.00")),
        "Support services": (1, D("2500.50"), D("100.00"), D("0.40"), D("0.00")),
        "No tier yet": (1, D("777.77"), D("0.00"), D("1.00"), D("0.00")),
    }
    total = profile.tables()[0].rows[-1]
    assert total == ["Total", 5, D("405525.60"), D("1400.00"), D("8.75"), D("0.00")]


def test_la_profile_finds_a_service_recorded_under_another_la(crafted):
    Service.objects.filter(pk=crafted["youth"].service_id).update(local_authority=crafted["other"])
    names = [s.service_name for s in la_profile(scope(crafted)).services]
    assert "Youth support" in names and len(names) == 5


def test_la_profile_orders_services_of_one_name_by_return_and_names_who_delivers(crafted):
    """Services of the same name are listed in the order their returns were made; each is
    delivered by its partner organisation, else the service's own organisation, else no one."""
    la, now = crafted["la"], crafted["cycle"]
    trust = Partnership.objects.create(local_authority=la, name="Medway CT", slug="m")
    nhs = PartnerOrganisation.objects.create(partnership=trust, name="NHS Medway", kind="pct_icb")
    clubs = [
        ServiceFactory(local_authority=la, name="Youth club", slug=f"youth-club-{n}")
        for n in range(3)
    ]
    first = mapped(la, now, service=clubs[0])
    second = mapped(la, now, service=clubs[1], delivering_organisation=nhs)
    third = mapped(la, now, service=clubs[2])
    Service.objects.filter(pk=first.service_id).update(organisation=None)
    clubs = [s for s in la_profile(scope(crafted)).services if s.service_name == "Youth club"]
    assert [(s.return_id, s.delivered_by) for s in clubs] == [
        (first.pk, ""),
        (second.pk, "NHS Medway"),
        (third.pk, third.service.organisation.name),
    ]


def test_trust_profile_by_partner_organisation(crafted):
    trust = Partnership.objects.create(local_authority=crafted["la"], name="Medway CT", slug="m")
    council = PartnerOrganisation.objects.create(
        partnership=trust, name="Medway Council", kind="la"
    )
    nhs = PartnerOrganisation.objects.create(partnership=trust, name="NHS Medway", kind="pct_icb")
    elsewhere = Partnership.objects.create(local_authority=crafted["other"], name="H", slug="h")
    stranger = PartnerOrganisation.objects.create(partnership=elsewhere, name="Far", kind="school")
    for key, org in [("centre", council), ("camhs", nhs), ("youth", stranger)]:
        crafted[key].delivering_organisation = org
        crafted[key].save()
    profile = trust_profile(scope(crafted, partnership=trust))
    rows = {r.name: (r.services, r.actual, r.budget, r.fte_actual) for r in profile.rows}
    assert rows == {
        "Medway Council": (1, D("252234.56"), D("1300.00"), D("3.00")),
        "NHS Medway": (1, D("75000.33"), D("0.00"), D("3.10")),
        OTHERS: (3, D("78290.71"), D("100.00"), D("2.65")),
    }
    kinds = {r.name: r.actual for r in profile.by_kind}
    assert kinds["Local authority"] == D("252234.56")


def test_camhs_report_by_tier(crafted):
    crafted["centre"].camhs_tier = 1
    crafted["centre"].save()
    report = camhs_report(scope(crafted))
    tiers = {t.tier: (len(t.services), t.actual, t.budget, t.fte_actual) for t in report.tiers}
    assert tiers == {
        1: (1, D("252234.56"), D("1300.00"), D("3.00")),
        2: (0, D("0.00"), D("0.00"), D("0.00")),
        3: (1, D("75000.33"), D("0.00"), D("3.10")),
        4: (0, D("0.00"), D("0.00"), D("0.00")),
    }
    total = ["Total", 2, D("327234.89"), D("1300.00"), D("6.10"), D("0.00")]
    assert report.tables()[0].rows[-1] == total


def test_summary_of_data_submitted(crafted):
    SectionAssignment.objects.create(
        mapping_return=crafted["centre"], section=Section.FINANCE, status=SectionStatus.SUBMITTED
    )
    report = summary_report(scope(crafted))
    centre = report.lines[0]
    assert centre.service_name == "Children's centre"
    assert centre.statuses == {
        "service_details": "Not assigned",
        "finance": "Submitted",
        "workforce": "Not assigned",
        "performance": "Not assigned",
    }
    assert (centre.totals.investment_lines, centre.totals.actual, centre.totals.budget) == (
        5,
        D("252234.56"),
        D("1300.00"),
    )
    assert (centre.totals.workforce_lines, centre.totals.fte_actual) == (2, D("3.00"))
    total = report.tables()[0].rows[-1]
    assert total[6:11] == [13, D("405525.60"), D("1400.00"), 6, D("8.75")]


def test_third_and_private_sector_contribution(crafted):
    for key, sector in [
        ("centre", "la"),
        ("youth", "voluntary"),
        ("camhs", "health"),
        ("support", "private"),
    ]:
        crafted[key].delivering_sector = sector
        crafted[key].save()
    chatham = LocationFactory(local_authority=crafted["la"], city="Chatham")
    ServiceAtLocation.objects.create(service=crafted["centre"].service, location=chatham)
    report = sector_report(scope(crafted))
    assert report.third_and_private == D("77512.94")
    assert report.total == D("404747.83")
    assert report.third_and_private_share == percent(D("77512.94"), D("404747.83"))
    assert report.third_and_private_share == D("19.2")
    by = {s.label: (s.services, s.investment.total) for s in report.sectors}
    assert by["Voluntary and community sector"] == (1, D("75012.44"))
    assert by["Not stated"] == (1, D("0.00"))  # the untiered return has no sector either
    places = {p.place: p.by_sector for p in report.places}
    assert places == {
        "Chatham": {"Local authority": 1},
        NO_LOCATION: {
            "Voluntary and community sector": 1,
            "NHS / health": 1,
            "Private sector": 1,
            "Not stated": 1,
        },
    }
    providers = {p.name: p.services for p in report.providers}
    assert sum(providers.values()) == 5


def test_trends_share_of_investment_by_tier(crafted):
    report = trends_report({crafted["la"].pk}, Basis.ACTUAL)
    (medway,) = report.authorities
    assert [p.cycle_label for p in medway.points] == ["2008/09", "2009/10"]
    old, new = medway.points
    assert old.share("universal") == D("100.0")
    assert new.amounts == {
        "universal": D("252234.56"),
        "targeted": D("75012.44"),
        "specialist": D("75000.33"),
        "support": D("2500.50"),
    }
    assert new.share("universal") == D("62.3")
    assert new.share("support") == D("0.6")


def test_other_reports_through_the_command(crafted, tmp_path):
    args = ["mapping_report", "la-profile", "--la", "E06000035", "--cycle", "2009/10"]
    with pytest.raises(CommandError, match="zip of one CSV per table"):
        call_command(*args, stdout=io.StringIO())
    output = tmp_path / "profile.zip"
    call_command(*args, "--output", str(output), stderr=io.StringIO())
    with zipfile.ZipFile(output) as bundle:
        names = bundle.namelist()
        lines = bundle.read(names[0]).decode().splitlines()
        services = bundle.read(names[1]).decode().splitlines()
    assert names == ["01-services-and-finance-by-tier.csv", "02-services-mapped.csv"]
    assert lines[0] == (
        "Tier,Services,Actual 2008/09,Budget 2009/10,FTE actual 2008/09,FTE budget 2009/10"
    )
    assert lines[-1] == "Total,5,405525.60,1400.00,8.75,0.00"
    assert len(services) == 6  # the header and the five services
