"""Seed 002's questions beyond the matrix: the investment supporting the CYPP counted once,
split by priority (with key actions and enablers) and with the double counting shown; and
investment by client group, commissioning box, property count, planned change, pooled or
aligned budget, preventative services and locality.

Every table keeps adult services that support children (``is_adult_service``) apart from
children's services, in a column or row of their own, so no total mixes them unseen. Money is
the investment lines on the scope's basis (returns with no tier included); the planned change
is the returns' own figure for next year, whatever the basis.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from mapping.models import (
    BudgetArrangement,
    ClientGroup,
    CommissioningStage,
    ExpenditureType,
    MappingTier,
    Outcome,
    PlannedChange,
)

from .investment import lines_in_scope
from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table, money

ADULT = Q(mapping_return__is_adult_service=True)
CHILDREN = Q(mapping_return__is_adult_service=False)
ADULT_LABEL = "Adult services supporting children"
SPLIT_COLUMNS = [
    Column("Services", "int"),
    Column("Children's services"),
    Column(ADULT_LABEL),
    Column("Total"),
]


@dataclass
class Split:
    """Services and money of one row, children's and adult services apart."""

    services: int = 0
    children: Decimal = ZERO
    adult: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.children + self.adult

    def cells(self) -> list:
        return [self.services, self.children, self.adult, self.total]

    def __add__(self, other: Split) -> Split:
        return Split(
            self.services + other.services, self.children + other.children, self.adult + other.adult
        )


def _split_sums() -> dict:
    return {"children": Sum("amount", filter=CHILDREN), "adult": Sum("amount", filter=ADULT)}


def grouped(scope: ReportScope, by: str, lines: QuerySet | None = None, returns=None) -> dict:
    """``Split`` per value of the return's field ``by`` (a many-to-many counts a return under
    each of its values)."""
    lines = lines_in_scope(scope) if lines is None else lines
    returns = scope.returns() if returns is None else returns
    result: dict = defaultdict(Split)
    for g in lines.values(f"mapping_return__{by}").annotate(**_split_sums()).order_by():
        split = result[g[f"mapping_return__{by}"]]
        split.children, split.adult = money(g["children"]), money(g["adult"])
    for g in returns.values(by).annotate(n=Count("pk", distinct=True)).order_by():
        result[g[by]].services = g["n"]
    return result


def _row(label: str, split: Split) -> list:
    return [label, *split.cells()]


def _total(splits) -> Split:
    return sum(splits, Split())


@dataclass
class PriorityRow:
    label: str
    kind: str  # "Priority", "Key action" or "Enabler"
    split: Split
    shared: Decimal = ZERO  # of the total, in returns also supporting another priority


@dataclass
class CyppFigures:
    """The headline: each pound of a return supporting the CYPP counted once."""

    supporting: Split
    not_supporting: Split
    rows: list[PriorityRow] = field(default_factory=list)  # LA scopes only

    @property
    def priority_rows(self) -> list[PriorityRow]:
        return [r for r in self.rows if r.kind == "Priority"]

    @property
    def gross(self) -> Decimal:
        return sum((r.split.total for r in self.priority_rows), ZERO)

    @property
    def double_counted(self) -> Decimal:
        return self.gross - self.supporting.total if self.priority_rows else ZERO


def _return_money(lines: QuerySet) -> dict[int, tuple[Decimal, bool]]:
    return {
        g["mapping_return"]: (money(g["s"]), g["mapping_return__is_adult_service"])
        for g in lines.values("mapping_return", "mapping_return__is_adult_service")
        .annotate(s=Sum("amount"))
        .order_by()
    }


def _split_of(return_ids, amounts: dict[int, tuple[Decimal, bool]]) -> Split:
    split = Split(services=len(return_ids))
    for pk in return_ids:
        amount, adult = amounts.get(pk, (ZERO, False))
        if adult:
            split.adult += amount
        else:
            split.children += amount
    return split


def cypp_figures(scope: ReportScope) -> CyppFigures:
    """A return supports the CYPP when it is tagged with a CYPP priority or with one of a
    priority's key actions or enablers; it supports a priority when tagged with the priority
    or any of its actions."""
    lines = lines_in_scope(scope)
    returns = scope.returns()
    tagged = returns.filter(
        Q(outcomes__kind=Outcome.Kind.CYPP) | Q(priority_actions__isnull=False)
    ).values("pk")
    supporting = lines.filter(mapping_return__in=tagged).aggregate(**_split_sums())
    others = lines.exclude(mapping_return__in=tagged).aggregate(**_split_sums())
    n_tagged = returns.filter(pk__in=tagged).count()
    figures = CyppFigures(
        Split(n_tagged, money(supporting["children"]), money(supporting["adult"])),
        Split(returns.count() - n_tagged, money(others["children"]), money(others["adult"])),
    )
    if scope.local_authority is None:
        return figures  # each LA has its own priorities: listed per LA only
    amounts = _return_money(lines)
    by_priority: dict[int, set[int]] = defaultdict(set)
    by_action: dict[int, set[int]] = defaultdict(set)
    for pk, outcome in returns.filter(outcomes__kind=Outcome.Kind.CYPP).values_list(
        "pk", "outcomes"
    ):
        by_priority[outcome].add(pk)
    for pk, action, priority in returns.filter(priority_actions__isnull=False).values_list(
        "pk", "priority_actions", "priority_actions__priority"
    ):
        by_action[action].add(pk)
        by_priority[priority].add(pk)
    count = defaultdict(int)
    for pks in by_priority.values():
        for pk in pks:
            count[pk] += 1
    priorities = Outcome.objects.filter(
        kind=Outcome.Kind.CYPP, local_authority=scope.local_authority
    ).prefetch_related("actions")
    for priority in priorities:
        pks = by_priority.get(priority.pk, set())
        split = _split_of(pks, amounts)
        shared = sum((amounts.get(pk, (ZERO, False))[0] for pk in pks if count[pk] > 1), ZERO)
        figures.rows.append(PriorityRow(priority.name, "Priority", split, shared))
        for action in priority.actions.all():
            figures.rows.append(
                PriorityRow(
                    f"– {action.name}",
                    action.get_kind_display(),
                    _split_of(by_action.get(action.pk, set()), amounts),
                )
            )
    return figures


@dataclass
class BreakdownReport:
    area_name: str
    cycle_label: str
    basis_label: str
    cypp: CyppFigures
    by_tier: dict[str, Split]  # tier -> children's and adult money
    client_groups: list[tuple[str, Split]]
    looked_after: Split
    commissioning: list[tuple[str, Split]]
    property_rows: list[tuple[str, int, int, Decimal]]  # label, properties, uncounted, value
    planned: list[tuple[str, Split]]
    budgets: list[tuple[str, Split]]
    preventative: list[tuple[str, Split]]
    localities: list[tuple[str, Split]]
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "Investment supporting the CYPP"

    def tables(self) -> list[Table]:
        c = self.cypp
        where = f"{self.area_name}, {self.cycle_label} ({self.basis_label})"
        headline = Table(
            f"Investment supporting the CYPP, counted once, {where}",
            [Column("Investment", "text"), *SPLIT_COLUMNS],
            [
                _row("Supporting the CYPP (each service counted once)", c.supporting),
                _row("Not tagged to the CYPP", c.not_supporting),
                _row("All investment", c.supporting + c.not_supporting),
            ],
            total_rows=1,
            name="CYPP counted once",
        )
        tables = [headline]
        if c.rows:
            tables.append(
                Table(
                    "Investment supporting each CYPP priority, with its key actions and enablers",
                    [
                        Column("Priority, key action or enabler", "text"),
                        Column("Kind", "text"),
                        *SPLIT_COLUMNS,
                        Column("Of which also supporting another priority"),
                    ],
                    [[r.label, r.kind, *r.split.cells(), r.shared] for r in c.rows],
                    note=(
                        f"Sum of the priorities' totals: £{c.gross:,.2f}. Counted more than once "
                        f"because a service supports several priorities: "
                        f"£{c.double_counted:,.2f}. Counted once: £{c.supporting.total:,.2f}. "
                        "A key action's or enabler's figure is part of its priority's."
                    ),
                    name="CYPP by priority",
                )
            )
        children = Split(0, ZERO, ZERO)
        tier_rows = []
        for tier, label in MappingTier.choices:
            split = self.by_tier.get(tier, Split())
            tier_rows.append([label, split.children, split.adult, split.total])
            children += split
        untiered = self.by_tier.get("", Split())
        if untiered.total:
            tier_rows.append(["No tier yet", untiered.children, untiered.adult, untiered.total])
            children += untiered
        tables += [
            Table(
                "Investment by tier: children's services and adult services apart",
                [Column("Tier", "text"), *SPLIT_COLUMNS[1:]],
                [*tier_rows, ["Total", children.children, children.adult, children.total]],
                total_rows=1,
                name="Children's and adult services",
            ),
            self._groups_table(),
            self._table(
                "Support services by commissioning box", "Commissioning box", self.commissioning
            ),
            Table(
                "Property: number of properties and their value",
                [
                    Column("Services", "text"),
                    Column("Number of properties", "int"),
                    Column("Property lines without a number", "int"),
                    Column("Value"),
                ],
                [list(r) for r in self.property_rows],
                total_rows=1,
                name="Property number and value",
            ),
            self._table(
                "Planned change for next year",
                "Planned change",
                self.planned,
                note="Money here is the planned change itself (amounts services gave for next "
                "year), not this year's investment.",
                total=False,
            ),
            self._table("Pooled and aligned budgets", "Budget", self.budgets),
            self._table(
                "Preventative and early-intervention services", "Services", self.preventative
            ),
            self._table("Investment by locality or area team", "Locality", self.localities),
        ]
        return tables

    def _groups_table(self) -> Table:
        rows = [_row("Looked-after children", self.looked_after)]
        rows += [_row(name, split) for name, split in self.client_groups]
        return Table(
            "Investment by client group",
            [Column("Client group", "text"), *SPLIT_COLUMNS],
            rows,
            note="A service for several groups is counted under each, so the rows add up to "
            "more than was spent.",
            name="By client group",
        )

    def _table(self, caption, first, rows, note="", total=True) -> Table:
        body = [_row(label, split) for label, split in rows]
        if total:
            body.append(_row("Total", _total(s for _, s in rows)))
        return Table(
            caption,
            [Column(first, "text"), *SPLIT_COLUMNS],
            body,
            total_rows=1 if total else 0,
            note=note,
            name=caption[:31],
        )

    def charts(self) -> list[Chart]:
        rows = self.cypp.priority_rows
        if not rows:
            return []
        return [
            Chart(
                "Investment supporting each CYPP priority", [(r.label, r.split.total) for r in rows]
            )
        ]


def _choices_rows(found: dict, choices, blank_label: str) -> list[tuple[str, Split]]:
    rows = [(label, found.get(value, Split())) for value, label in choices]
    rows.append((blank_label, found.get("", Split()) + found.get(None, Split())))
    return rows


def breakdown_report(scope: ReportScope) -> BreakdownReport:
    lines = lines_in_scope(scope)
    returns = scope.returns()
    groups = grouped(scope, "groups_served")
    names = dict(
        ClientGroup.objects.filter(pk__in=[k for k in groups if k]).values_list("pk", "name")
    )
    client_groups = sorted(
        ((names[k], v) for k, v in groups.items() if k), key=lambda item: item[0].lower()
    )
    client_groups.append(("No client group from the list", groups.get(None, Split())))
    looked_after = grouped(scope, "looked_after_children").get(True, Split())
    support = MappingTier.SUPPORT
    commissioning = grouped(
        scope,
        "commissioning_stage",
        lines.filter(mapping_return__tier=support),
        returns.filter(tier=support),
    )
    budgets = grouped(scope, "budget_arrangement")
    preventative = grouped(scope, "preventative")
    localities = grouped(scope, "locality__name")
    if scope.local_authority is None:
        localities = {
            f"{la} – {name}" if name else f"{la} – none": split
            for (la, name), split in _by_la_locality(scope).items()
        }
    locality_rows = sorted(((k, v) for k, v in localities.items() if k), key=lambda i: i[0])
    if scope.local_authority is not None:
        locality_rows.append(("No locality given", localities.get(None, Split())))
    return BreakdownReport(
        area_name=scope.area_name,
        cycle_label=scope.cycle.label,
        basis_label=scope.basis_label,
        cypp=cypp_figures(scope),
        by_tier=dict(grouped(scope, "tier")),
        client_groups=client_groups,
        looked_after=looked_after,
        commissioning=_choices_rows(commissioning, CommissioningStage.choices, "Box not given"),
        property_rows=_property_rows(lines),
        planned=_planned_rows(returns),
        budgets=_choices_rows(budgets, BudgetArrangement.choices, "Not stated"),
        preventative=[
            ("Preventative or early intervention", preventative.get(True, Split())),
            ("Other services", preventative.get(False, Split())),
        ],
        localities=locality_rows,
    )


def _by_la_locality(scope: ReportScope) -> dict:
    found: dict = defaultdict(Split)
    key = ("mapping_return__local_authority__name", "mapping_return__locality__name")
    for g in lines_in_scope(scope).values(*key).annotate(**_split_sums()).order_by():
        split = found[(g[key[0]], g[key[1]])]
        split.children, split.adult = money(g["children"]), money(g["adult"])
    for g in (
        scope.returns()
        .values("local_authority__name", "locality__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[(g["local_authority__name"], g["locality__name"])].services = g["n"]
    return found


def _property_rows(lines: QuerySet) -> list[tuple[str, int, int, Decimal]]:
    """Children's services by tier, then adult services, then the total."""
    prop = lines.filter(expenditure_type=ExpenditureType.PROPERTY)
    sums = {
        "count": Sum("property_count"),
        "uncounted": Count("pk", filter=Q(property_count__isnull=True)),
        "value": Sum("amount"),
    }
    by_tier = {
        g["mapping_return__tier"]: g
        for g in prop.filter(CHILDREN).values("mapping_return__tier").annotate(**sums).order_by()
    }
    rows = []
    for tier, label in [*MappingTier.choices, ("", "No tier yet")]:
        g = by_tier.get(tier)
        if g is None and tier == "":
            continue
        g = g or {}
        rows.append(
            (
                f"Children's services: {label.lower()}",
                g.get("count") or 0,
                g.get("uncounted") or 0,
                money(g.get("value")),
            )
        )
    adult = prop.filter(ADULT).aggregate(**sums)
    rows.append((ADULT_LABEL, adult["count"] or 0, adult["uncounted"] or 0, money(adult["value"])))
    rows.append(
        (
            "Total",
            sum(r[1] for r in rows),
            sum(r[2] for r in rows),
            sum((r[3] for r in rows), ZERO),
        )
    )
    return rows


def _planned_rows(returns: QuerySet) -> list[tuple[str, Split]]:
    found: dict = defaultdict(Split)
    for g in (
        returns.values("planned_change")
        .annotate(
            n=Count("pk"),
            children=Sum("planned_change_amount", filter=Q(is_adult_service=False)),
            adult=Sum("planned_change_amount", filter=Q(is_adult_service=True)),
        )
        .order_by()
    ):
        found[g["planned_change"]] = Split(g["n"], money(g["children"]), money(g["adult"]))
    rows = _choices_rows(found, PlannedChange.choices, "Not given")
    up, down = (
        found.get(PlannedChange.INCREASE, Split()),
        found.get(PlannedChange.REDUCTION, Split()),
    )
    rows.append(
        (
            "Net change (increases less reductions)",
            Split(0, up.children - down.children, up.adult - down.adult),
        )
    )
    return rows
