"""Exporting the register of ties in the import's own columns: the file the secretariat gets
back imports unchanged (every row 「変更なし」), so a register can be edited in Excel and
imported again."""

from django.utils import timezone, translation

from core.spreadsheets import csv_bytes

from .ties_import import COLUMNS


def ties_csv(ties) -> bytes:
    """The ties as a CSV (UTF-8 with BOM, through core.spreadsheets), one row per tie."""
    with translation.override("ja"):  # the import reads the Japanese kind names
        rows = [_row(tie) for tie in ties.for_listing()]
    return csv_bytes(list(COLUMNS), rows)


def _row(tie) -> list:
    return [
        tie.slug,
        tie.ward.name,
        # Full names (「福井県坂井市」): a bare 府中市 would be ambiguous on the way back in.
        "、".join(m.full_name for m in tie.municipalities.all()),
        tie.area_name,
        str(tie.kind_label),
        tie.since.isoformat() if tie.since else "",
        tie.source,
        tie.note,
    ]


def filename() -> str:
    return f"ties-{timezone.localdate():%Y%m%d}.csv"
