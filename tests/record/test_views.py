import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from record.models import (
    NewsletterIssue,
    PartnerCountSnapshot,
    StrategyPosition,
)
from tests.disaster.record_factories import make_past_disaster
from tests.factories import make_event, make_timeline_entry


def make_snapshots(count: int):
    for year in range(2015, 2015 + count):
        PartnerCountSnapshot.objects.create(
            as_of=datetime.date(year, 8, 1),
            ward_partners=500 + year % 100,
            hp_members=100,
            agreement_members=None if year == 2015 else 372,
            total=900 + year % 100,
        )


def test_timeline_is_grouped_by_year_with_era_labels_and_links(client, db):
    event = make_event(
        "第2回全国連携シンポジウム", kind="symposium", start_date=datetime.date(2017, 1, 19)
    )
    make_timeline_entry(
        "第2回全国連携シンポジウムの開催",
        date=datetime.date(2017, 1, 19),
        kind="event",
        event=event,
    )
    make_timeline_entry(
        "特別区全国連携プロジェクトの実施を決定",
        date=datetime.date(2014, 9, 16),
        organ="区長会総会",
    )
    make_timeline_entry(
        "X（旧Twitter）の運用開始",
        date=datetime.date(2021, 1, 1),
        precision="month",
        kind="publicity",
    )
    body = client.get(reverse("record:timeline"), {"year": ""}).content.decode()
    assert "平成26年 (2014)" in body and "平成29年 (2017)" in body
    assert "平成26年9月16日" in body
    assert "令和3年1月</time>" in body  # month precision, not the 1st
    assert event.get_absolute_url() in body


def test_timeline_filters_by_year_organ_and_kind(client, db):
    make_timeline_entry("実施を決定", date=datetime.date(2014, 9, 16), organ="区長会総会")
    make_timeline_entry(
        "取り組み状況を報告", date=datetime.date(2015, 8, 19), organ="特別区制度懇談会"
    )
    make_timeline_entry("ホームページ運用開始", date=datetime.date(2015, 6, 30), kind="publicity")

    def titles(**params):
        return [
            e.title for e in client.get(reverse("record:timeline"), params).context["object_list"]
        ]

    assert titles(year=2015) == ["取り組み状況を報告", "ホームページ運用開始"]  # newest first
    assert titles(organ="区長会総会", year="") == ["実施を決定"]
    assert titles(kind="publicity", year="") == ["ホームページ運用開始"]


def test_partner_counts_table_chart_note_and_csv(client, db):
    make_snapshots(3)
    body = client.get(reverse("record:partner-counts")).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert body.count('<g class="chart__series chart__series--') == 4
    assert "合計は、各区分の合算値から重複している自治体を除いた実数です" in body
    assert '<th scope="row">平成27年度' in body and "令和元年度" not in body
    response = client.get(reverse("record:partner-counts-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["年度", "fiscal_year", "基準日", "基準日（和暦）", "各区交流自治体"]
    assert rows[1][:9] == [
        "平成27年度",
        "2015",
        "2015-08-01",
        "平成27年8月1日",
        "515",
        "100",
        "",
        "915",
        "",
    ]
    assert len(rows) == 4


def test_latest_snapshot_is_the_one_on_the_top_page(client, db):
    make_snapshots(5)
    body = client.get(reverse("home")).content.decode()
    assert "連携自治体数（令和元年度）" in body
    assert '<span class="figure__value">919</span>' in body


def test_disaster_policy_and_newsletter_pages(client, db):
    make_past_disaster(
        "平成28年熊本地震",
        datetime.date(2016, 4, 14),
        funds_yen=55_000_000,
        staff=[(421, datetime.date(2018, 4, 1)), (430, datetime.date(2021, 1, 1))],
    )
    StrategyPosition.objects.create(
        title="まち・ひと・しごと創生基本方針2019",
        decided_on=datetime.date(2019, 6, 21),
        excerpt="特別区全国連携プロジェクト…",
    )
    NewsletterIssue.objects.create(
        number=1, title="東京23区 全国連携NEWS 創刊号", published_on=datetime.date(2019, 3, 15)
    )
    disaster = client.get(reverse("record:disaster-support")).content.decode()
    assert (
        "55,000,000円" in disaster
        and "421人（平成30年4月1日現在）" in disaster
        and "430人（令和3年1月1日現在）" in disaster
    )
    assert "令和元年6月21日" in client.get(reverse("record:strategy-positions")).content.decode()
    assert "平成31年3月15日" in client.get(reverse("record:newsletters")).content.decode()


def test_sitemap_lists_public_pages(client, db):
    event = make_event()
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
    assert sorted(sections) == [
        "/sitemap-agreements.xml",
        "/sitemap-collaborations.xml",
        "/sitemap-disasters.xml",
        "/sitemap-events.xml",
        "/sitemap-library.xml",
        "/sitemap-municipalities.xml",
        "/sitemap-news.xml",
        "/sitemap-pages.xml",
        "/sitemap-surveys.xml",
    ]
    body = "".join(client.get(section).content.decode() for section in sections)
    assert event.get_absolute_url() in body and reverse("record:timeline") in body
    assert reverse("bulletin:collaboration-list") in body
    assert reverse("bulletin:proposal-list") not in body  # members only


def grow_snapshots(index):
    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(2015 + index, 8, 1),
        ward_partners=500 + index,
        hp_members=100,
        agreement_members=372,
        total=900 + index,
    )


def test_sitemap_sections_list_every_item_at_its_address(client, load_shipped):
    from agreements.models import AgreementBody
    from bulletin.models import Collaboration
    from members.models import Municipality

    load_shipped("collaborations")  # the register, agreements, events and collaborations
    for section, items in [
        ("events", Event.objects.all()),
        ("agreements", AgreementBody.objects.all()),
        ("collaborations", Collaboration.objects.all()),
        ("municipalities", Municipality.objects.all()),
    ]:
        body = client.get(f"/sitemap-{section}.xml").content.decode()
        listed = re.findall(r"<loc>http://testserver([^<]+)</loc>", body)
        addresses = [item.get_absolute_url() for item in items]
        # Each page once per language: the Japanese address and its /en/ twin.
        assert sorted(listed) == sorted(addresses + [f"/en{url}" for url in addresses]), section
    index = client.get("/sitemap.xml").content.decode()
    latest = max(e.updated_at for e in Event.objects.all())
    assert f"<lastmod>{timezone.localtime(latest).isoformat()}</lastmod>" in index


@pytest.mark.parametrize(
    ("url_name", "grow", "max_queries"),
    [
        (
            "record:timeline",
            lambda i: make_timeline_entry(
                f"記録{i}", date=datetime.date(2024, 1 + i % 12, 1 + i % 28), event=make_event()
            ),
            5,
        ),
        # + outcomes, member figures, + 4 for the coverage lines, + the closed yearly confirmations
        ("record:partner-counts", grow_snapshots, 9),
        (
            "record:disaster-support",
            lambda i: make_past_disaster(
                f"災害{i}",
                datetime.date(2010 + i % 10, 1, 1),
                funds_yen=i,
                ward_donations_yen=i,
                staff=[(i, datetime.date(2018, 4, 1))],
            ),
            3,
        ),
        (
            "record:strategy-positions",
            lambda i: StrategyPosition.objects.create(
                title=f"方針{i}",
                decided_on=datetime.date(2015, 6, 1) + datetime.timedelta(days=i),
                excerpt="…",
            ),
            2,
        ),
        (
            "record:newsletters",
            lambda i: NewsletterIssue.objects.create(number=100 + i, title=f"第{i}号"),
            2,
        ),
        (
            "home",
            lambda i: (make_event(f"催し{i}"), make_timeline_entry(f"記録{i}"), grow_snapshots(i)),
            11,  # + the latest news, + the open disasters (the banner, disaster/banner.py)
        ),
    ],
)
def test_list_pages_run_the_same_number_of_queries_with_few_and_many_rows(
    client, db, assert_queries_constant, url_name, grow, max_queries
):
    (response,) = assert_queries_constant(reverse(url_name), grow, max_queries=max_queries)
    # The page shows the grown data (the last row made, or the latest figures).
    assert response.context is not None
    body = response.content.decode()
    shown = {
        "record:timeline": "記録39",
        "record:partner-counts": "令和36年度",  # 2054
        "record:disaster-support": "災害39",
        "record:strategy-positions": "方針29",  # 30 a page, oldest first
        "record:newsletters": "第39号",
        "home": "連携自治体数（令和36年度）",
    }[url_name]
    assert shown in body, shown


def test_timeline_opens_on_the_whole_history_newest_first(client, db):
    make_timeline_entry("実施を決定", date=datetime.date(2014, 9, 16))
    make_timeline_entry("ホームページ運用開始", date=datetime.date(2015, 6, 30))
    make_timeline_entry("取り組み状況を報告", date=datetime.date(2023, 3, 1))
    titles = [e.title for e in client.get(reverse("record:timeline")).context["object_list"]]
    assert titles == ["取り組み状況を報告", "ホームページ運用開始", "実施を決定"]
