"""Importing returns from a council's spreadsheets (CSV files: investment lines, workforce lines,
performance measures and the returns themselves, one row per return with its service-details
answers).

Everything is validated before anything is written: any bad row refuses the whole import with a
report of every bad row (file, line number, reason). The write then runs in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.db.models import Choices
from django.utils.text import slugify

from directory.bulk_rows import delete_rows, insert_rows
from directory.exchange.cells import restore
from directory.importers.batch import import_batch, note_saved
from directory.importers.heap import long_lived_objects_frozen
from directory.models import LocalAuthority, Service
from directory.models.local_authority import ONS_CODE

from ..models import (
    Basis,
    CapitalOrRevenue,
    Cycle,
    CycleState,
    ExpenditureType,
    InvestmentLine,
    MappingReturn,
    MappingTier,
    PerformanceMeasure,
    ReturnChange,
    Section,
    SectionAssignment,
    WorkforceGroup,
    WorkforceLine,
)
from . import audit
from .errors import MappingError
from .locking import ensure_unlocked, is_locked
from .money import parse_count, parse_money, parse_quantity
from .return_columns import RETURN_OPTIONAL_COLUMNS, Lookups, one_named, parse_return
from .workflow import PERFORMANCE_FIELDS, create_unlisted_service

COMMON_COLUMNS = ["la_code", "la_name", "cycle", "service_ref", "service_name", "tier"]
INVESTMENT_COLUMNS = [
    *COMMON_COLUMNS,
    "expenditure_type",
    "capital_or_revenue",
    "funding_source",
    "basis",
    "amount",
]
WORKFORCE_COLUMNS = [*COMMON_COLUMNS, "workforce_group", "role", "fte", "headcount", "cost"]
#: The performance section: one row per measure; ``outcome`` by name, as on the tags page.
PERFORMANCE_COLUMNS = [*COMMON_COLUMNS, *PERFORMANCE_FIELDS]
#: Columns a file may add to the required ones; absent, their defaults apply. A workforce file
#: without ``basis`` (every file written before bases existed) holds actuals.
#: An investment file without ``other_description`` or ``property_count`` keeps those of the
#: lines it matches (see ``_sync_lines``); a returns file changes only the columns it has.
RETURNS_COLUMNS = COMMON_COLUMNS
OPTIONAL_COLUMNS: dict[str, list[str]] = {
    "investment": ["other_description", "property_count"],
    "workforce": ["basis"],
    "returns": RETURN_OPTIONAL_COLUMNS,
    "performance": [],
}
#: The kinds of line a file replaces per return, with the model each is stored in.
LINE_MODELS = {
    "investment": InvestmentLine,
    "workforce": WorkforceLine,
    "performance": PerformanceMeasure,
}
_FIGURE = re.compile(r"^-?\d{1,12}(?:\.\d{1,2})?$")
BATCH_SIZE = 2000
CYCLE_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


class ImportRefused(MappingError):
    """The files were refused whole; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"Import refused: {len(errors)} problem(s) found; nothing was saved.")


@dataclass
class Row:
    kind: str  # "investment", "workforce", "performance" or "returns"
    line: int
    la_code: str
    cycle: str
    service_ref: str
    service_name: str
    tier: str
    values: dict


@dataclass
class ImportPlan:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    new_las: dict[str, str] = field(default_factory=dict)  # code -> name
    new_cycles: set[str] = field(default_factory=set)
    new_services: dict[tuple[str, str], str] = field(default_factory=dict)  # (la, ref) -> name
    returns: set[tuple[str, str, str]] = field(default_factory=set)  # (la, cycle, ref)

    def summary(self) -> dict[str, int]:
        return {
            "investment_lines": sum(r.kind == "investment" for r in self.rows),
            "workforce_lines": sum(r.kind == "workforce" for r in self.rows),
            **(
                {"performance_measures": sum(r.kind == "performance" for r in self.rows)}
                if any(r.kind == "performance" for r in self.rows)
                else {}
            ),
            "returns": len(self.returns),
            **(
                {"return_rows": sum(r.kind == "returns" for r in self.rows)}
                if any(r.kind == "returns" for r in self.rows)
                else {}
            ),
            "new_local_authorities": len(self.new_las),
            "new_cycles": len(self.new_cycles),
            "new_services": len(self.new_services),
        }


@cache
def _values(choices: type[Choices]) -> tuple[str, ...]:
    """The choices' values, read once (``Choices.values`` builds a new list on every call)."""
    return tuple(choices.values)


def _choice(value: str, choices: type[Choices], column: str) -> str:
    allowed = _values(choices)
    if value not in allowed:
        raise ValueError(f"{column} '{value}' is not one of {', '.join(allowed)}")
    return value


def _read(
    content: bytes, filename: str, columns: list[str], optional: list[str] = ()
) -> tuple[list[tuple[int, dict]], list[str]]:
    """Decode and split a CSV file; file-level problems come back as errors.

    The header must hold every one of ``columns`` and may hold any of ``optional``; rows come
    back with every optional column present (None when the file does not have it).
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [f"{filename}: the file is not UTF-8 text (byte {exc.start} is invalid)."]
    if not text.strip():
        return [], [f"{filename}: the file is empty; a header row is required."]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        return [], [f"{filename} line 1: cannot read the header row ({exc})."]
    missing = [c for c in columns if c not in header]
    unexpected = [h for h in header if h not in columns and h not in optional]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unexpected:
        problems.append(f"unexpected column(s): {', '.join(h or '(blank)' for h in unexpected)}")
    if duplicates:
        problems.append(f"repeated column(s): {', '.join(duplicates)}")
    if problems:
        also = f", optionally with {', '.join(optional)}" if optional else ""
        return [], [
            f"{filename} line 1: the header row must be exactly {','.join(columns)}{also} ("
            + "; ".join(problems)
            + ")."
        ]
    rows, errors = [], []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                errors.append(
                    f"{filename} line {line}: has {len(values)} values, expected {len(header)}."
                )
                continue
            cells = zip(header, values, strict=True)
            rows.append(
                (line, {**dict.fromkeys(optional), **{h: restore(v.strip()) for h, v in cells}})
            )
    except csv.Error as exc:
        errors.append(f"{filename} line {reader.line_num}: cannot read the row ({exc}).")
    if not rows and not errors:
        errors.append(f"{filename}: the file has a header row but no data rows.")
    return rows, errors


def _text(data: dict, column: str, limit: int) -> str:
    if len(data[column]) > limit:
        raise ValueError(f"{column} is longer than {limit} characters")
    return data[column]


def _figure(data: dict, column: str) -> Decimal | None:
    text = data[column].replace(",", "")
    if not text:
        return None
    if not _FIGURE.match(text):
        raise ValueError(
            f"{column} '{data[column]}' is not a number with up to two decimals (for example 72.5)"
        )
    return Decimal(text)


def _count(data: dict, column: str) -> int | None:
    if not data[column]:
        return None
    try:
        return parse_count(data[column])
    except ValueError as error:
        raise ValueError(f"{column} {error}") from None


def _performance_values(data: dict, lookups: Lookups) -> dict:
    if not data["measure"]:
        raise ValueError("measure is blank")
    outcome = data["outcome"]
    return {
        "measure": _text(data, "measure", 200),
        "outcome_id": (
            one_named(lookups.outcomes, outcome, "outcome", "ECM outcomes and CYPP priorities").pk
            if outcome
            else None
        ),
        "unit": _text(data, "unit", 40),
        "baseline": _figure(data, "baseline"),
        "target": _figure(data, "target"),
        "achieved": _figure(data, "achieved"),
        "outcome_achieved": data["outcome_achieved"],
    }


def _line_values(kind: str, data: dict) -> dict:
    """The line's own fields, parsed; raises ValueError listing the first bad value.

    Optional columns the file does not have are left out of the values.
    """
    if kind == "investment":
        values = {
            "expenditure_type": _choice(
                data["expenditure_type"], ExpenditureType, "expenditure_type"
            ),
            "capital_or_revenue": _choice(
                data["capital_or_revenue"], CapitalOrRevenue, "capital_or_revenue"
            ),
            "funding_source": _text(data, "funding_source", 200),
            "basis": _choice(data["basis"], Basis, "basis"),
            "amount": parse_money(data["amount"]),
        }
        if data["other_description"] is not None:
            values["other_description"] = _text(data, "other_description", 200)
        count = data["property_count"]
        if count is not None:
            values["property_count"] = _count(data, "property_count")
        if count and values["expenditure_type"] != ExpenditureType.PROPERTY:
            raise ValueError("property_count is only for property lines")
        return values
    return {
        "group": _choice(data["workforce_group"], WorkforceGroup, "workforce_group"),
        "role": _text(data, "role", 200),
        "basis": _choice(data["basis"] or Basis.ACTUAL, Basis, "basis"),
        "fte": parse_quantity(data["fte"]),
        "headcount": _count(data, "headcount"),
        "cost": parse_money(data["cost"]) if data["cost"] else None,
    }


def find_service(local_authority: LocalAuthority, ref: str) -> Service | None:
    """The LA's service with this reference, or with this UUID (what an export writes for a
    service without a reference)."""
    service = Service.objects.filter(local_authority=local_authority, la_reference=ref).first()
    if service is None:
        try:
            key = uuid.UUID(ref)
        except ValueError:
            return None
        service = Service.objects.filter(local_authority=local_authority, uuid=key).first()
    return service


class ServiceIndex:
    """``find_service`` for many rows: each LA's services by reference and by UUID, read in
    one query per LA the first time a row names it."""

    def __init__(self) -> None:
        self._by_la: dict[int, tuple[dict[str, int], dict[str, int]]] = {}

    def _load(self, local_authority: LocalAuthority) -> tuple[dict[str, int], dict[str, int]]:
        if local_authority.pk not in self._by_la:
            refs: dict[str, int] = {}
            uuids: dict[str, int] = {}
            found = Service.objects.filter(local_authority=local_authority).order_by("pk")
            for pk, reference, key in found.values_list("pk", "la_reference", "uuid"):
                if reference:
                    refs.setdefault(reference, pk)
                uuids[str(key)] = pk
            self._by_la[local_authority.pk] = (refs, uuids)
        return self._by_la[local_authority.pk]

    def find(self, local_authority: LocalAuthority, ref: str) -> int | None:
        """The id of the service ``find_service`` would return, or None."""
        refs, uuids = self._load(local_authority)
        if ref in refs:
            return refs[ref]
        try:
            return uuids.get(str(uuid.UUID(ref)))
        except ValueError:
            return None


class LockIndex:
    """``is_locked`` asked once per local authority and cycle."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], bool] = {}

    def __call__(self, local_authority_id: int, cycle_id: int) -> bool:
        key = (local_authority_id, cycle_id)
        if key not in self._known:
            self._known[key] = is_locked(local_authority_id, cycle_id)
        return self._known[key]


def plan_import(
    investment: bytes | None,
    workforce: bytes | None,
    create_missing_las: bool = False,
    investment_name: str = "investment file",
    workforce_name: str = "workforce file",
    returns: bytes | None = None,
    returns_name: str = "returns file",
    performance: bytes | None = None,
    performance_name: str = "performance file",
) -> ImportPlan:
    """Validate the files against the database without writing anything."""
    plan = ImportPlan()
    if all(content is None for content in (investment, workforce, returns, performance)):
        plan.errors.append(
            "Give an investment file, a workforce file, a returns file, a performance file or more."
        )
        return plan
    las = {la.code: la for la in LocalAuthority.objects.all()}
    cycles = {c.label: c for c in Cycle.objects.all()}
    tiers: dict[tuple[str, str, str], tuple[str, str]] = {}
    sources = [
        ("investment", investment, investment_name, INVESTMENT_COLUMNS),
        ("workforce", workforce, workforce_name, WORKFORCE_COLUMNS),
        ("returns", returns, returns_name, RETURNS_COLUMNS),
        ("performance", performance, performance_name, PERFORMANCE_COLUMNS),
    ]
    lookups: dict[str, Lookups] = {}
    indexes = (ServiceIndex(), LockIndex())
    return_rows: dict[tuple[str, str, str], str] = {}
    for kind, content, filename, columns in sources:
        if content is None:
            continue
        rows, errors = _read(content, filename, columns, OPTIONAL_COLUMNS[kind])
        plan.errors.extend(errors)
        for line, data in rows:
            where = f"{filename} line {line}"
            try:
                row = _check_row(
                    kind, line, data, las, cycles, create_missing_las, plan, lookups, indexes
                )
            except ValueError as exc:
                plan.errors.append(f"{where}: {exc}.")
                continue
            key = (row.la_code, row.cycle, row.service_ref)
            if kind == "returns":
                if key in return_rows:
                    plan.errors.append(
                        f"{where}: service {row.service_ref} in {row.cycle} is already on "
                        f"{return_rows[key]}; a return has one row."
                    )
                    continue
                return_rows[key] = where
            seen = tiers.setdefault(key, (row.tier, where))
            if seen[0] != row.tier:
                plan.errors.append(
                    f"{where}: service {row.service_ref} has tier '{row.tier}' in {row.cycle} "
                    f"but '{seen[0]}' on {seen[1]}; a service has one tier per cycle."
                )
                continue
            plan.rows.append(row)
            plan.returns.add(key)
    return plan


def _check_row(kind, line, data, las, cycles, create_missing_las, plan, lookups, indexes) -> Row:
    services, locked = indexes
    code = data["la_code"]
    if not code:
        raise ValueError("la_code is blank")
    if code not in las:
        try:
            ONS_CODE(code)
        except Exception as exc:
            raise ValueError(f"la_code '{code}' is not an ONS code such as E06000035") from exc
        if not create_missing_las:
            raise ValueError(
                f"unknown local authority '{code}' (use --create-missing-las to create it)"
            )
        if not data["la_name"]:
            raise ValueError(f"la_name is needed to create the local authority '{code}'")
        plan.new_las.setdefault(code, _text(data, "la_name", 120))
    label = data["cycle"]
    match = CYCLE_LABEL.match(label)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"cycle '{label}' is not a label like 2009/10")
    cycle = cycles.get(label)
    if cycle is None:
        plan.new_cycles.add(label)
    elif cycle.state == CycleState.PUBLISHED:
        raise ValueError(f"the {label} cycle is published; its returns can no longer change")
    elif code in las and locked(las[code].pk, cycle.pk):
        raise ValueError(f"{code}'s returns for {label} are signed off and locked")
    ref = data["service_ref"]
    if not ref:
        raise ValueError("service_ref is blank")
    if len(ref) > 60:
        raise ValueError("service_ref is longer than 60 characters")
    tier = _choice(data["tier"], MappingTier, "tier")
    if kind in ("returns", "performance") and code not in lookups:
        lookups[code] = Lookups(las[code].pk if code in las else None)
    if kind == "performance":
        values = _performance_values(data, lookups[code])
    elif kind == "returns":
        values = parse_return(data, lookups[code])
        if values.get("commissioning_stage") and tier != MappingTier.SUPPORT:
            raise ValueError("commissioning_stage is only for support services")
    else:
        values = _line_values(kind, data)
    known = code in las and services.find(las[code], ref) is not None
    if not known:
        name = data["service_name"]
        if not name:
            raise ValueError(f"service_name is needed to create the new service '{ref}'")
        plan.new_services.setdefault((code, ref), _text(data, "service_name", 200))
    return Row(kind, line, code, label, ref, data["service_name"], tier, values)


def import_returns(
    investment: bytes | None,
    workforce: bytes | None,
    create_missing_las: bool = False,
    user=None,
    dry_run: bool = False,
    investment_name: str = "investment file",
    workforce_name: str = "workforce file",
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
    returns: bytes | None = None,
    returns_name: str = "returns file",
    performance: bytes | None = None,
    performance_name: str = "performance file",
) -> ImportPlan:
    """Validate, then (unless ``dry_run``) write everything in one transaction.

    Lines in a file replace that return's lines of the same kind, so importing the same file
    twice leaves one copy; a line equal to a stored one is kept as it is (with anything the file
    has no column for), so importing an export changes nothing.
    """
    with long_lived_objects_frozen():
        plan = plan_import(
            investment,
            workforce,
            create_missing_las,
            investment_name,
            workforce_name,
            returns,
            returns_name,
            performance,
            performance_name,
        )
        if plan.errors:
            raise ImportRefused(plan.errors)
        if not dry_run:
            with transaction.atomic():
                _write(plan, user, progress)
        return plan


def _write(plan: ImportPlan, user, progress) -> None:
    """Write the plan: services and returns looked up once, lines in bulk.

    The bulk writes bypass the per-line signal that refuses writes to signed-off returns, so
    every local authority and cycle the plan touches is checked here, once, first.
    """
    las = {la.code: la for la in LocalAuthority.objects.all()}
    for code, name in plan.new_las.items():
        slug = slugify(f"{name}-{code}")[:120]
        las[code] = LocalAuthority.objects.create(code=code, name=name, slug=slug)
    cycles = {c.label: c for c in Cycle.objects.all()}
    for label in sorted(plan.new_cycles):
        cycles[label] = Cycle.objects.create(label=label, **Cycle.standard_timetable(label))
    for code, label in sorted({(row.la_code, row.cycle) for row in plan.rows}):
        ensure_unlocked(las[code].pk, cycles[label].pk)
    services = _services_for(plan, las)
    returns = _returns_for(plan.rows, las, cycles, services, user)
    lines: dict[tuple[str, int], list[dict]] = {}
    changes: dict[int, dict] = {}
    for row in progress(plan.rows):
        mapping_return = returns[(row.la_code, row.cycle, row.service_ref)]
        if row.kind == "returns":
            changes.setdefault(mapping_return.pk, {}).update(
                _set_fields(mapping_return, row.values)
            )
        else:
            lines.setdefault((row.kind, mapping_return.pk), []).append(row.values)
    for kind, model in LINE_MODELS.items():
        wanted = {pk: values for (k, pk), values in lines.items() if k == kind}
        if not wanted:
            continue
        for pk, after in _sync_lines(model, wanted).items():
            name = "performance_measures" if kind == "performance" else f"{kind}_lines"
            changes.setdefault(pk, {})[name] = [None, len(after)]
            if kind == "investment":
                total = sum((line["amount"] for line in after), Decimal("0"))
                changes[pk]["investment_total"] = [None, str(total)]
    who = user.pk if getattr(user, "is_authenticated", False) else None
    insert_rows(
        ReturnChange,
        [
            {"mapping_return_id": pk, "user_id": who, "action": "imported", "changes": diff}
            for pk, diff in changes.items()
            if diff
        ],
    )


def _services_for(plan: ImportPlan, las: dict[str, LocalAuthority]) -> dict[tuple[str, str], int]:
    """Each row's service id, creating the new ones inside one import batch, so the search
    and reference indexes are brought up to date once at its end, not on every save."""
    index = ServiceIndex()
    services: dict[tuple[str, str], int] = {}
    with import_batch():
        for row in plan.rows:
            skey = (row.la_code, row.service_ref)
            if skey in services:
                continue
            la = las[row.la_code]
            found = index.find(la, row.service_ref)
            if found is None:
                service = create_unlisted_service(la, plan.new_services[skey], row.service_ref)
                note_saved(service)
                found = service.pk
            services[skey] = found
    return services


def _returns_for(rows, las, cycles, services, user) -> dict[tuple[str, str, str], MappingReturn]:
    """Each row's return: the stored one (its tier updated if the file changes it), or a new
    one with its sections, created together."""
    wanted: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        wanted.setdefault((row.la_code, row.cycle, row.service_ref), row)
    pairs = {
        key: (cycles[row.cycle].pk, services[(row.la_code, row.service_ref)])
        for key, row in wanted.items()
    }
    stored: dict[tuple[int, int], MappingReturn] = {}
    for cycle_id in {cycle_id for cycle_id, _ in pairs.values()}:
        service_ids = sorted({pk for c, pk in pairs.values() if c == cycle_id})
        for start in range(0, len(service_ids), BATCH_SIZE):
            for mapping_return in MappingReturn.objects.filter(
                cycle_id=cycle_id, service_id__in=service_ids[start : start + BATCH_SIZE]
            ):
                stored[(cycle_id, mapping_return.service_id)] = mapping_return
    found: dict[tuple[str, str, str], MappingReturn] = {}
    new: list[MappingReturn] = []
    for key, row in wanted.items():
        cycle_id, service_id = pairs[key]
        mapping_return = stored.get((cycle_id, service_id))
        if mapping_return is None:
            mapping_return = MappingReturn(
                cycle_id=cycle_id,
                service_id=service_id,
                local_authority=las[row.la_code],
                tier=row.tier,
            )
            stored[(cycle_id, service_id)] = mapping_return
            new.append(mapping_return)
        elif mapping_return.tier != row.tier:
            audit.record(
                mapping_return, user, "imported", {"tier": [mapping_return.tier, row.tier]}
            )
            mapping_return.tier = row.tier
            mapping_return.save(update_fields=["tier", "updated_at"])
        found[key] = mapping_return
    MappingReturn.objects.bulk_create(new, batch_size=BATCH_SIZE)
    insert_rows(
        SectionAssignment,
        [
            {"mapping_return_id": mapping_return.pk, "section": section}
            for mapping_return in new
            for section in Section.values
        ],
    )
    return found


def _set_fields(mapping_return: MappingReturn, values: dict) -> dict:
    """Give the return the row's values; the field-level diff of what changed."""
    fields = list(values)
    before = audit.snapshot(mapping_return, fields)
    plain = {k: v for k, v in values.items() if not isinstance(v, list)}
    for name, value in plain.items():
        setattr(mapping_return, name, value)
    if plain:
        mapping_return.save(update_fields=[*plain, "updated_at"])
    for name, value in values.items():
        if isinstance(value, list):
            getattr(mapping_return, name).set(value)
    return audit.diff(before, audit.snapshot(mapping_return, fields))


def _sync_lines(model, wanted: dict[int, list[dict]]) -> dict[int, list[dict]]:
    """Make each return's lines of one kind those of its rows (``wanted``: return id -> rows);
    for each return that changed, the values of all its lines afterwards.

    A stored line whose values equal a row's (on the row's columns) is kept untouched, so a
    file without an optional column leaves that column as it was on the lines it matches.
    """
    stored: dict[int, list[dict]] = {pk: [] for pk in wanted}
    ids = sorted(wanted)
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        for line in model.objects.filter(mapping_return_id__in=chunk).order_by("pk").values():
            stored[line["mapping_return_id"]].append(line)
    gone: list[int] = []
    new: list[dict] = []
    changed: dict[int, list[dict]] = {}
    for pk, rows in wanted.items():
        unused = stored[pk]
        kept: list[dict] = []
        added: list[dict] = []
        for values in rows:
            match = next(
                (line for line in unused if all(line[k] == v for k, v in values.items())),
                None,
            )
            if match is None:
                added.append({"mapping_return_id": pk, **values})
            else:
                unused.remove(match)
                kept.append(match)
        if unused or added:
            gone += [line["id"] for line in unused]
            new += added
            changed[pk] = kept + added
    # The lock was checked once for the whole plan (``_write``): the bulk writes skip the
    # per-line signal that would ask again for every line.
    delete_rows(model, gone)
    insert_rows(model, new)
    return changed
