"""The national list of client groups (each LA may add its own beside it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.models import LocalAuthority

from ..models import ClientGroup
from .errors import MappingError

#: Seed 002's groups; "looked-after children" is a marker of its own on the return.
NATIONAL_CLIENT_GROUPS = [
    "All children and young people",
    "Children in need",
    "Children with disabilities",
    "Care leavers",
    "Young carers",
    "Young offenders",
    "Parents and carers",
]


def client_groups_for(local_authority_id: int | None) -> QuerySet[ClientGroup]:
    """The national list followed by the LA's own groups."""
    return ClientGroup.objects.filter(
        Q(local_authority__isnull=True) | Q(local_authority_id=local_authority_id)
    ).order_by("local_authority_id", "position", "name")


def add_client_group(local_authority: LocalAuthority, name: str) -> ClientGroup:
    name = name.strip()
    if client_groups_for(local_authority.pk).filter(name__iexact=name).exists():
        raise MappingError(f"There is already a client group called '{name}'.")
    position = ClientGroup.objects.filter(local_authority=local_authority).count() + 1
    return ClientGroup.objects.create(local_authority=local_authority, name=name, position=position)


def remove_client_group(group: ClientGroup) -> None:
    if group.returns.exists():
        raise MappingError(f"'{group}' is tagged on returns, so it cannot be removed.")
    group.delete()
