"""The collaboration list as rows, for CSV and Excel (like 各特別区と全国市町村等連携事業一覧)."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import append_row, csv_bytes


def headers() -> list[str]:
    return [
        _("年度"),
        _("特別区"),
        _("連携先の都道府県"),
        _("連携先（地域・自治体）"),
        _("事業名"),
        _("分野"),
        _("開始日"),
        _("概要"),
        _("掲示板の提案から成立"),
        _("URL"),
    ]


def rows(collaborations) -> list[list]:
    return [
        [
            c.fiscal_year_label,
            c.ward_names,
            c.prefecture.name,
            c.partner_label,
            c.title,
            str(c.get_field_display()),
            c.started_on.isoformat() if c.started_on else "",
            c.summary,
            _("はい") if c.proposal_id else "",
            f"{settings.SITE_URL}{c.get_absolute_url()}",
        ]
        for c in collaborations
    ]


def as_csv(collaborations) -> bytes:
    return csv_bytes(headers(), rows(collaborations))


def as_xlsx(collaborations) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("連携事業一覧")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(collaborations):
        append_row(sheet, row)
    widths = [12, 24, 12, 40, 40, 14, 12, 60, 10, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
