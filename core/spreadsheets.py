"""Every CSV and Excel file the portal writes: text stays text (no formula injection).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a carriage
return, whatever follows) as a formula: a proposal titled `=HYPERLINK(...)` would become a live link
in the secretariat's copy. As OWASP advises for CSV injection, such text is prefixed with `'` in a
CSV; in an XLSX it is stored as a string cell (never a formula) shown as typed.
(App-free, like `japanese_dates`: one of the shared helpers.)
"""

import csv
import io

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
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
