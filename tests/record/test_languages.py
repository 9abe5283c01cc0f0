"""The public record in both languages: fiscal years, dates and year headings in English on
English pages (table, chart, filters, CSV), 和暦 with the western year on Japanese pages."""

import csv
import datetime
import io
import re

from record.models import ProjectCount
from tests.factories import make_timeline_entry

from .test_views import make_snapshots


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_english_partner_counts_show_fiscal_years_in_english(client, db):
    make_snapshots(9)  # FY2015 … FY2023
    ProjectCount.objects.create(
        as_of=datetime.date(2021, 1, 1),
        label="2020年度（令和2年度）",
        ward_projects=739,
        joint_projects=8,
        total=747,
    )
    body = client.get("/en/partners/").content.decode()
    assert '<th scope="row">FY2023' in body  # the table
    assert re.search(r"<text [^>]*>FY2023</text>", body)  # the chart's axis
    assert '<th scope="row">FY2020</th>' in body  # project counts, from their date
    assert "年度" not in body and "令和" not in body and "平成" not in body

    japanese = client.get("/partners/").content.decode()
    assert '<th scope="row">令和5年度' in japanese
    assert ">令和5年度</text>" in japanese
    assert '<th scope="row">2020年度（令和2年度）</th>' in japanese


def test_english_partner_counts_csv_has_english_headers(client, db):
    make_snapshots(1)
    rows = csv_rows(client.get("/en/partners.csv"))
    assert rows[0] == [
        "Fiscal year",
        "fiscal_year",
        "As of",
        "As of (Japanese calendar)",
        "Municipalities partnered with individual wards",
        "Municipalities registered as website members",
        "Municipalities under wide-area agreements",
        "Total",
        "Notes",
    ]
    assert rows[1][:4] == ["FY2015", "2015", "2015-08-01", "平成27年8月1日"]


def test_english_timeline_years_and_dates_are_in_english(client, db):
    make_timeline_entry("ホームページ運用開始", date=datetime.date(2015, 4, 1), kind="publicity")
    body = client.get("/en/timeline/", {"year": "2015"}).content.decode()
    assert '<h2 id="year-2015">2015</h2>' in body
    assert ">1 Apr 2015</time>" in body
    assert "平成" not in body
    japanese = client.get("/timeline/", {"year": "2015"}).content.decode()
    assert "平成27年 (2015)" in japanese and ">平成27年4月1日</time>" in japanese
