"""The newer mapping features in the demo: a team registration, a read-only partnership
viewer, localities on returns and the performance section's measures.

Called by ``generate_mapping_demo`` for every demo LA, after its returns exist. Everything is
synthetic and says so (names end "(demo)", notes say "Demo data"). Each part has its own
random stream and is added only where nothing of its kind is there yet, so running the demo
again creates nothing, and older demo databases gain these parts without their returns'
figures changing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.demo.accounts import ensure_la_login
from directory.models import LocalAuthority, StaffRole

from .models import (
    Cycle,
    CycleState,
    Locality,
    MappingReturn,
    Outcome,
    PartnerOrganisation,
    PerformanceMeasure,
    Registration,
    Section,
    SectionAssignment,
    SectionStatus,
    TeamMember,
    ViewerBody,
)

DEMO_NOTE = "Demo data: synthetic, made up for the demonstration."
LOCALITIES = ("North locality (demo)", "Central locality (demo)", "South locality (demo)")
#: (measure, unit, ECM outcome, baseline range, what was achieved): plausible, made up.
MEASURES = (
    (
        "Children reaching a good level of development at age five",
        "%",
        "Enjoy and achieve",
        (45, 60),
        "More children started school ready to learn.",
    ),
    (
        "Families completing a parenting programme",
        "families",
        "Be healthy",
        (20, 80),
        "Parents said they felt more confident at home.",
    ),
    (
        "Young people in education, employment or training at 17",
        "%",
        "Achieve economic well-being",
        (80, 92),
        "Fewer young people left learning at 16.",
    ),
    (
        "Children on a child protection plan for a second time",
        "%",
        "Stay safe",
        (8, 16),
        "Fewer children came back onto a plan.",
    ),
    (
        "Young people taking part in positive activities each week",
        "young people",
        "Make a positive contribution",
        (100, 400),
        "More young people joined youth groups.",
    ),
)
#: Performance measures go on every MEASURE_EVERY-th return whose section has been started.
MEASURE_EVERY = 3


def add_demo_features(
    la: LocalAuthority,
    cycles: list[Cycle],
    users: dict[str, object],
    members: list[PartnerOrganisation],
    seed: int,
    summary,
) -> None:
    for cycle in cycles:
        if cycle.state != CycleState.PUBLISHED:
            _registration(la, cycle, users[StaffRole.MAPPING_LEAD], summary)
        _localities(la, cycle, seed, summary)
        _performance(la, cycle, seed, summary)
    _viewer(la, seed, members, summary)


def _registration(la: LocalAuthority, cycle: Cycle, lead, summary) -> None:
    """The lead registered the LA for the open cycle and the national team approved it."""
    now = timezone.now()
    _, created = Registration.objects.get_or_create(
        cycle=cycle,
        local_authority=la,
        defaults={
            "lead": lead,
            "job_title": "Head of commissioning (demo)",
            "note": DEMO_NOTE,
            "status": Registration.Status.APPROVED,
            "registered_at": now,
            "decided_by": get_user_model().objects.filter(username="national-admin").first(),
            "decided_at": now,
            "decision_note": DEMO_NOTE,
        },
    )
    summary.created["registrations"] += created


def _viewer(la: LocalAuthority, seed: int, members: list[PartnerOrganisation], summary) -> None:
    """A read-only viewer for the Joint Commissioning Group, from the primary care trust."""
    user, login, created = ensure_la_login(
        la, seed, "viewer", StaffRole.VIEWER, "Partnership viewer (read-only)"
    )
    summary.created["mapping memberships"] += created
    summary.logins.append(login)
    membership = user.memberships.get(local_authority=la, role=StaffRole.VIEWER)
    pct = next((m for m in members if m.kind == PartnerOrganisation.Kind.PCT_ICB), None)
    _, created = TeamMember.objects.get_or_create(
        membership=membership,
        defaults={
            "partner_organisation": pct,
            "viewer_body": ViewerBody.JOINT_COMMISSIONING,
        },
    )
    summary.created["team members"] += created


def _localities(la: LocalAuthority, cycle: Cycle, seed: int, summary) -> None:
    """Three area teams; about two returns in three are placed in one, the rest in none."""
    localities = []
    for name in LOCALITIES:
        locality, created = Locality.objects.get_or_create(local_authority=la, name=name)
        summary.created["localities"] += created
        localities.append(locality)
    returns = MappingReturn.objects.filter(local_authority=la, cycle=cycle)
    if returns.filter(locality__isnull=False).exists():
        return
    rng = random.Random(f"{seed}:localities:{la.code}:{cycle.label}")
    placed: dict[int, list[int]] = {}
    for pk in returns.order_by("pk").values_list("pk", flat=True):
        choice = rng.randrange(len(localities) + 1)
        if choice < len(localities):
            placed.setdefault(choice, []).append(pk)
    for index, pks in placed.items():
        returns.filter(pk__in=pks).update(locality=localities[index])
        summary.created["returns placed in a locality"] += len(pks)


def _performance(la: LocalAuthority, cycle: Cycle, seed: int, summary) -> None:
    """One or two measures on every third return whose performance section has been started."""
    if PerformanceMeasure.objects.filter(
        mapping_return__local_authority=la, mapping_return__cycle=cycle
    ).exists():
        return
    rng = random.Random(f"{seed}:performance:{la.code}:{cycle.label}")
    outcomes = {
        o.name: o
        for o in Outcome.objects.filter(kind=Outcome.Kind.ECM, local_authority__isnull=True)
    }
    started = (
        SectionAssignment.objects.filter(
            mapping_return__local_authority=la,
            mapping_return__cycle=cycle,
            section=Section.PERFORMANCE,
        )
        .exclude(status=SectionStatus.NOT_STARTED)
        .order_by("mapping_return_id")
        .values_list("mapping_return_id", flat=True)
    )
    measures = []
    for position, return_id in enumerate(started):
        if position % MEASURE_EVERY:
            continue
        for name, unit, outcome, (low, high), achieved in rng.sample(MEASURES, rng.randint(1, 2)):
            baseline = Decimal(rng.randint(low, high))
            target = baseline + Decimal(rng.randint(1, max(2, (high - low) // 3)))
            lower_is_better = "second time" in name
            if lower_is_better:
                target = max(Decimal(0), baseline - (target - baseline))
            result = baseline + (target - baseline) * Decimal(rng.randint(50, 120)) / 100
            measures.append(
                PerformanceMeasure(
                    mapping_return_id=return_id,
                    measure=name,
                    outcome=outcomes.get(outcome),
                    unit=unit,
                    baseline=baseline,
                    target=target,
                    achieved=result.quantize(Decimal("0.01")),
                    outcome_achieved=f"{achieved} ({DEMO_NOTE})",
                )
            )
    PerformanceMeasure.objects.bulk_create(measures)
    summary.created["performance measures"] += len(measures)
