"""Synthetic, deterministic mapping demo data for the demo local authorities.

``generate_mapping_demo`` gives each demo LA (from ``directory.demo.DEMO_AREAS``, once
``load_demo_data`` has created them) a Children's Trust partnership, two cycles (2008/09
published, 2009/10 open), child populations, CYPP priorities, returns with investment and
workforce lines, section assignments and mapping logins. Everything is made up. An LA that
already has returns in a cycle is left as it is, so running it again creates nothing new.

The figures are made to teach the right thing (issue 12): only services with a mental-health
category get a CAMHS tier, whichever sector delivers them; each service's staffing investment
on a basis is its workforce cost on that basis within 4% (inside the data-quality tolerance);
a few services are adult services that support children, and some serve looked-after
children. The newer features (a team registration, a read-only partnership viewer, localities,
performance measures) are added by ``demo_features``.
Lines and assignments are bulk-created: no LA is signed off, so the lock signals have nothing
to refuse.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from directory.demo import DEMO_AREAS, DemoLogin
from directory.demo.accounts import ensure_la_login
from directory.models import LocalAuthority, StaffRole

from .demo_features import add_demo_features
from .models import (
    Basis,
    CapitalOrRevenue,
    ChildPopulation,
    CommissioningStage,
    Cycle,
    CycleState,
    EcmAim,
    ExpenditureType,
    InvestmentLine,
    MappingReturn,
    MappingTier,
    Outcome,
    PartnerOrganisation,
    Partnership,
    Section,
    SectionAssignment,
    SectionStatus,
    Sector,
    WorkforceGroup,
    WorkforceLine,
)
from .reports.data_quality import mental_health_q
from .services.outcomes import add_priority, ensure_ecm_aims, ensure_ecm_outcomes

#: (label, state): one published cycle to compare with and one open for data entry.
DEMO_CYCLES = (("2008/09", CycleState.PUBLISHED), ("2009/10", CycleState.OPEN))
RETURNS_PER_LA = 120
PRIORITIES = ("Narrowing the gap in early years outcomes", "Improving emotional wellbeing")
FUNDING_SOURCES = (
    "Council core budget",
    "Dedicated Schools Grant",
    "Sure Start, Early Years and Childcare Grant",
    "Primary Care Trust",
    "Area Based Grant",
    "Big Lottery Fund",
)
MEMBER_KINDS = (
    ("{la} Council", PartnerOrganisation.Kind.LOCAL_AUTHORITY),
    ("{la} Primary Care Trust", PartnerOrganisation.Kind.PCT_ICB),
    ("{la} Community Health NHS Trust", PartnerOrganisation.Kind.NHS_TRUST),
    ("{la} Schools Forum", PartnerOrganisation.Kind.SCHOOL),
    ("{la} Council for Voluntary Service", PartnerOrganisation.Kind.VOLUNTARY),
    ("{la} Childcare Providers Network", PartnerOrganisation.Kind.PRIVATE),
)
SECTOR_FOR_KIND = {
    PartnerOrganisation.Kind.LOCAL_AUTHORITY: Sector.LOCAL_AUTHORITY,
    PartnerOrganisation.Kind.PCT_ICB: Sector.HEALTH,
    PartnerOrganisation.Kind.NHS_TRUST: Sector.HEALTH,
    PartnerOrganisation.Kind.SCHOOL: Sector.SCHOOL,
    PartnerOrganisation.Kind.VOLUNTARY: Sector.VOLUNTARY,
    PartnerOrganisation.Kind.PRIVATE: Sector.PRIVATE,
}
TIER_WEIGHTS = {
    MappingTier.UNIVERSAL: 40,
    MappingTier.TARGETED: 30,
    MappingTier.SPECIALIST: 20,
    MappingTier.SUPPORT: 10,
}
#: Open-cycle section statuses and how often each occurs.
#: The CAMHS tier a mental-health service gets from its mapping tier (tier 4, in-patient care,
#: is a specialist service's; support services have none).
CAMHS_TIERS = {
    MappingTier.UNIVERSAL: (1,),
    MappingTier.TARGETED: (2,),
    MappingTier.SPECIALIST: (3, 4),
}
#: Every ADULT_EVERY-th service (from ADULT_FROM) is an adult service that supports children;
#: every LAC_EVERY-th (from LAC_FROM) serves looked-after children.
ADULT_EVERY, ADULT_FROM = 20, 7
LAC_EVERY, LAC_FROM = 8, 3
#: Staffing investment is the workforce cost times a factor in this range (per mille).
STAFFING_FACTOR = (960, 1040)
STATUS_WEIGHTS = {
    SectionStatus.NOT_STARTED: 20,
    SectionStatus.IN_PROGRESS: 25,
    SectionStatus.SUBMITTED: 20,
    SectionStatus.RETURNED: 10,
    SectionStatus.APPROVED: 25,
}
ROLES = {
    WorkforceGroup.MANAGERS_AND_LEADERS: "Service manager",
    WorkforceGroup.COMMISSIONING: "Commissioning officer",
    WorkforceGroup.EDUCATION: "Teaching assistant",
    WorkforceGroup.EARLY_YEARS_CHILDCARE: "Early years practitioner",
    WorkforceGroup.HEALTH: "Health visitor",
    WorkforceGroup.SPORT_CULTURE: "Sports development officer",
    WorkforceGroup.JUSTICE_CRIME: "Youth offending officer",
    WorkforceGroup.YOUTH: "Youth worker",
    WorkforceGroup.SOCIAL_FAMILY_COMMUNITY: "Family support worker",
}
MAPPING_ROLES = (
    ("mapping-lead", StaffRole.MAPPING_LEAD, "Mapping lead"),
    ("delegate", StaffRole.DELEGATE, "Mapping delegate"),
    ("dcs", StaffRole.DCS, "Director of Children's Services"),
)


@dataclass
class MappingDemoSummary:
    created: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


def generate_mapping_demo(seed: int = 2026, progress: bool = False) -> MappingDemoSummary:
    """Create the mapping demo for every demo LA that exists; idempotent and deterministic."""
    summary = MappingDemoSummary()
    summary.created["ECM outcomes"] += ensure_ecm_outcomes()
    summary.created["ECM aims"] += ensure_ecm_aims()
    las = list(
        LocalAuthority.objects.filter(code__in=[a.code for a in DEMO_AREAS]).order_by("code")
    )
    cycles = [_cycle(label, state, summary) for label, state in DEMO_CYCLES]
    with tqdm(
        total=len(las) * len(cycles), desc="Mapping demo", unit="return set", disable=not progress
    ) as bar:
        for la in las:
            users = _logins(la, seed, summary)
            members = _partnership(la, summary)
            priorities = _priorities(la, summary)
            for cycle in cycles:
                _population(la, cycle, seed, summary)
                if MappingReturn.objects.filter(local_authority=la, cycle=cycle).exists():
                    summary.skipped.append(f"{la.name} {cycle.label}")
                else:
                    with transaction.atomic():
                        _returns(la, cycle, seed, members, priorities, users, summary)
                        _tag_aims(la, cycle, seed)
                bar.update()
            with transaction.atomic():
                add_demo_features(la, cycles, users, members, seed, summary)
    return summary


def _cycle(label: str, state: str, summary: MappingDemoSummary) -> Cycle:
    dates = Cycle.standard_timetable(label)
    if state == CycleState.OPEN:
        # Data entry also closes by date: the demo's open cycle runs on past today, as if a
        # national administrator had moved its close (and results) for the demonstration.
        closes = max(dates["data_entry_closes"], timezone.localdate() + dt.timedelta(days=90))
        dates["data_entry_closes"] = closes
        dates["results_due"] = max(dates["results_due"], closes + dt.timedelta(days=60))
    cycle, created = Cycle.objects.get_or_create(label=label, defaults={"state": state, **dates})
    if created:
        summary.created["cycles"] += 1
        if state == CycleState.PUBLISHED:
            cycle.published_at = timezone.make_aware(
                dt.datetime.combine(Cycle.standard_timetable(label)["results_due"], dt.time(9))
            )
            cycle.results_released_at = cycle.published_at
            cycle.save(update_fields=["published_at", "results_released_at"])
    return cycle


def _logins(la: LocalAuthority, seed: int, summary: MappingDemoSummary) -> dict[str, object]:
    users = {}
    for suffix, role, title in MAPPING_ROLES:
        user, login, created = ensure_la_login(la, seed, suffix, role, title)
        summary.created["mapping memberships"] += created
        summary.logins.append(login)
        users[role] = user
    return users


def _partnership(la: LocalAuthority, summary: MappingDemoSummary) -> list[PartnerOrganisation]:
    partnership, created = Partnership.objects.get_or_create(
        slug=f"{la.slug}-childrens-trust",
        defaults={"local_authority": la, "name": f"{la.name} Children's Trust"},
    )
    summary.created["partnerships"] += created
    members = []
    for pattern, kind in MEMBER_KINDS:
        member, created = PartnerOrganisation.objects.get_or_create(
            partnership=partnership, name=pattern.format(la=la.name), defaults={"kind": kind}
        )
        summary.created["partner organisations"] += created
        members.append(member)
    return members


def _priorities(la: LocalAuthority, summary: MappingDemoSummary) -> list[Outcome]:
    existing = Outcome.objects.filter(kind=Outcome.Kind.CYPP, local_authority=la)
    result = []
    for name in PRIORITIES:
        outcome = existing.filter(name=name).first()
        if outcome is None:
            outcome = add_priority(la, name)
            summary.created["CYPP priorities"] += 1
        result.append(outcome)
    return result


def _population(la: LocalAuthority, cycle: Cycle, seed: int, summary: MappingDemoSummary) -> None:
    rng = random.Random(f"{seed}:population:{la.code}:{cycle.label}")
    _, created = ChildPopulation.objects.get_or_create(
        local_authority=la,
        cycle=cycle,
        defaults={"population_0_19": rng.randrange(32_000, 41_000)},
    )
    summary.created["child populations"] += created


def _pence(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _staff_lines(rng, mapping_return, staff, basis: str) -> list[WorkforceLine]:
    """The service's staff on one basis: this year's budget is last year's actual, give or
    take a tenth of the posts."""
    lines = []
    for group, actual_fte in staff:
        fte = actual_fte
        if basis == Basis.BUDGET:
            fte = (actual_fte * Decimal(rng.randrange(90, 111)) / 100).quantize(Decimal("0.01"))
        lines.append(
            WorkforceLine(
                mapping_return=mapping_return,
                group=group,
                role=ROLES[group],
                basis=basis,
                fte=fte,
                headcount=int(fte) + rng.randint(1, 3),
                cost=(fte * _pence(rng, 22_000, 38_000)).quantize(Decimal("0.01")),
            )
        )
    return lines


def _staffing_line(rng, mapping_return, lines: list[WorkforceLine], basis: str) -> InvestmentLine:
    """Staffing investment matching the workforce cost within ``STAFFING_FACTOR``."""
    cost = sum((line.cost for line in lines), Decimal(0))
    factor = Decimal(rng.randrange(*STAFFING_FACTOR)) / 1000
    return InvestmentLine(
        mapping_return=mapping_return,
        expenditure_type=ExpenditureType.STAFFING,
        capital_or_revenue=CapitalOrRevenue.REVENUE,
        funding_source=rng.choice(FUNDING_SOURCES),
        basis=basis,
        amount=(cost * factor).quantize(Decimal("0.01")),
    )


def _tag_aims(la, cycle, seed) -> None:
    """Tag each return with one or two ECM aims under one of its ECM outcomes (its own random
    stream, so the returns' figures stay as they were before aims existed)."""
    rng = random.Random(f"{seed}:aims:{la.code}:{cycle.label}")
    aims_by_outcome: dict[int, list] = {}
    for aim in EcmAim.objects.order_by("number"):
        aims_by_outcome.setdefault(aim.outcome_id, []).append(aim)
    through = MappingReturn.ecm_aims.through
    links = []
    returns = MappingReturn.objects.filter(local_authority=la, cycle=cycle).order_by("pk")
    for mapping_return in returns.prefetch_related("outcomes"):
        outcomes = [o.pk for o in mapping_return.outcomes.all() if o.pk in aims_by_outcome]
        if outcomes:
            aims = aims_by_outcome[rng.choice(sorted(outcomes))]
            links += [
                through(mappingreturn=mapping_return, ecmaim=a)
                for a in rng.sample(aims, rng.randint(1, 2))
            ]
    through.objects.bulk_create(links)


def _returns(la, cycle, seed, members, priorities, users, summary) -> None:
    rng = random.Random(f"{seed}:returns:{la.code}:{cycle.label}")
    services = list(la.services.order_by("name", "la_reference", "pk")[:RETURNS_PER_LA])
    ecm = list(Outcome.objects.filter(kind=Outcome.Kind.ECM, local_authority__isnull=True))
    tiers, tier_weights = list(TIER_WEIGHTS), list(TIER_WEIGHTS.values())
    published = cycle.state == CycleState.PUBLISHED
    mental_health = set(
        la.services.filter(mental_health_q(), pk__in=[s.pk for s in services]).values_list(
            "pk", flat=True
        )
    )
    returns, tags = [], []
    for index, service in enumerate(services):
        tier = rng.choices(tiers, tier_weights)[0]
        member = rng.choice(members)
        sector = SECTOR_FOR_KIND[member.kind]
        camhs = CAMHS_TIERS.get(tier) if service.pk in mental_health else None
        looked_after = index % LAC_EVERY == LAC_FROM
        returns.append(
            MappingReturn(
                cycle=cycle,
                service=service,
                local_authority=la,
                tier=tier,
                commissioning_stage=(
                    rng.choice(CommissioningStage.values) if tier == MappingTier.SUPPORT else ""
                ),
                camhs_tier=rng.choice(camhs) if camhs else None,
                client_groups=(
                    "Looked-after children"
                    if looked_after
                    else rng.choice(("All families", "Children in need", "Young carers"))
                ),
                looked_after_children=looked_after,
                age_bands=rng.choice(("0-4", "5-11", "11-19", "0-19")),
                delivering_sector=sector,
                delivering_organisation=member,
                overlap_percent=rng.choice((0, 0, 0, 10, 20, 25, 40)),
                is_adult_service=index % ADULT_EVERY == ADULT_FROM,
                directory_confirmed=published or rng.random() < 0.6,
            )
        )
        tags.append(rng.sample(ecm, rng.randint(1, 2)) + rng.sample(priorities, rng.randint(0, 1)))
    MappingReturn.objects.bulk_create(returns)
    returns = list(MappingReturn.objects.filter(local_authority=la, cycle=cycle).order_by("pk"))
    by_service = {r.service_id: r for r in returns}
    through = MappingReturn.outcomes.through
    links, investment, workforce, assignments = [], [], [], []
    groups = WorkforceGroup.values
    others = [t for t in ExpenditureType.values if t != ExpenditureType.STAFFING]
    today = timezone.localdate()
    for index, (service, outcomes) in enumerate(zip(services, tags, strict=True)):
        mapping_return = by_service[service.pk]
        links += [through(mappingreturn=mapping_return, outcome=o) for o in outcomes]
        staff = [
            (groups[(index + offset) % len(groups)], Decimal(rng.randrange(50, 600)) / 100)
            for offset in range(rng.randint(1, 2))
        ]
        for basis in Basis.values:
            lines = _staff_lines(rng, mapping_return, staff, basis)
            workforce += lines
            investment.append(_staffing_line(rng, mapping_return, lines, basis))
            for offset in range(rng.randint(1, 3)):
                kind = others[(index + offset) % len(others)]
                capital = kind in (ExpenditureType.PROPERTY, ExpenditureType.OTHER_CAPITAL)
                investment.append(
                    InvestmentLine(
                        mapping_return=mapping_return,
                        expenditure_type=kind,
                        other_description="Volunteer expenses" if kind == "other" else "",
                        capital_or_revenue=(
                            CapitalOrRevenue.CAPITAL if capital else CapitalOrRevenue.REVENUE
                        ),
                        funding_source=rng.choice(FUNDING_SOURCES),
                        basis=basis,
                        amount=_pence(rng, 2_000, 180_000),
                    )
                )
        for section in Section.values:
            status = (
                SectionStatus.APPROVED
                if published
                else rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            )
            delegated = section != Section.SERVICE_DETAILS or rng.random() < 0.5
            assignments.append(
                SectionAssignment(
                    mapping_return=mapping_return,
                    section=section,
                    delegate=users[StaffRole.DELEGATE] if delegated else None,
                    due_date=(
                        cycle.data_entry_closes
                        if published
                        else today + dt.timedelta(days=rng.randint(-21, 42))
                    ),
                    status=status,
                    lead_comment=(
                        "Please add the staffing FTE." if status == SectionStatus.RETURNED else ""
                    ),
                )
            )
    through.objects.bulk_create(links)
    InvestmentLine.objects.bulk_create(investment)
    WorkforceLine.objects.bulk_create(workforce)
    SectionAssignment.objects.bulk_create(assignments)
    summary.created["returns"] += len(returns)
    summary.created["investment lines"] += len(investment)
    summary.created["workforce lines"] += len(workforce)
    summary.created["section assignments"] += len(assignments)
