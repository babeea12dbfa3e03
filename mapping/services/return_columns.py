"""The columns of the returns file: one row per return, every service-details answer.

Export (``mapping.resources.MappingReturnResource``) writes each column with ``format_value``
and the import reads it back with ``parse_value``, so the two cannot drift apart. Tags are
written by name (lists with ``; ``, as every list cell in Waymark), and an import looks the
names up in the LA's own lists: a name that is not there is an error, never a new entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from directory.exchange.cells import join_list, split_list

from ..models import (
    BudgetArrangement,
    ClientGroup,
    CommissioningStage,
    EcmAim,
    Locality,
    MappingReturn,
    Outcome,
    PartnerOrganisation,
    PlannedChange,
    PriorityAction,
    Sector,
)
from .money import parse_money

TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


def action_label(action: PriorityAction) -> str:
    """How a key action or enabler is named in a cell: priority > kind > name."""
    return f"{action.priority.name} > {action.kind} > {action.name}"


class Lookups:
    """One LA's tag lists by name, read once per LA for a whole import."""

    def __init__(self, local_authority_id: int | None):
        la = local_authority_id
        self.outcomes = _by_name(
            Outcome.objects.filter(Q(local_authority__isnull=True) | Q(local_authority_id=la))
        )
        self.ecm_aims = _by_name(EcmAim.objects.all())
        self.client_groups = _by_name(
            ClientGroup.objects.filter(Q(local_authority__isnull=True) | Q(local_authority_id=la))
        )
        self.localities = _by_name(Locality.objects.filter(local_authority_id=la))
        self.organisations = _by_name(
            PartnerOrganisation.objects.filter(partnership__local_authority_id=la)
        )
        actions = PriorityAction.objects.filter(priority__local_authority_id=la).select_related(
            "priority"
        )
        self.actions = {action_label(a).lower(): [a] for a in actions}


def _by_name(queryset) -> dict[str, list]:
    found: dict[str, list] = {}
    for item in queryset:
        found.setdefault(item.name.lower(), []).append(item)
    return found


def one_named(table: dict[str, list], name: str, what: str, where: str):
    """The one item of a ``Lookups`` table with this name; ValueError if none or several."""
    matches = table.get(name.lower(), [])
    if not matches:
        raise ValueError(f"{what} '{name}' is not in the local authority's list ({where})")
    if len(matches) > 1:
        raise ValueError(f"{what} '{name}' matches more than one; rename one of them")
    return matches[0]


def _many(attribute: str, what: str, where: str):
    def parse(text: str, lookups: Lookups) -> list:
        table = getattr(lookups, attribute)
        items = [one_named(table, name, what, where) for name in split_list(text)]
        return list({item.pk: item for item in items}.values())

    return parse


def _fk(attribute: str, what: str, where: str):
    def parse(text: str, lookups: Lookups):
        return one_named(getattr(lookups, attribute), text, what, where) if text else None

    return parse


def _choice(choices: list[str], column: str):
    def parse(text: str, lookups: Lookups) -> str:
        if text and text not in choices:
            raise ValueError(f"{column} '{text}' is not one of {', '.join(choices)}")
        return text

    return parse


def _yes_no(column: str):
    def parse(text: str, lookups: Lookups) -> bool:
        value = text.lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise ValueError(f"{column} '{text}' is not yes or no")

    return parse


def _whole(column: str, low: int, high: int, blank: int | None):
    def parse(text: str, lookups: Lookups) -> int | None:
        if not text:
            return blank
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"{column} '{text}' is not a whole number from {low} to {high}")
        return int(text)

    return parse


def _text(column: str, limit: int | None):
    def parse(text: str, lookups: Lookups) -> str:
        if limit is not None and len(text) > limit:
            raise ValueError(f"{column} is longer than {limit} characters")
        return text

    return parse


def _money(text: str, lookups: Lookups):
    return parse_money(text) if text else None


def _names(values) -> str:
    return join_list(sorted(v.name for v in values))


@dataclass(frozen=True)
class ReturnColumn:
    column: str
    field: str  # the MappingReturn field it fills
    parse: Callable[[str, Lookups], Any]
    format: Callable[[Any], str]
    many: bool = False


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _name_or_blank(value) -> str:
    return value.name if value is not None else ""


TAGS = "on the tags page"
PARTNERS = "a member of its Children's Trust partnerships"

#: The optional columns of the returns file, in the order the export writes them.
RETURN_FIELD_COLUMNS = [
    ReturnColumn(
        "commissioning_stage",
        "commissioning_stage",
        _choice(CommissioningStage.values, "commissioning_stage"),
        _plain,
    ),
    ReturnColumn("camhs_tier", "camhs_tier", _whole("camhs_tier", 1, 4, None), _plain),
    ReturnColumn(
        "client_groups",
        "groups_served",
        _many("client_groups", "client group", TAGS),
        _names,
        many=True,
    ),
    ReturnColumn(
        "other_client_groups", "client_groups", _text("other_client_groups", None), _plain
    ),
    ReturnColumn(
        "looked_after_children",
        "looked_after_children",
        _yes_no("looked_after_children"),
        _plain,
    ),
    ReturnColumn("age_bands", "age_bands", _text("age_bands", 200), _plain),
    ReturnColumn(
        "delivering_sector",
        "delivering_sector",
        _choice(Sector.values, "delivering_sector"),
        _plain,
    ),
    ReturnColumn(
        "delivering_organisation",
        "delivering_organisation",
        _fk("organisations", "delivering_organisation", PARTNERS),
        _name_or_blank,
    ),
    ReturnColumn("locality", "locality", _fk("localities", "locality", TAGS), _name_or_blank),
    ReturnColumn(
        "outcomes",
        "outcomes",
        _many("outcomes", "outcome or priority", "ECM outcomes and CYPP priorities"),
        _names,
        many=True,
    ),
    ReturnColumn(
        "ecm_aims",
        "ecm_aims",
        _many("ecm_aims", "ECM aim", "the 25 Every Child Matters aims"),
        _names,
        many=True,
    ),
    ReturnColumn(
        "priority_actions",
        "priority_actions",
        _many("actions", "key action or enabler", TAGS),
        lambda values: join_list(sorted(action_label(a) for a in values)),
        many=True,
    ),
    ReturnColumn(
        "overlap_percent", "overlap_percent", _whole("overlap_percent", 0, 100, 0), _plain
    ),
    ReturnColumn("is_adult_service", "is_adult_service", _yes_no("is_adult_service"), _plain),
    ReturnColumn("preventative", "preventative", _yes_no("preventative"), _plain),
    ReturnColumn(
        "budget_arrangement",
        "budget_arrangement",
        _choice(BudgetArrangement.values, "budget_arrangement"),
        _plain,
    ),
    ReturnColumn(
        "planned_change",
        "planned_change",
        _choice(PlannedChange.values, "planned_change"),
        _plain,
    ),
    ReturnColumn(
        "planned_change_amount",
        "planned_change_amount",
        _money,
        lambda value: "" if value is None else f"{value:.2f}",
    ),
    ReturnColumn(
        "directory_confirmed", "directory_confirmed", _yes_no("directory_confirmed"), _plain
    ),
    ReturnColumn(
        "directory_corrections",
        "directory_corrections",
        _text("directory_corrections", None),
        _plain,
    ),
]
RETURN_OPTIONAL_COLUMNS = [c.column for c in RETURN_FIELD_COLUMNS]


def format_return(mapping_return: MappingReturn) -> dict[str, str]:
    """The optional columns of one return, as the export writes them."""
    row = {}
    for spec in RETURN_FIELD_COLUMNS:
        value = getattr(mapping_return, spec.field)
        row[spec.column] = spec.format(value.all() if spec.many else value)
    return row


def parse_return(data: dict, lookups: Lookups) -> dict[str, Any]:
    """The fields a row gives (columns the file does not have are left out, so they keep their
    stored values); raises ValueError for the first bad value."""
    values = {}
    for spec in RETURN_FIELD_COLUMNS:
        text = data.get(spec.column)
        if text is None:
            continue
        values[spec.field] = spec.parse(text, lookups)
    change, amount = values.get("planned_change"), values.get("planned_change_amount")
    if "planned_change" in values and "planned_change_amount" in values:
        if change in (PlannedChange.INCREASE, PlannedChange.REDUCTION) and amount is None:
            raise ValueError("planned_change_amount is needed for an increase or a reduction")
        if change not in (PlannedChange.INCREASE, PlannedChange.REDUCTION) and amount:
            raise ValueError("planned_change_amount is only for an increase or a reduction")
    return values
