"""Reading uploaded spreadsheets row by row, and writing exports, in CSV and XLSX.

Uploads are checked before any row is read: size, extension, and content (an XLSX file
must be a zip holding a workbook; a CSV file must be UTF-8 text). Rows are streamed, so
a 50,000-row file is never held in memory as a whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings

from .cells import neutralise_row

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadError(Exception):
    """The file as a whole cannot be imported; the message says why, for a person."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (spreadsheet row number, cells); header is row 1
    total: int | None  # data rows, when cheaply known


def file_format(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise UploadError(
            f"“{name}” is not a CSV or XLSX file. Save the spreadsheet as .csv (UTF-8) or .xlsx."
        )
    return extension


def check_upload(name: str, size: int, head: bytes) -> str:
    """Validate an upload from its name, size and first bytes; return its format."""
    limit = settings.WAYMARK_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadError(
            f"The file is {size / 1_048_576:.1f} MB; the largest accepted is "
            f"{limit / 1_048_576:.1f} MB. Split it, or ask for `manage.py import_services`."
        )
    if size == 0:
        raise UploadError("The file is empty.")
    fmt = file_format(name)
    is_zip = head.startswith(b"PK\x03\x04")
    if fmt == "xlsx" and not is_zip:
        raise UploadError(f"“{name}” is not a real XLSX workbook (it is not a zip file).")
    if fmt == "csv" and (is_zip or b"\x00" in head):
        raise UploadError(f"“{name}” is not a CSV text file; it looks like a binary file.")
    return fmt


def open_table(stream: IO[bytes], fmt: str) -> Table:
    """Open a seekable binary stream as a table; raises ``UploadError`` for unreadable files."""
    if fmt == "xlsx":
        return _open_xlsx(stream)
    return _open_csv(stream)


def _open_csv(stream: IO[bytes]) -> Table:
    total = _count_csv_rows(stream)
    stream.seek(0)
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")
    reader = csv.reader(text)
    try:
        headers = [cell.strip() for cell in next(reader, [])]
    except UnicodeDecodeError as error:
        raise _not_utf8(1) from error
    except csv.Error as error:
        raise UploadError(f"Row 1 is not valid CSV: {error}.") from error

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for number, cells in enumerate(reader, start=2):  # noqa: B007
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except UnicodeDecodeError as error:
            raise _not_utf8(number + 1) from error
        except csv.Error as error:
            raise UploadError(f"Row {number + 1} is not valid CSV: {error}.") from error

    return Table(headers=headers, rows=rows(), total=total)


def _count_csv_rows(stream: IO[bytes]) -> int | None:
    """Count data rows cheaply (for the progress bar) and prove the file is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    lines = 0
    while chunk := stream.read(1 << 20):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise _not_utf8(lines + chunk[: error.start].count(b"\n") + 1) from error
        lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def _not_utf8(row: int) -> UploadError:
    return UploadError(
        f"The file is not UTF-8 text (first problem near row {row}). In Excel choose "
        "“Save as… CSV UTF-8 (comma delimited)”, or upload the .xlsx file instead."
    )


def _open_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UploadError(
            "The XLSX file could not be opened; is it a real Excel workbook?"
        ) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, ())
    headers = [str(cell).strip() if cell is not None else "" for cell in first]
    while headers and not headers[-1]:
        headers.pop()
    total = (sheet.max_row - 1) if sheet.max_row else None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(values, start=2):
            cells = ["" if cell is None else cell for cell in cells[: len(headers)]]
            if any(str(cell).strip() for cell in cells):
                yield number, cells
        workbook.close()

    return Table(headers=headers, rows=rows(), total=total)


def write_csv(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """Yield CSV text chunk by chunk (for a streaming response), starting with a UTF-8 BOM
    so Excel reads the accents right; every text cell formula-neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow(neutralise_row(row))
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(headers: list[str], rows: Iterable[list[Any]], target: IO[bytes]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append(headers)
    for row in rows:
        sheet.append(neutralise_row(row))
    workbook.save(target)
