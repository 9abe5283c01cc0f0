"""Importing collaborations' results from CSV: progress entries (経過) and indicator measurements
(実績), a preview first, then every row or none (as network/ties_import.py does for ties).

Columns (the header row names them, in any order): 識別子 (the collaboration's, as in its page's
URL), 種別 (経過 or 実績), 日付, 内容 (an entry's text), 状況 (optional: the collaboration's state
from then on), 指標 (a measured indicator's name), 実績値. The file is UTF-8, with or without a
byte-order mark (Excel's 「CSV UTF-8（コンマ区切り）」), as the ties import reads it.

A measurement replaces the indicator's latest actual (the indicator keeps one, with its date); an
entry already on record (same collaboration, date and text) is left as it is, so a file imported
twice adds nothing. What a cell holds is stored as text: a cell that looks like a formula is
never evaluated (and is no number).
"""

import datetime
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import spreadsheets
from core.dates import parse_date_cell

from . import permissions
from .forms.results import EARLIEST, MAX_VALUE
from .models import Collaboration, CollaborationState, ProgressEntry
from .models.collaborations import DECIMAL_PLACES
from .services.results import collaboration_set_state, indicator_save, progress_entry_add

COLUMNS = {
    "識別子": "slug",
    "種別": "kind",
    "日付": "date",
    "内容": "text",
    "状況": "state",
    "指標": "indicator",
    "実績値": "actual",
}
REQUIRED = ("識別子", "種別", "日付")
ENTRY, MEASUREMENT = "entry", "measurement"
KINDS = {"経過": ENTRY, "実績": MEASUREMENT}
ADD, CHANGE, UNCHANGED, REFUSE = "add", "change", "unchanged", "refuse"
# Every row is checked against the records within one request; a larger file is split.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000  # not counting the header
MAX_TEXT = ProgressEntry._meta.get_field("text").max_length
TOO_LARGE = _lazy("ファイルが大きすぎます。1MBまでにしてください。")
TOO_MANY_ROWS = _lazy("行が多すぎます。%(rows)s行までに分けてください。")
NUMBER = re.compile(rf"[0-9]{{1,{len(str(MAX_VALUE))}}}(?:\.[0-9]{{1,{DECIMAL_PLACES}}})?")


@dataclass
class Row:
    line: int
    action: str = REFUSE
    display: dict = field(default_factory=dict)  # the row as typed
    reason: str = ""
    kind: str = ""
    collaboration: Collaboration | None = None
    date: datetime.date | None = None
    text: str = ""
    state: str = ""  # the collaboration's state set by this row ("" leaves it)
    ended_on: datetime.date | None = None  # set with 完了 when none is on record
    indicator: object = None
    actual: Decimal | None = None
    changes: list = field(default_factory=list)  # what will change, in words
    notes: list = field(default_factory=list)  # what a reader should know, changing nothing

    @property
    def kind_label(self) -> str:
        return {ENTRY: _("経過"), MEASUREMENT: _("実績")}.get(self.kind, "")

    def written(self) -> list:
        """What confirming writes for this row (the preview's fingerprint is made of these)."""
        return [
            self.line,
            self.action,
            self.kind,
            self.collaboration.pk if self.collaboration else None,
            self.date.isoformat() if self.date else None,
            self.text,
            self.state,
            self.ended_on.isoformat() if self.ended_on else None,
            self.indicator.pk if self.indicator else None,
            str(self.actual) if self.actual is not None else None,
            [str(change) for change in self.changes],  # as the preview said it (from → to)
            [str(note) for note in self.notes],
        ]


def read_table(name: str, content: bytes) -> list[dict]:
    """The file's rows as dicts keyed by the columns' names (see COLUMNS).

    A file past MAX_BYTES or MAX_ROWS, not UTF-8, with a NUL, empty, without a required column
    or naming a column twice is refused with a ValidationError (a form error), before any row
    is looked up.
    """
    if len(content) > MAX_BYTES:
        raise ValidationError(TOO_LARGE)
    if not name.lower().endswith(".csv"):
        raise ValidationError(_("CSV（.csv）のファイルを選んでください。"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_encoding_error(content)) from None
    if "\x00" in text:
        raise ValidationError(_("CSVに使えない文字（NUL）が含まれています。"))
    try:
        rows = spreadsheets.csv_rows(text, max_rows=MAX_ROWS + 1)
    except spreadsheets.TooManyRows:
        raise ValidationError(TOO_MANY_ROWS % {"rows": MAX_ROWS}) from None
    except spreadsheets.UnreadableSpreadsheet:
        raise ValidationError(_("CSVとして読み取れません。保存し直してください。")) from None
    header = [unicodedata.normalize("NFKC", cell).strip() for cell in rows[0]] if rows else []
    if not any(header):
        raise ValidationError(_("ファイルが空です。"))
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ValidationError(
            _("見出しの行に必要な列がありません：%(columns)s") % {"columns": "、".join(missing)}
        )
    twice = sorted({h for h in header if h in COLUMNS and header.count(h) > 1}, key=header.index)
    if twice:
        raise ValidationError(
            _("見出しの行に同じ列が2つあります：%(columns)s") % {"columns": "、".join(twice)}
        )
    table = [
        {COLUMNS[h]: row[i] for i, h in enumerate(header) if h in COLUMNS and i < len(row)}
        for row in rows[1:]
        if any(cell.strip() for cell in row)
    ]
    if not table:
        raise ValidationError(_("ファイルが空です（見出しの行のほかに行がありません）。"))
    return table


def _encoding_error(content: bytes) -> str:
    try:
        content.decode("cp932")
    except UnicodeDecodeError:
        return _("CSVはUTF-8で保存してください。")
    return _(
        "Shift_JISで保存されたCSVのようです。Excelの「名前を付けて保存」で"
        "「CSV UTF-8（コンマ区切り）」を選んで保存し直してください。"
    )


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _number(text: str) -> Decimal | None:
    """0 or more, at most two decimals, within the column's digits (1,234.5 as well): else None.
    No sign, exponent, NaN or formula: a cell is read as typed, never evaluated."""
    text = _normalized(text).replace(",", "")
    if not NUMBER.fullmatch(text):
        return None
    value = Decimal(text)
    return value if value <= MAX_VALUE else None


def _state(text: str) -> str | None:
    """A state's Japanese name (準備中…), whatever the page's language, or its code."""
    text = _normalized(text)
    with translation.override("ja"):
        for state in CollaborationState:
            if text in (state.value, str(state.label)):
                return state.value
    return None


def _state_names() -> str:
    return "・".join(str(state.label) for state in CollaborationState)


def _collaborations(slugs, *, lock: bool) -> dict:
    collaborations = Collaboration.objects.filter(slug__in=slugs).prefetch_related("indicators")
    if lock:  # confirming: the rows read are the rows written
        collaborations = collaborations.select_for_update(of=("self",))
    return {c.slug: c for c in collaborations}


def preview(table: list[dict], *, user, lock: bool = False) -> list[Row]:
    """What importing these rows would do, row by row, with the reason for each refusal. Reads
    a fixed number of queries (plus one per collaboration for the user's right to record)."""
    displays = [{key: str(value).strip() for key, value in raw.items()} for raw in table]
    collaborations = _collaborations({d.get("slug", "") for d in displays}, lock=lock)
    recorded = set(
        ProgressEntry.objects.filter(collaboration__in=collaborations.values()).values_list(
            "collaboration_id", "date", "text"
        )
    )
    allowed = {c.pk: permissions.can_record_results(user, c) for c in collaborations.values()}
    seen: dict = {}  # an entry's or a measurement's key → the line it was first on
    today = timezone.localdate()
    rows = []
    for line, display in enumerate(displays, start=2):  # line 1 is the header
        row = Row(line=line, display=display)
        rows.append(row)
        row.reason = _check(row, collaborations, allowed, today)
        if row.reason:
            continue
        if row.kind == ENTRY:
            key = (ENTRY, row.collaboration.pk, row.date, row.text)
        else:
            key = (MEASUREMENT, row.indicator.pk)
        if key in seen:
            row.reason = (
                _("%(line)s行目と同じ経過です")
                if row.kind == ENTRY
                else _("%(line)s行目と同じ指標の実績です（1つの指標に1行）")
            ) % {"line": seen[key]}
            continue
        seen[key] = line
    _states(rows)
    for row in rows:
        if not row.reason:
            _describe(row, recorded)
    return rows


def _states(rows: list[Row]) -> None:
    """A collaboration keeps one state: that of its latest-dated row naming one (the state from
    that day on); the others are passed over, said so. 完了 without an end on record ends it on
    the row's date."""
    latest: dict = {}
    for row in rows:
        if row.state and not row.reason:
            other = latest.get(row.collaboration.pk)
            if other is None or (row.date, row.line) > (other.date, other.line):
                latest[row.collaboration.pk] = row
    for row in rows:
        if not row.state or row.reason:
            continue
        chosen = latest[row.collaboration.pk]
        if chosen is not row:
            row.state = ""
            row.notes.append(
                _("状況は日付の新しい%(line)s行目のものになります") % {"line": chosen.line}
            )
            continue
        collaboration = row.collaboration
        if row.state == collaboration.state:
            continue
        if row.state == CollaborationState.COMPLETED and collaboration.ended_on is None:
            if collaboration.started_on and row.date < collaboration.started_on:
                row.reason = _("完了の日付が開始日（%(date)s）より前です") % {
                    "date": collaboration.started_on.isoformat()
                }
                continue
            row.ended_on = row.date
        current = collaboration.state
        row.changes.append(
            _("状況：%(old)s → %(new)s")
            % {
                "old": CollaborationState(current).label if current else _("未記録"),
                "new": CollaborationState(row.state).label,
            }
        )
        if row.ended_on:
            row.changes.append(_("終了日：%(date)s") % {"date": row.ended_on.isoformat()})


def _describe(row: Row, recorded: set) -> None:
    """The row's action and, first among its changes, what it adds or changes."""
    if row.kind == ENTRY:
        known = (row.collaboration.pk, row.date, row.text) in recorded
        if not known:
            row.changes.insert(0, _("経過を追加"))
    else:
        indicator = row.indicator
        known = (indicator.actual, indicator.actual_on) == (row.actual, row.date)
        if not known:
            row.changes.insert(
                0,
                _("実績値：%(old)s → %(new)s")
                % {
                    "old": _measured(indicator.actual, indicator.actual_on, indicator.unit),
                    "new": _measured(row.actual, row.date, indicator.unit),
                },
            )
    row.action = ADD if row.kind == ENTRY and not known else CHANGE if row.changes else UNCHANGED


def _measured(value, day, unit) -> str:
    if value is None:
        return _("未測定")
    return f"{value.normalize():f}{unit}（{day.isoformat()}）"


def _check(row: Row, collaborations: dict, allowed: dict, today) -> str:
    """The reason the row cannot be imported ("" if it can), its values read into the row."""
    display = row.display
    row.kind = KINDS.get(_normalized(display.get("kind", "")), "")
    if not row.kind:
        return _("種別は「経過」か「実績」にしてください")
    slug = display.get("slug", "")
    if not slug:
        return _("識別子が空です")
    row.collaboration = collaborations.get(slug)
    if row.collaboration is None:
        return _(
            "連携事業「%(slug)s」が見つかりません（識別子は連携事業のページのURLの末尾です）"
        ) % {"slug": slug}
    if not allowed[row.collaboration.pk]:
        return _("掲示板から成立した連携事業の経過と実績は、当事者の自治体が記入します")
    if not display.get("date"):
        return _("日付が空です")
    row.date = parse_date_cell(display["date"])
    if row.date is None:
        return _("日付「%(date)s」が読めません") % {"date": display["date"]}
    if not EARLIEST <= row.date <= today:
        return _("日付は%(earliest)sから今日までにしてください") % {
            "earliest": EARLIEST.isoformat()
        }
    if display.get("state"):
        row.state = _state(display["state"]) or ""
        if not row.state:
            return _("状況「%(state)s」が分かりません（%(states)s のいずれか）") % {
                "state": display["state"],
                "states": _state_names(),
            }
    if row.kind == ENTRY:
        return _check_entry(row)
    return _check_measurement(row)


def _check_entry(row: Row) -> str:
    if row.display.get("indicator") or row.display.get("actual"):
        return _("経過の行に指標・実績値は書けません（実績の行に分けてください）")
    row.text = row.display.get("text", "")
    if not row.text:
        return _("内容が空です")
    if len(row.text) > MAX_TEXT:
        return _("内容が長すぎます（%(max)s字まで）") % {"max": MAX_TEXT}
    return ""


def _check_measurement(row: Row) -> str:
    display = row.display
    if display.get("text"):
        return _("実績の行に内容は書けません（経過の行に分けてください）")
    name = _normalized(display.get("indicator", ""))
    if not name:
        return _("指標が空です")
    indicators = list(row.collaboration.indicators.all())
    row.indicator = next((i for i in indicators if _normalized(i.name) == name), None)
    if row.indicator is None:
        return _("指標「%(name)s」はこの連携事業にありません（%(names)s）") % {
            "name": display["indicator"],
            "names": "、".join(i.name for i in indicators) or _("指標の登録なし"),
        }
    if not display.get("actual"):
        return _("実績値が空です")
    row.actual = _number(display["actual"])
    if row.actual is None:
        return _("実績値「%(value)s」は数値として読めません（0以上、小数は2桁まで）") % {
            "value": display["actual"]
        }
    recorded_on = row.indicator.actual_on
    if recorded_on and row.date < recorded_on:
        return _("記録済みの実績（%(date)s）より前の測定です") % {"date": recorded_on.isoformat()}
    return ""


def fingerprint(rows: list[Row]) -> str:
    """A digest of what confirming would write: the preview shown is the import confirmed."""
    payload = json.dumps([row.written() for row in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def confirm(*, table: list[dict], user, expected: str) -> dict:
    """Write the rows of the preview the user saw, all of them or none: refused rows, or records
    changed since the preview (its fingerprint `expected`), stop it before anything is written.
    Each row goes through the same services as the board's forms."""
    rows = preview(table, user=user, lock=True)
    if any(row.action == REFUSE for row in rows):
        raise ValidationError(
            _("取り込めない行があります。ファイルを直してからやり直してください。")
        )
    if fingerprint(rows) != expected:
        raise ValidationError(
            _("確認の後に記録が変わりました。もう一度ファイルを選んで確認してください。")
        )
    counts = {ADD: 0, CHANGE: 0, UNCHANGED: 0}
    for row in rows:
        counts[row.action] += 1
        if row.action == UNCHANGED:
            continue
        collaboration = row.collaboration
        if row.kind == ENTRY and row.action == ADD:
            progress_entry_add(
                user=user, collaboration=collaboration, data={"date": row.date, "text": row.text}
            )
        if row.kind == MEASUREMENT and _measured_differs(row):
            indicator_save(
                user=user,
                collaboration=collaboration,
                data={"actual": row.actual, "actual_on": row.date},
                indicator=row.indicator,
            )
        if row.state and row.state != collaboration.state:
            collaboration_set_state(
                user=user,
                collaboration=collaboration,
                data={
                    "state": row.state,
                    "started_on": collaboration.started_on,
                    "ended_on": row.ended_on or collaboration.ended_on,
                },
            )
    return counts


def _measured_differs(row: Row) -> bool:
    return (row.indicator.actual, row.indicator.actual_on) != (row.actual, row.date)


def template_csv() -> bytes:
    """The file to fill in: the header row (through core.spreadsheets, UTF-8 with BOM)."""
    return spreadsheets.csv_bytes(list(COLUMNS), [])
