"""Template filters: {{ day|era_date }}, {{ day|era_date_western }}, {{ 2019|fiscal_year }}."""

import datetime

from django import template
from django.utils import timezone

from core import dates as japanese_dates

register = template.Library()


@register.filter
def era_date(day: datetime.date | None, precision: str = "day") -> str:
    """令和6年3月8日 in Japanese, 8 Mar 2024 in English."""
    if not day:
        return ""
    return japanese_dates.era_date_text(_as_local_date(day), precision=precision or "day")


def _as_local_date(day):
    if isinstance(day, datetime.datetime):
        return timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day


@register.filter
def era_date_western(day: datetime.date | None, precision: str = "day") -> str:
    """令和6年3月8日（2024年3月8日）in Japanese, 8 Mar 2024 in English; a date known only to the
    month or the fiscal year says only that (令和3年1月（2021年1月）, 令和2年度, FY2020)."""
    if not day:
        return ""
    return japanese_dates.date_text(_as_local_date(day), precision=precision or "day")


@register.filter
def era_year(day: datetime.date | None) -> str:
    return japanese_dates.era_year(day) if day else ""


@register.filter
def fiscal_year(year: int | None) -> str:
    if year in (None, ""):
        return ""
    return japanese_dates.fiscal_year_text(int(year))


@register.filter
def era_year_label(year: int) -> str:
    """平成26年 (2014) in Japanese, 2014 in English."""
    return japanese_dates.year_heading(int(year))


@register.filter
def era_datetime(moment: datetime.datetime | None) -> str:
    """令和8年11月23日（2026年11月23日）14:05, in Tokyo time."""
    if not moment:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{era_date_western(local.date())} {local:%H:%M}"


@register.filter
def iso_datetime(moment: datetime.datetime | None) -> str:
    """For <time datetime>: 2026-11-23T14:05:09+09:00, in Tokyo time, without microseconds
    (which the HTML validators refuse)."""
    if not moment:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.replace(microsecond=0).isoformat()
