"""The five Every Child Matters outcomes (built in) and each LA's own CYPP priorities."""

from __future__ import annotations

from directory.models import LocalAuthority

from ..models import Outcome
from .errors import MappingError

ECM_OUTCOMES = [
    "Be healthy",
    "Stay safe",
    "Enjoy and achieve",
    "Make a positive contribution",
    "Achieve economic well-being",
]


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
