"""Every CSV and Excel file the portal writes: text stays text (no formula injection).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a carriage
return, whatever follows) as a formula: a proposal titled `=HYPERLINK(...)` would become a live link
in the secretariat's copy. As OWASP advises for CSV injection, such text is prefixed with `'` in a
CSV; in an XLSX it is stored as a string cell (never a formula) shown as typed.
(App-free, like `japanese_dates`: one of the shared helpers.)
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import TYPE_CHECKING

from core.limits import LimitExceeded, run_limited

if TYPE_CHECKING:  # openpyxl is imported by the first spreadsheet, not by every worker's start
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """The value as a CSV cell: numbers as they are, formula-like text behind a `'`."""
    return f"'{value}" if is_formula_like(value) else value


def csv_bytes(header: list, rows) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the Japanese correctly), CRLF lines."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def append_row(sheet: Worksheet, row: list) -> None:
    """sheet.append(row), but formula-like text is written as a string cell."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        _keep_text(cell)


def new_workbook() -> Workbook:
    from openpyxl import Workbook

    """The one place a workbook is created; save it with workbook_bytes."""
    return Workbook()


def rows_workbook(sheets: list[tuple[str, list, list]]) -> Workbook:
    """A workbook of (title, header, rows) sheets, the first one active (the one a reader
    reads); save it with workbook_bytes."""
    workbook = new_workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in [header, *rows]:
            append_row(sheet, row)
    workbook.active = 0
    return workbook


def choose_from_list(sheet: Worksheet, cells: str, *, source: str, prompt: str = "") -> None:
    """A drop-down on `cells` (e.g. "E2:E1000") offering the values of `source` (a range of
    another sheet, e.g. "'種類'!$A$2:$A$6"); other values are warned about, not refused."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="list", formula1=source, allow_blank=True, showErrorMessage=True, errorStyle="warning"
    )
    if prompt:
        validation.prompt, validation.showInputMessage = prompt, True
    sheet.add_data_validation(validation)
    validation.add(cells)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes, with every formula-like text cell made a plain string.

    The portal writes no formulas: whatever openpyxl took for one (a value starting with `=`)
    came from someone's text, however it was put in the sheet.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _keep_text(cell)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _keep_text(cell) -> None:
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


class UnreadableSpreadsheet(ValueError):
    """The file is no workbook (not a zip, no sheet) or is too big to read."""


class TooManyRows(ValueError):
    """More rows than the reader was allowed to take."""


# A workbook's parts inflated: a 1 MB upload of real data stays far below this; a zip bomb not.
MAX_XLSX_INFLATED_BYTES = 32 * 1024 * 1024


def xlsx_rows(content: bytes, *, max_rows: int, sheet: str | None = None) -> list[list]:
    """The rows of the sheet named `sheet` if the workbook has one, else of the active sheet
    (None as ""), at most max_rows of them, or UnreadableSpreadsheet.

    Raises TooManyRows past max_rows: the rows are read one at a time, never all. The workbook
    is read within core.limits' time and memory limits.
    """
    return _limited(_xlsx_rows, content, max_rows=max_rows, sheet=sheet)


def csv_rows(text: str, *, max_rows: int) -> list[list[str]]:
    """The rows of a CSV text, at most max_rows (TooManyRows past it), or UnreadableSpreadsheet."""
    return _limited(_csv_rows, text, max_rows=max_rows)


def _limited(reader, content, *, max_rows: int, **options):
    try:
        return run_limited(reader, content, max_rows=max_rows, **options)
    except LimitExceeded as exc:
        raise UnreadableSpreadsheet("past the time or memory limit") from exc


def _xlsx_rows(content: bytes, *, max_rows: int, sheet: str | None = None) -> list[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableSpreadsheet("not a zip") from exc
    if inflated > MAX_XLSX_INFLATED_BYTES:
        raise UnreadableSpreadsheet("inflates past the limit")
    rows = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            chosen = book[sheet] if sheet in book.sheetnames else book.active
            for row in chosen.iter_rows(values_only=True):
                if len(rows) == max_rows:
                    raise TooManyRows(max_rows)
                rows.append(["" if value is None else value for value in row])
        finally:
            book.close()
    except TooManyRows:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a malformed part; all mean unreadable
        raise UnreadableSpreadsheet("not a workbook") from exc
    return rows


def _csv_rows(text: str, *, max_rows: int) -> list[list[str]]:
    rows = []
    try:
        for row in csv.reader(io.StringIO(text)):
            if len(rows) == max_rows:
                raise TooManyRows(max_rows)
            rows.append(row)
    except csv.Error as exc:  # a field past csv.field_size_limit(), a stray quote
        raise UnreadableSpreadsheet(str(exc)) from exc
    return rows
