"""An event's registrants as rows, for CSV and Excel (the secretariat's admin export)."""

from django.utils.translation import gettext as _

from core.spreadsheets import append_row, csv_bytes, new_workbook, workbook_bytes


def _cell(value) -> str:
    """Anyone may register: formula-like text is kept as text by core.spreadsheets."""
    return "" if value is None else str(value)


def headers() -> list[str]:
    return [
        _("イベント"),
        _("開催日"),
        _("状態"),
        _("氏名"),
        _("所属（自治体・企業・団体名など）"),
        _("自治体（会員の場合）"),
        _("メールアドレス"),
        _("申込日時"),
        _("キャンセル日時"),
    ]


def rows(registrations) -> list[list[str]]:
    def when(moment):
        return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""

    return [
        [
            _cell(r.event.title),
            r.event.start_date.isoformat(),
            str(r.get_status_display()),
            _cell(r.name),
            _cell(r.organisation),
            _cell(
                f"{r.municipality.prefecture.name}{r.municipality.name}" if r.municipality else ""
            ),
            _cell(r.email),
            when(r.created_at),
            when(r.cancelled_at),
        ]
        for r in registrations
    ]


def as_csv(registrations) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Japanese text correctly."""
    return csv_bytes(headers(), rows(registrations))


def as_xlsx(registrations) -> bytes:
    from openpyxl.styles import Font

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("参加申込")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(registrations):
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)
