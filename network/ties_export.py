"""Exporting the register of ties in the import's own columns: the file the secretariat gets
back imports unchanged (every row 「変更なし」), so a register can be edited in Excel and
imported again. As CSV or XLSX (the admin's actions), and as the XLSX template the wards fill:
one row per ward and partner municipality of the ties in force, the kinds offered in a
drop-down."""

from django.utils import timezone, translation

from core.spreadsheets import choose_from_list, csv_bytes, rows_workbook, workbook_bytes
from members.models import Municipality

from .models import Tie, TieKind
from .ties_import import COLUMNS, MAX_ROWS, SHEET

KINDS_SHEET = "種類"
WARDS_SHEET = "区"
HOWTO_SHEET = "記入のしかた"
HOWTO = [
    "1行に、区と相手の自治体を1つずつ書きます。同じ識別子の行は1つの交流関係（相手が複数）として取り込みます。",
    "新しい交流関係は、識別子を空けたまま行を足してください（区と種類は一覧から選べます）。",
    "種類：「種類」のシートにある名前のどれかを書きます。",
    "開始日：2015-11-18 のほか、2015/11/18、平成27年11月18日 とも書けます。",
    "相手が地域（例：北海道十勝地域）のときは、地域名の列に書きます。",
    "管理画面の「CSV・Excelから取り込む」で、取り込む前に内容を確認できます。",
]


def ties_csv(ties) -> bytes:
    """The ties as a CSV (UTF-8 with BOM, through core.spreadsheets), one row per tie."""
    with translation.override("ja"):  # the import reads the Japanese kind names
        rows = [_row(tie) for tie in ties.for_listing()]
    return csv_bytes(list(COLUMNS), rows)


def ties_xlsx(ties) -> bytes:
    """The same rows as ties_csv, as an Excel workbook."""
    with translation.override("ja"):
        rows = [_row(tie) for tie in ties.for_listing()]
    return workbook_bytes(rows_workbook([(SHEET, list(COLUMNS), rows)]))


def template_xlsx() -> bytes:
    """The register as the template the wards fill in: one row per ward and partner municipality
    (a tie with three partners is three rows sharing its 識別子; an area without municipalities
    one row), the kinds and the wards offered as drop-down lists from sheets of their own."""
    with translation.override("ja"):
        rows = []
        for tie in Tie.objects.active().for_listing():
            row = _row(tie)
            partners = list(tie.municipalities.all())
            if not partners:
                rows.append(row)
            for municipality in partners:
                rows.append([row[0], row[1], municipality.full_name, *row[3:]])
        kinds = [[str(kind.label)] for kind in TieKind]
        wards = [[ward.name] for ward in Municipality.objects.special_wards().order_by("code")]
        workbook = rows_workbook(
            [
                (SHEET, list(COLUMNS), rows),
                (KINDS_SHEET, [KINDS_SHEET], kinds),
                (WARDS_SHEET, [WARDS_SHEET], wards),
                (HOWTO_SHEET, [HOWTO_SHEET], [[line] for line in HOWTO]),
            ]
        )
    sheet = workbook[SHEET]
    last = MAX_ROWS + 1
    columns = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
    choose_from_list(
        sheet,
        f"{columns['種類']}2:{columns['種類']}{last}",
        source=f"'{KINDS_SHEET}'!$A$2:$A${len(kinds) + 1}",
        prompt="「種類」のシートから選んでください",
    )
    choose_from_list(
        sheet,
        f"{columns['区']}2:{columns['区']}{last}",
        source=f"'{WARDS_SHEET}'!$A$2:$A${max(len(wards), 1) + 1}",
    )
    return workbook_bytes(workbook)


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


def filename(extension: str = "csv", *, stem: str = "ties") -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"
