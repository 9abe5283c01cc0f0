"""The one-page 状況報告 (A4, landscape) for the headquarters' meeting, through core.spreadsheets
(text stays text: a request's place typed as `=…` is no formula)."""

import datetime

from django.utils.translation import gettext as _

from core.dates import era_date_text
from core.spreadsheets import append_row, new_workbook, workbook_bytes

from . import situation
from .models import Disaster, Profession


def situation_workbook(disaster: Disaster, *, as_of: datetime.datetime) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("状況報告")[:31]
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    append_row(sheet, [_("%(name)s 状況報告") % {"name": disaster.name}])
    append_row(
        sheet,
        [
            _("発生日"),
            era_date_text(disaster.occurred_on),
            _("状態"),
            str(disaster.get_state_display()),
            _("作成日時"),
            as_of.strftime("%Y-%m-%d %H:%M"),
        ],
    )
    append_row(sheet, [])
    append_row(sheet, [_("要請")])
    append_row(
        sheet,
        [_("自治体"), _("内容"), _("必要数"), _("確保"), _("残り"), _("単位"), _("状態")],
    )
    rows = situation.requests_of(disaster)
    for row in rows:
        append_row(
            sheet,
            [
                row.municipality.name,
                row.get_profession_display() if row.profession else row.item,
                row.quantity,
                row.committed_total,
                row.remaining,
                row.unit,
                str(row.get_state_display()),
            ],
        )
    if not rows:
        append_row(sheet, [_("要請はまだありません。")])
    append_row(sheet, [])
    append_row(sheet, [_("各区の支援（報告）")])
    append_row(
        sheet,
        [
            _("特別区"),
            *(f"{label}（{_('名')}）" for label in Profession.labels),
            _("物資（件）"),
            _("区独自の義援金（円）"),
        ],
    )
    lines = situation.ward_matrix(disaster)
    for line in lines:
        append_row(sheet, [line.ward.name, *line.people_cells, line.supplies, line.donation_yen])
    totals = situation.matrix_totals(lines)
    append_row(sheet, [_("合計"), *totals["people"], totals["supplies"], totals["donation_yen"]])
    silent = [line.ward.name for line in lines if not line.has_reported]
    append_row(sheet, [_("未報告の区"), "、".join(silent) or _("なし")])
    funds = list(disaster.funds.all())
    append_row(sheet, [])
    append_row(
        sheet,
        [_("復興支援金（合計）"), sum(fund.amount_yen for fund in funds), _("円")],
    )
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 24
    return workbook_bytes(workbook)
