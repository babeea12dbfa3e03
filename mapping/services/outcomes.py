"""The five Every Child Matters outcomes and their 25 aims (built in), and each LA's own CYPP
priorities."""

from __future__ import annotations

from directory.models import LocalAuthority

from ..models import EcmAim, Outcome
from .errors import MappingError

ECM_OUTCOMES = [
    "Be healthy",
    "Stay safe",
    "Enjoy and achieve",
    "Make a positive contribution",
    "Achieve economic well-being",
]

#: The 25 aims of the Every Child Matters outcomes framework (Change for Children, 2004), five
#: under each outcome, numbered 1 to 25 in this order.
ECM_AIMS: dict[str, list[str]] = {
    "Be healthy": [
        "Physically healthy",
        "Mentally and emotionally healthy",
        "Sexually healthy",
        "Healthy lifestyles",
        "Choose not to take illegal drugs",
    ],
    "Stay safe": [
        "Safe from maltreatment, neglect, violence and sexual exploitation",
        "Safe from accidental injury and death",
        "Safe from bullying and discrimination",
        "Safe from crime and anti-social behaviour in and out of school",
        "Have security, stability and are cared for",
    ],
    "Enjoy and achieve": [
        "Ready for school",
        "Attend and enjoy school",
        "Achieve stretching national educational standards at primary school",
        "Achieve personal and social development and enjoy recreation",
        "Achieve stretching national educational standards at secondary school",
    ],
    "Make a positive contribution": [
        "Engage in decision-making and support the community and environment",
        "Engage in law-abiding and positive behaviour in and out of school",
        "Develop positive relationships and choose not to bully and discriminate",
        "Develop self-confidence and successfully deal with significant life changes and "
        "challenges",
        "Develop enterprising behaviour",
    ],
    "Achieve economic well-being": [
        "Engage in further education, employment or training on leaving school",
        "Ready for employment",
        "Live in decent homes and sustainable communities",
        "Access to transport and material goods",
        "Live in households free from low income",
    ],
}


def ensure_ecm_outcomes() -> int:
    """Create any of the five ECM outcomes that are missing; returns how many were created."""
    created = 0
    for position, name in enumerate(ECM_OUTCOMES, start=1):
        _, was_created = Outcome.objects.get_or_create(
            kind=Outcome.Kind.ECM,
            local_authority=None,
            name=name,
            defaults={"position": position},
        )
        created += was_created
    return created


def ensure_ecm_aims(outcome_model=Outcome, aim_model=EcmAim) -> int:
    """Create the five outcomes and any of the 25 aims that are missing (also run by a data
    migration, which passes its historical models); returns how many aims were created."""
    created = 0
    number = 0
    for position, (outcome_name, aims) in enumerate(ECM_AIMS.items(), start=1):
        outcome, _ = outcome_model.objects.get_or_create(
            kind="ecm", local_authority=None, name=outcome_name, defaults={"position": position}
        )
        for name in aims:
            number += 1
            _, was_created = aim_model.objects.get_or_create(
                number=number, defaults={"outcome": outcome, "name": name}
            )
            created += was_created
    return created


def add_priority(local_authority: LocalAuthority, name: str) -> Outcome:
    name = name.strip()
    existing = Outcome.objects.filter(kind=Outcome.Kind.CYPP, local_authority=local_authority)
    if existing.filter(name__iexact=name).exists():
        raise MappingError(f"{local_authority} already has the priority '{name}'.")
    return Outcome.objects.create(
        kind=Outcome.Kind.CYPP,
        local_authority=local_authority,
        name=name,
        position=existing.count() + 1,
    )


def remove_priority(outcome: Outcome) -> None:
    if outcome.returns.exists():
        raise MappingError(f"'{outcome}' is tagged on returns, so it cannot be removed.")
    outcome.delete()
