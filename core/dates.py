"""Japanese era (和暦) and fiscal year (年度): the one place the portal computes and formats them.

The fiscal year runs 1 April to 31 March and is named by the year it starts in; the era changed
from 平成 to 令和 on 2019-05-01, and fiscal year 2019 is called 令和元年度, as the documents do.
"""

import datetime
import re
import unicodedata

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# (first day, name), newest first.
ERAS = (
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
)
_REIWA_START = ERAS[0][0]


def _era_year(name: str, number: int) -> str:
    return f"{name}{'元' if number == 1 else number}年"


def era_of(day: datetime.date) -> tuple[str, int]:
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"no era for {day}")


def era_year(day: datetime.date) -> str:
    """2019-04-30 → 平成31年, 2019-05-01 → 令和元年."""
    return _era_year(*era_of(day))


def era_date(day: datetime.date, *, precision: str = "day") -> str:
    """令和6年3月8日 (or 令和3年1月 with month precision)."""
    text = f"{era_year(day)}{day.month}月"
    return text if precision == "month" else f"{text}{day.day}日"


def fiscal_year_of(day: datetime.date) -> int:
    """2019-03-31 → 2018 (平成30年度); 2019-04-01 → 2019."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def fiscal_year_label(fiscal_year: int) -> str:
    """2018 → 平成30年度; 2019 → 令和元年度 (the fiscal year that starts in 令和's first year)."""
    if fiscal_year >= _REIWA_START.year:
        return _era_year("令和", fiscal_year - _REIWA_START.year + 1) + "度"
    return era_year(datetime.date(fiscal_year, 4, 1)) + "度"


def era_year_label(year: int) -> str:
    """Heading for a calendar year: 平成26年 (2014); 2019 is 平成31年・令和元年 (2019)."""
    first, last = era_year(datetime.date(year, 1, 1)), era_year(datetime.date(year, 12, 31))
    return f"{first} ({year})" if first == last else f"{first}・{last} ({year})"


# In the active language -------------------------------------------------------------------------
# Japanese pages read 和暦 with the western year; English pages read 1 Aug 2023 and FY2023.


def is_japanese() -> bool:
    return (translation.get_language() or "ja").startswith("ja")


def fiscal_year_text(fiscal_year: int) -> str:
    """令和5年度 in Japanese, FY2023 in English."""
    return fiscal_year_label(fiscal_year) if is_japanese() else f"FY{fiscal_year}"


def english_date(day: datetime.date, *, precision: str = "day") -> str:
    """1 Aug 2023 (or Aug 2023 with month precision)."""
    return f"{day:%b %Y}" if precision == "month" else f"{day.day} {day:%b %Y}"


def date_text(day: datetime.date, *, precision: str = "day") -> str:
    """令和6年3月8日（2024年3月8日）in Japanese, 8 Mar 2024 in English; a date known only to the
    month or the fiscal year says only that (令和3年1月（2021年1月）, 令和2年度, FY2020)."""
    if precision == "fiscal_year":
        return fiscal_year_text(fiscal_year_of(day))
    if not is_japanese():
        return english_date(day, precision=precision)
    western = f"{day.year}年{day.month}月" + ("" if precision == "month" else f"{day.day}日")
    return f"{era_date(day, precision=precision)}（{western}）"


def era_date_text(day: datetime.date, *, precision: str = "day") -> str:
    """令和6年3月8日 in Japanese (the era alone, where a page lists many dates), 8 Mar 2024 in
    English."""
    if is_japanese():
        return era_date(day, precision=precision)
    if precision == "fiscal_year":
        return fiscal_year_text(fiscal_year_of(day))
    return english_date(day, precision=precision)


def year_heading(year: int) -> str:
    """平成26年 (2014) in Japanese, 2014 in English."""
    return era_year_label(year) if is_japanese() else str(year)


class DatePrecision(models.TextChoices):
    """How much of a stored date the documents give: the rest of the date is a placeholder."""

    DAY = "day", _("日付まで")
    MONTH = "month", _("月まで")
    FISCAL_YEAR = "fiscal_year", _("年度のみ（日付は資料に記載なし）")


_ERA_INPUT = re.compile(
    r"^\s*(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$"
)
_ERA_STARTS = {"令和": 2019, "平成": 1989, "昭和": 1926, "R": 2019, "H": 1989, "S": 1926}


def parse_era_date(text: str) -> datetime.date | None:
    """令和6年8月1日 (or R6.8.1, 平成31年4月30日, 令和元年5月1日) → a date; None if it is not one.

    A day outside its era (平成32年, 令和元年4月1日) is refused rather than guessed."""
    match = _ERA_INPUT.match(unicodedata.normalize("NFKC", text or ""))
    if not match:
        return None
    era, number, month, day = match.groups()
    era = {"R": "令和", "H": "平成", "S": "昭和"}.get(era, era)
    year = _ERA_STARTS[era] + (1 if number == "元" else int(number)) - 1
    try:
        result = datetime.date(year, int(month), int(day))
    except ValueError:
        return None
    return result if era_of(result)[0] == era else None


def parse_date_cell(value) -> datetime.date | None:
    """A spreadsheet's date cell: a date, 2015-11-18, 2015/11/18, 2015.11.18, 2015年11月18日 or
    an era date (平成27年11月18日, H27.11.18); None if it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    western = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?", text)
    if western:
        text = "-".join(western.groups())
    text = text.replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        return parse_era_date(text)
