"""Importing the register of ties from CSV or XLSX: a preview first, then all rows or none.

Columns (the header row names them, in any order): 識別子 (optional: the row's key; without it one
is made from the ward, the kind and the partners), 区, 相手の自治体 (names or codes, separated
by 、 ・ ; or , in half or full width), 地域名, 種類 (a kind's name, or a part of it that names
only one kind), 開始日, 出典, 備考.

Rows that share a typed 識別子 and agree on everything but the partners are one tie with all
their partners: the XLSX template (ties_export.template_xlsx) writes one row per ward and partner
municipality, and reads back as the register it came from.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import spreadsheets
from core.dates import parse_date_cell
from core.public_cache import bump_stamp
from members.models import Municipality

from .models import Tie, TieKind
from .services import tie_record_admin_change, tie_snapshot

COLUMNS = {
    "識別子": "slug",
    "区": "ward",
    "相手の自治体": "municipalities",
    "地域名": "area_name",
    "種類": "kind",
    "開始日": "since",
    "出典": "source",
    "備考": "note",
}
SHEET = "交流関係"  # the sheet read from a workbook that has one (the template's), else the first
ADD, CHANGE, UNCHANGED, REFUSE = "add", "change", "unchanged", "refuse"
MERGED = "merged"  # a further partner of the tie on an earlier row with the same 識別子
# Every row is looked up in the register: these keep a preview within a second or two. The
# register holds a few hundred ties; a larger file is split.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000  # not counting the header
TOO_LARGE = _lazy("ファイルが大きすぎます。1MBまでにしてください。")
TOO_MANY_ROWS = _lazy("行が多すぎます。%(rows)s行までに分けてください。")


@dataclass
class Row:
    line: int
    action: str
    values: dict = field(default_factory=dict)  # what will be stored (pks for relations)
    display: dict = field(default_factory=dict)  # the row as typed
    reason: str = ""
    # What the row was read as, shown in the preview beside what was typed.
    kind_label: str = ""
    since: datetime.date | None = None
    partners: list = field(default_factory=list)


def read_table(name: str, content: bytes) -> list[dict]:
    """The file's rows as dicts keyed by the header (CSV in UTF-8 with or without BOM, or XLSX).

    A file past MAX_BYTES or MAX_ROWS, with a NUL, or that is no CSV or workbook is refused with a
    ValidationError (a form error), before any row is looked up.
    """
    if len(content) > MAX_BYTES:
        raise ValidationError(TOO_LARGE)
    if name.lower().endswith(".xlsx"):
        try:
            # The template's sheet, whichever sheet was left active when it was saved.
            rows = spreadsheets.xlsx_rows(content, max_rows=MAX_ROWS + 1, sheet=SHEET)
        except spreadsheets.TooManyRows:
            raise ValidationError(TOO_MANY_ROWS % {"rows": MAX_ROWS}) from None
        except spreadsheets.UnreadableSpreadsheet:
            raise ValidationError(
                _("Excelのファイル（.xlsx）として読み取れません。保存し直してください。")
            ) from None
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("CSVはUTF-8で保存してください。")) from None
        if "\x00" in text:
            raise ValidationError(_("CSVに使えない文字（NUL）が含まれています。"))
        try:
            rows = spreadsheets.csv_rows(text, max_rows=MAX_ROWS + 1)
        except spreadsheets.TooManyRows:
            raise ValidationError(TOO_MANY_ROWS % {"rows": MAX_ROWS}) from None
        except spreadsheets.UnreadableSpreadsheet:
            raise ValidationError(_("CSVとして読み取れません。保存し直してください。")) from None
    else:
        raise ValidationError(_("CSV（.csv）かExcel（.xlsx）のファイルを選んでください。"))
    if any(isinstance(cell, str) and "\x00" in cell for row in rows for cell in row):
        raise ValidationError(_("ファイルに使えない文字（NUL）が含まれています。"))
    if not rows:
        raise ValidationError(_("ファイルが空です。"))
    header = [str(cell).strip() for cell in rows[0]]
    missing = [name for name in ("区", "種類") if name not in header]
    if missing:
        raise ValidationError(
            _("見出しの行に必要な列がありません：%(columns)s") % {"columns": "、".join(missing)}
        )
    return [
        {COLUMNS[h]: row[i] for i, h in enumerate(header) if h in COLUMNS and i < len(row)}
        for row in rows[1:]
        if any(str(cell).strip() for cell in row)
    ]


# 、 ・ ; , and their full-width forms (NFKC turns ；，into ;,, but not 、 or ・).
PARTNER_SEPARATORS = re.compile(r"[、・;,､･]")


def _kind(text: str) -> tuple[str | None, str]:
    """The kind a cell names: its code, its name, or a part of its name that only one kind's name
    contains (「友好都市」, 「災害」). A part shared by several (「協定」) is refused, not guessed."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None, _("種類が空です（%(kinds)s のいずれか）") % {"kinds": _kind_names()}
    for kind in TieKind:
        if text in (kind.value, unicodedata.normalize("NFKC", str(kind.label))):
            return kind.value, ""
    candidates = [
        kind for kind in TieKind if text in unicodedata.normalize("NFKC", str(kind.label))
    ]
    if len(candidates) == 1:
        return candidates[0].value, ""
    if candidates:
        return None, _("種類「%(text)s」は%(kinds)sのどれか決められません") % {
            "text": text,
            "kinds": "、".join(f"「{kind.label}」" for kind in candidates),
        }
    return None, _("種類が分かりません（%(kinds)s のいずれか）") % {"kinds": _kind_names()}


def _kind_names() -> str:
    return "、".join(str(kind.label) for kind in TieKind)


def _partner_names(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFKC", text)
    return [name.strip() for name in PARTNER_SEPARATORS.split(normalized) if name.strip()]


def _one(text: str, *, ward: bool) -> tuple[Municipality | None, str]:
    found = list(Municipality.objects.named(text).select_related("prefecture")[:2])
    if ward:
        found = [m for m in found if m.is_special_ward]
    if not found:
        return None, _("「%(name)s」が見つかりません") % {"name": text}
    if len(found) > 1:
        return None, _("「%(name)s」は複数あります（都道府県名か団体コードで）") % {"name": text}
    return found[0], ""


def preview(table: list[dict]) -> list[Row]:
    """What importing these rows would do, row by row, with the reason for each refusal."""
    result, seen = [], {}
    for index, raw in enumerate(table, start=2):  # line 1 is the header
        display = {key: str(value).strip() for key, value in raw.items()}
        row = Row(line=index, action=REFUSE, display=display)
        result.append(row)
        ward, error = _one(display.get("ward", ""), ward=True)
        if error:
            row.reason = _("区：") + error
            continue
        kind, error = _kind(display.get("kind", ""))
        if kind is None:
            row.reason = error
            continue
        row.kind_label = str(TieKind(kind).label)
        partners, errors = [], []
        for name in _partner_names(display.get("municipalities", "")):
            municipality, error = _one(name, ward=False)
            (errors.append(error) if error else partners.append(municipality))
        row.partners = partners
        if errors:
            row.reason = _("相手の自治体：") + "、".join(errors)
            continue
        area = display.get("area_name", "")
        if not partners and not area:
            row.reason = _("相手の自治体か地域名のどちらかが必要です")
            continue
        since_text = display.get("since", "")
        since = parse_date_cell(raw.get("since", "")) if since_text else None
        if since_text and since is None:
            row.reason = _("開始日「%(date)s」が読めません") % {"date": since_text}
            continue
        row.since = since
        slug = display.get("slug") or _slug(ward, kind, partners, area)
        values = {
            "slug": slug,
            "ward": ward.pk,
            "kind": kind,
            "area_name": area[:100],
            "since": since.isoformat() if since else None,
            "source": display.get("source", "")[:200],
            "note": display.get("note", ""),
            "municipalities": sorted(m.pk for m in partners),
        }
        first = seen.get(slug)
        if first is not None:
            if not display.get("slug") or not _same_tie(first.values, values):
                row.reason = _("同じ交流関係がファイル内で重複しています")
                continue
            first.values["municipalities"] = sorted(
                set(first.values["municipalities"]) | set(values["municipalities"])
            )
            first.partners += [m for m in partners if m not in first.partners]
            row.action = MERGED
            row.values = values
            row.reason = _("%(line)s行目の交流関係の相手として取り込みます") % {"line": first.line}
            continue
        row.values = values
        row.action = ADD  # decided below, once every row of the tie is read
        seen[slug] = row
    for row in seen.values():
        existing = Tie.objects.filter(slug=row.values["slug"]).first()
        if existing is None:
            row.action = ADD
        elif _current(existing) == row.values:
            row.action = UNCHANGED
        else:
            row.action = CHANGE
    return result


def _same_tie(first: dict, other: dict) -> bool:
    """Two rows of one tie agree on everything but the partners."""
    return {k: v for k, v in first.items() if k != "municipalities"} == {
        k: v for k, v in other.items() if k != "municipalities"
    }


def _slug(ward, kind, partners, area) -> str:
    key = ",".join(sorted(m.code for m in partners)) or area
    return f"{ward.code}-{kind}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def _current(tie: Tie) -> dict:
    return {
        "slug": tie.slug,
        "ward": tie.ward_id,
        "kind": tie.kind,
        "area_name": tie.area_name,
        "since": tie.since.isoformat() if tie.since else None,
        "source": tie.source,
        "note": tie.note,
        "municipalities": sorted(tie.municipalities.values_list("pk", flat=True)),
    }


@transaction.atomic
def apply(rows: list[Row], *, user) -> dict:
    """Write every row, or none: refused rows stop the import before anything is written. Each
    added or changed tie joins the history as the importing secretariat's change."""

    refused = [row for row in rows if row.action == REFUSE]
    if refused:
        raise ValidationError(
            _("取り込めない行があります。ファイルを直してからやり直してください。")
        )
    counts = {ADD: 0, CHANGE: 0, UNCHANGED: 0}
    for row in rows:
        if row.action == MERGED:
            continue
        values = dict(row.values)
        municipalities = values.pop("municipalities")
        since = values.pop("since")
        existing = Tie.objects.filter(slug=values["slug"]).first()
        before = tie_snapshot(existing) if existing else None
        tie, _created = Tie.objects.update_or_create(
            slug=values.pop("slug"),
            defaults={
                **{key: value for key, value in values.items() if key != "ward"},
                "ward_id": values["ward"],
                "since": datetime.date.fromisoformat(since) if since else None,
            },
        )
        tie.full_clean()
        tie.municipalities.set(municipalities)
        tie_record_admin_change(user=user, tie=tie, before=before)
        counts[row.action] += 1
    bump_stamp()
    return counts
