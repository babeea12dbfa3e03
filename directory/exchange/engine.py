"""Run a spreadsheet import in batches, all or nothing.

The rows stream through django-import-export a batch at a time inside one outer
transaction. Every row is checked even after the first error, so the person sees every
problem at once; if there was any error (or this is the dry-run preview) the outer
transaction is rolled back and nothing is kept.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.results import RowResult

from directory.importers.batch import import_batch
from directory.importers.heap import long_lived_objects_frozen

from .cells import restore
from .resources import DirectoryResource
from .tables import Table

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
PREVIEW_ROWS = 200

OUTCOMES = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "changed",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_INVALID: "error",
    RowResult.IMPORT_TYPE_ERROR: "error",
}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row (the header is row 1)
    column: str
    message: str


@dataclass(frozen=True)
class Change:
    column: str
    before: str
    after: str


@dataclass
class PreviewRow:
    """A row that would change: its key facts, and each column it changes (as text)."""

    row: int
    outcome: str
    name: str
    changes: list[Change]


@dataclass
class ImportReport:
    headers: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    committed: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)


def check_columns(resource: DirectoryResource, headers: list[str]) -> list[RowError]:
    """Whole-file problems with the header row: missing, unknown or repeated columns."""
    known = set(type(resource).column_names())
    errors = [
        RowError(1, column, "This required column is missing.")
        for column in type(resource).required_columns()
        if column not in headers
    ]
    seen: set[str] = set()
    for column in headers:
        if column in seen:
            errors.append(RowError(1, column, "This column appears twice."))
        elif column not in known:
            errors.append(
                RowError(1, column, "Not a column this import knows; check the spelling.")
            )
        seen.add(column)
    return errors


def run_import(
    resource: DirectoryResource,
    table: Table,
    *,
    dry_run: bool,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``table`` through ``resource``; commit only if not ``dry_run`` and no row failed."""
    report = ImportReport(headers=resource.get_diff_headers())
    report.errors.extend(check_columns(resource, table.headers))
    if report.errors:
        return report
    columns = {f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute}
    seen_ids: dict[str, int] = {}
    with long_lived_objects_frozen(), transaction.atomic():
        rows = iter(table.rows)
        while batch := list(islice(rows, batch_size)):
            numbers, dataset = [], tablib.Dataset(headers=table.headers)
            for number, cells in batch:
                refused_row = _stray_value(table.headers, cells, number) or _duplicate_id(
                    table.headers, cells, number, seen_ids
                )
                if refused_row:
                    report.errors.append(refused_row)
                    report.counts["error"] += 1
                    continue
                numbers.append(number)
                cells = list(cells[: len(table.headers)])
                dataset.append(cells + [""] * (len(table.headers) - len(cells)))
            if len(dataset):
                resource.diffs_wanted = PREVIEW_ROWS - len(report.preview)
                # Indexes (reference, Wagtail search, directory search) once per batch.
                with import_batch():
                    # No savepoint per row: only rows that write take one (the resource's
                    # do_instance_save); the outer transaction is the all-or-nothing.
                    result = resource.import_data(
                        dataset, dry_run=False, use_transactions=False, raise_errors=False
                    )
                    # New and changed records are written together, after the batch's rows
                    # are checked (also when a row failed: the person sees every clash at
                    # once; the outer transaction is rolled back then).
                    refused = resource.flush()
                _collect(report, result, numbers, columns)
                _collect_refused(report, refused, numbers, columns)
            if on_progress:
                on_progress(len(batch))
        report.committed = not dry_run and report.ok
        if not report.committed:
            transaction.set_rollback(True)
    return report


def _collect_refused(report: ImportReport, refused, numbers: list[int], columns) -> None:
    """Rows the batch write refused (e.g. a slug already taken): errors, not new or changed."""
    for row_number, error, outcome in refused:
        number = numbers[row_number - 1] if row_number and row_number <= len(numbers) else 0
        report.counts[outcome] -= 1
        report.counts["error"] += 1
        if isinstance(error, ValidationError):
            report.errors.extend(_validation_errors(number, error, columns))
        else:
            report.errors.append(RowError(number, "", _error_message(error)))


def _stray_value(headers: list[str], cells: list, number: int) -> RowError | None:
    """A value past the last column (a stray comma in a CSV row) has no column to go in;
    empty cells there are ignored."""
    stray = next((cell for cell in cells[len(headers) :] if str(cell).strip()), None)
    if stray is None:
        return None
    return RowError(
        number,
        "",
        f"This row has a value past the last column (“{stray}”); check for a stray comma.",
    )


def _duplicate_id(
    headers: list[str], cells: list, number: int, seen: dict[str, int]
) -> RowError | None:
    if "id" not in headers:
        return None
    raw = restore(cells[headers.index("id")] if headers.index("id") < len(cells) else "")
    if not raw:
        return None
    try:
        key = str(uuid.UUID(str(raw)))
    except ValueError:
        return None  # the resource reports a malformed id
    if key in seen:
        return RowError(number, "id", f"This id is already used on row {seen[key]}.")
    seen[key] = number
    return None


def _collect(report: ImportReport, result, numbers: list[int], columns: dict[str, str]) -> None:
    for index, row_result in enumerate(result.rows):
        number = numbers[index] if index < len(numbers) else 0
        outcome = OUTCOMES.get(row_result.import_type, "error")
        report.counts[outcome] += 1
        if row_result.validation_error is not None:
            report.errors.extend(_validation_errors(number, row_result.validation_error, columns))
        for error in row_result.errors:
            report.errors.append(RowError(number, "", _error_message(error.error)))
        if outcome != "unchanged" and len(report.preview) < PREVIEW_ROWS:
            report.preview.append(
                PreviewRow(
                    number,
                    outcome,
                    row_result.object_repr or "",
                    _changes(report.headers, row_result.diff or []),
                )
            )
    # Errors raised outside any row (e.g. by before_import) belong to the file.
    for error in result.base_errors:
        report.errors.append(RowError(0, "", _error_message(error.error)))


def _changes(headers: list[str], pairs: list[tuple[str, str]]) -> list[Change]:
    return [
        Change(column, before, after)
        for column, (before, after) in zip(headers, pairs, strict=False)
        if before != after
    ]


def _validation_errors(number: int, error: ValidationError, columns: dict[str, str]):
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", message) for message in error.messages]
    found = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
        found.extend(RowError(number, column, message) for message in messages)
    return found


def _error_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    # Never an exception's own text: it means nothing to the person importing. The details
    # go to the log for whoever looks after the system.
    logger.error("Import row failed unexpectedly", exc_info=error)
    return (
        "This row could not be saved because of a problem we did not expect. Check its "
        "values against an export of the same records; if they look right, ask your "
        "administrator, who can see the details in the log."
    )
