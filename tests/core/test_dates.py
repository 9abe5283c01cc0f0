import datetime

import pytest

from core.dates import (
    era_date,
    era_year,
    era_year_label,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2014, 9, 16), "平成26年"),
        (datetime.date(2019, 4, 30), "平成31年"),
        (datetime.date(2019, 5, 1), "令和元年"),
        (datetime.date(2020, 1, 1), "令和2年"),
        (datetime.date(1989, 1, 7), "昭和64年"),
        (datetime.date(1989, 1, 8), "平成元年"),
    ],
)
def test_era_year_changes_on_the_first_day_of_the_era(day, expected):
    assert era_year(day) == expected


@pytest.mark.parametrize(
    ("day", "fiscal_year", "label"),
    [
        (datetime.date(2019, 3, 31), 2018, "平成30年度"),
        (datetime.date(2019, 4, 1), 2019, "令和元年度"),
        (datetime.date(2019, 1, 11), 2018, "平成30年度"),  # 平成30年度 第2回 in 平成31年1月
        (datetime.date(2024, 3, 8), 2023, "令和5年度"),
        (datetime.date(2015, 4, 1), 2015, "平成27年度"),
    ],
)
def test_fiscal_year_runs_april_to_march_and_is_named_by_its_first_year(day, fiscal_year, label):
    assert fiscal_year_of(day) == fiscal_year
    assert fiscal_year_label(fiscal_year) == label


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2019) == (datetime.date(2019, 4, 1), datetime.date(2020, 3, 31))


def test_era_dates_and_year_headings():
    assert era_date(datetime.date(2024, 3, 8)) == "令和6年3月8日"
    assert era_date(datetime.date(2021, 1, 1), precision="month") == "令和3年1月"
    assert era_year_label(2014) == "平成26年 (2014)"
    assert era_year_label(2019) == "平成31年・令和元年 (2019)"


def test_template_filters_show_era_and_western_year_in_tokyo_time():
    from core.templatetags.japanese_dates import era_date_western, era_datetime

    # 15:30 UTC on 30 April 2019 is already 1 May (令和元年) in Tokyo.
    moment = datetime.datetime(2019, 4, 30, 15, 30, tzinfo=datetime.UTC)
    assert era_date_western(moment) == "令和元年5月1日（2019年5月1日）"
    assert era_datetime(moment) == "令和元年5月1日（2019年5月1日） 00:30"
    assert era_date_western(datetime.date(2021, 1, 1), "month") == "令和3年1月（2021年1月）"
