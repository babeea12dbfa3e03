"""An LA's own lists for tagging returns: CYPP key actions and enablers, and localities."""

from __future__ import annotations

from directory.models import LocalAuthority

from ..models import Locality, Outcome, PriorityAction
from .errors import MappingError


def add_priority_action(priority: Outcome, kind: str, name: str) -> PriorityAction:
    name = name.strip()
    existing = PriorityAction.objects.filter(priority=priority, kind=kind)
    if existing.filter(name__iexact=name).exists():
        raise MappingError(f"'{priority}' already has '{name}'.")
    return PriorityAction.objects.create(
        priority=priority, kind=kind, name=name, position=existing.count() + 1
    )


def remove_priority_action(action: PriorityAction) -> None:
    if action.returns.exists():
        raise MappingError(f"'{action.name}' is tagged on returns, so it cannot be removed.")
    action.delete()


def add_locality(local_authority: LocalAuthority, name: str) -> Locality:
    name = name.strip()
    if Locality.objects.filter(local_authority=local_authority, name__iexact=name).exists():
        raise MappingError(f"{local_authority} already has the locality '{name}'.")
    return Locality.objects.create(local_authority=local_authority, name=name)


def remove_locality(locality: Locality) -> None:
    if locality.returns.exists():
        raise MappingError(f"'{locality}' is set on returns, so it cannot be removed.")
    locality.delete()
