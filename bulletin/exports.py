"""The collaboration list as rows, for CSV and Excel (like 各特別区と全国市町村等連携事業一覧).

Headers and values follow the active language (令和5年度 or FY2023, 北海道 or Hokkaido). A row
holds typed values (text, dates, links); each format writes them through one function
(`_csv_value`, `_write_xlsx_cell`): a date is an ISO date in the CSV and a real date cell in
Excel, with its 和暦 in the next column; a link is a hyperlink in Excel.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.dates import era_date, is_japanese
from core.sites import site_url
from core.spreadsheets import csv_bytes, is_formula_like, new_workbook, workbook_bytes


@dataclass(frozen=True)
class Link:
    url: str


def headers() -> list[str]:
    return [
        _("年度"),
        _("特別区"),
        _("連携先の都道府県"),
        _("連携先（地域・自治体）"),
        _("事業名"),
        _("分野"),
        _("開始日"),
        _("開始日（和暦）"),
        _("概要"),
        _("掲示板の提案から成立"),
        _("URL"),
        # Added with the collaborations' results: after the first columns, which stay in place.
        _("状況"),
        _("終了日"),
        _("終了日（和暦）"),
    ]


def rows(collaborations) -> list[list]:
    return [
        [
            c.fiscal_year_label,
            c.ward_names,
            c.prefecture.display_name,
            c.partner_label,
            c.title,
            str(c.get_field_display()),
            c.started_on,
            era_date(c.started_on) if c.started_on else "",
            c.summary,
            _("はい") if c.proposal_id else "",
            Link(site_url(c.get_absolute_url())),
            str(c.get_state_display()),
            c.ended_on,
            era_date(c.ended_on) if c.ended_on else "",
        ]
        for c in collaborations
    ]


def _csv_value(value) -> str:
    """Every CSV cell is written through here."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Link):
        return value.url
    return value  # numbers stay numbers; csv_bytes guards text against formulas


def as_csv(collaborations) -> bytes:
    """UTF-8 with a byte-order mark; formula-like text made safe (core.spreadsheets)."""
    return csv_bytes(
        headers(), ([_csv_value(value) for value in row] for row in rows(collaborations))
    )


def _date_format() -> str:
    return "yyyy/m/d" if is_japanese() else "d mmm yyyy"


def _write_xlsx_cell(sheet, row: int, column: int, value):
    """Every Excel cell is written through here: dates as date cells (they sort and filter as
    dates), links as hyperlinks."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = _date_format()
    elif isinstance(value, Link):
        cell.value = value.url
        cell.hyperlink = value.url
        cell.style = "Hyperlink"
    else:
        cell.value = value
        if is_formula_like(value):  # text, never a formula (OWASP CSV injection)
            cell.data_type = "s"
            cell.quotePrefix = True
    return cell


WIDTHS = [12, 24, 12, 40, 40, 14, 12, 18, 60, 10, 40, 10, 12, 18]


def as_xlsx(collaborations) -> bytes:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("連携事業一覧")[:31]
    for column, header in enumerate(headers(), start=1):
        _write_xlsx_cell(sheet, 1, column, header).font = Font(bold=True)
    for row_number, row in enumerate(rows(collaborations), start=2):
        for column, value in enumerate(row, start=1):
            cell = _write_xlsx_cell(sheet, row_number, column, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return workbook_bytes(workbook)


def indicator_headers() -> list[str]:
    return [
        _("事業名"),
        _("識別子"),
        _("指標"),
        _("単位"),
        _("目標の向き"),
        _("基準値"),
        _("基準値の時点"),
        _("目標値"),
        _("目標の時点"),
        _("実績値"),
        _("実績の測定日"),
        _("目標達成"),
        _("URL"),
    ]


def indicators_csv(indicators) -> bytes:
    """One row per outcome indicator (with its collaboration), `met` computed."""
    return csv_bytes(
        indicator_headers(),
        (
            [
                _csv_value(value)
                for value in [
                    i.collaboration.title,
                    i.collaboration.slug,
                    i.name,
                    i.unit,
                    str(i.get_direction_display()),
                    i.baseline,
                    i.baseline_on,
                    i.target,
                    i.target_on,
                    i.actual,
                    i.actual_on,
                    _("はい") if i.is_met else "",
                    Link(site_url(i.collaboration.get_absolute_url())),
                ]
            ]
            for i in indicators
        ),
    )
