"""Recording changes to returns (who, when, what) as field-level diffs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from ..models import MappingReturn, ReturnChange


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return sorted(str(v) for v in value)
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` (many-to-many as sorted names), JSON-ready."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            data[name] = (
                sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
            )
        else:
            data[name] = _plain(getattr(instance, name))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def line_snapshot(lines, fields: list[str]) -> dict[str, dict[str, Any]]:
    return {str(line.pk): {f: _plain(getattr(line, f)) for f in fields} for line in lines}


def line_diff(before: dict[str, dict], after: dict[str, dict]) -> dict[str, list]:
    changes: dict[str, list] = {}
    added = [after[k] for k in after if k not in before]
    removed = [before[k] for k in before if k not in after]
    changed = [[before[k], after[k]] for k in after if k in before and before[k] != after[k]]
    if added:
        changes["added"] = added
    if removed:
        changes["removed"] = removed
    if changed:
        changes["changed"] = changed
    return changes


def record(
    mapping_return: MappingReturn,
    user,
    action: str,
    changes: dict | None = None,
    section: str = "",
    comment: str = "",
) -> ReturnChange:
    return ReturnChange.objects.create(
        mapping_return=mapping_return,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        section=section,
        changes=changes or {},
        comment=comment,
    )
