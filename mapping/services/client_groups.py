"""Client groups: the national list national administrators keep (add, rename, retire) and
each LA's own additions beside it (the lead's tags page).

A retired national group is no longer offered, but returns already tagged with it keep it
(their form still shows it ticked) and reports still count it: retiring never loses data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Q, QuerySet

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


def client_groups_for(
    local_authority_id: int | None, keep: Iterable[int] | QuerySet = ()
) -> QuerySet[ClientGroup]:
    """The national list (retired groups left out unless in ``keep``, the groups a return is
    already tagged with) followed by the LA's own groups."""
    national = Q(local_authority__isnull=True) & (Q(retired=False) | Q(pk__in=keep))
    return ClientGroup.objects.filter(national | Q(local_authority_id=local_authority_id)).order_by(
        "local_authority_id", "position", "name"
    )


def national_client_groups() -> QuerySet[ClientGroup]:
    """The national list, groups in use first, each with how many returns it is tagged on."""
    return (
        ClientGroup.objects.filter(local_authority__isnull=True)
        .annotate(tagged=Count("returns"))
        .order_by("retired", "position", "name")
    )


def _check_national_name(name: str, group: ClientGroup | None = None) -> str:
    name = name.strip()
    if not name:
        raise MappingError("Enter the client group's name.")
    same = ClientGroup.objects.filter(local_authority__isnull=True, name__iexact=name)
    if group is not None:
        same = same.exclude(pk=group.pk)
    if found := same.first():
        retired = " (retired: restore it instead)" if found.retired else ""
        raise MappingError(f"There is already a national client group called '{found}'{retired}.")
    return name


def add_national_client_group(name: str) -> ClientGroup:
    """A new group at the end of the national list, offered to every LA at once."""
    name = _check_national_name(name)
    last = ClientGroup.objects.filter(local_authority__isnull=True).aggregate(m=Max("position"))
    return ClientGroup.objects.create(name=name, position=(last["m"] or 0) + 1)


def rename_client_group(group: ClientGroup, name: str) -> None:
    """A national group's new name, shown on every return and report that has it."""
    if group.local_authority_id is not None:
        raise MappingError("Only national client groups are renamed here.")
    group.name = _check_national_name(name, group)
    group.save(update_fields=["name"])


def set_retired(group: ClientGroup, retired: bool) -> None:
    """Retire a national group (no longer offered) or bring a retired one back."""
    if group.local_authority_id is not None:
        raise MappingError("Only national client groups are retired here.")
    group.retired = retired
    group.save(update_fields=["retired"])


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
