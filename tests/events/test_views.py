import datetime
import json
import re

import icalendar
from django.urls import reverse

from events.models import EventKind, ProgrammeItem, TouringVenue
from tests.factories import make_event, make_ward

LIST_URL = reverse("events:event-list")


def titles(response):
    return sorted(e.title for e in response.context["object_list"])


def make_events():
    make_event(
        "第1回全国連携講演会",
        start_date=datetime.date(2023, 8, 28),
        online=True,
        venue="オンライン",
        slug="lecture-2023-1",
        ordinal=1,
    )
    make_event(
        "第2回全国連携講演会",
        start_date=datetime.date(2024, 1, 30),
        online=True,
        venue="オンライン",
        slug="lecture-2023-2",
        ordinal=2,
    )
    make_event(
        "第1回全国連携講演会（平成30年度）",
        start_date=datetime.date(2018, 7, 26),
        venue="東京区政会館",
        slug="lecture-2018-1",
    )
    make_event(
        "魅力発信イベント",
        kind=EventKind.PROMOTION,
        start_date=datetime.date(2019, 10, 26),
        end_date=datetime.date(2019, 10, 27),
        venue="KITTE（千代田区丸の内）",
    )
    make_event(
        "令和2年度魅力発信イベント",
        kind=EventKind.PROMOTION,
        start_date=datetime.date(2020, 4, 1),
        status="cancelled",
        date_precision="fiscal_year",
    )
    make_event(
        "全国連携展示（群馬県市町村）",
        kind=EventKind.EXHIBITION,
        start_date=datetime.date(2019, 5, 14),
        end_date=datetime.date(2019, 6, 28),
        venue="東京区政会館",
        theme="ぐんま鉄たび湯たび歩きたび",
    )


def test_filters_by_kind_fiscal_year_status_online_venue_and_keyword(client, db):
    make_events()
    assert titles(client.get(LIST_URL, {"kind": "lecture", "fiscal_year": "2023"})) == [
        "第1回全国連携講演会",
        "第2回全国連携講演会",
    ]
    # 2019-05-14 and 2019-10-26 are both in 令和元年度; 2020-04-01 is not.
    assert titles(client.get(LIST_URL, {"fiscal_year": "2019"})) == [
        "全国連携展示（群馬県市町村）",
        "魅力発信イベント",
    ]
    assert titles(client.get(LIST_URL, {"status": "cancelled"})) == ["令和2年度魅力発信イベント"]
    assert len(titles(client.get(LIST_URL, {"online": "1"}))) == 2
    assert len(titles(client.get(LIST_URL, {"online": "0"}))) == 4
    assert titles(client.get(LIST_URL, {"venue": "区政会館"})) == [
        "全国連携展示（群馬県市町村）",
        "第1回全国連携講演会（平成30年度）",
    ]
    assert titles(client.get(LIST_URL, {"q": "鉄たび"})) == ["全国連携展示（群馬県市町村）"]
    empty = client.get(LIST_URL, {"q": "存在しない催し"})
    assert "条件に合うイベントはありません" in empty.content.decode()


def test_fiscal_year_choices_are_labelled_in_the_japanese_era(client, db):
    make_events()
    body = client.get(LIST_URL).content.decode()
    assert '<option value="2019">令和元年度</option>' in body
    assert '<option value="2018">平成30年度</option>' in body


def test_event_page_shows_dates_programme_touring_and_json_ld(client, db):
    ward = make_ward()
    event = make_event(
        "第1回全国連携展示（群馬県市町村）",
        kind=EventKind.EXHIBITION,
        start_date=datetime.date(2019, 5, 14),
        end_date=datetime.date(2019, 6, 28),
        venue="東京区政会館",
        ordinal=1,
    )
    ProgrammeItem.objects.create(
        event=event,
        order=1,
        title="基調講演",
        speaker="神野 直彦",
        affiliation="地方財政審議会会長",
    )
    TouringVenue.objects.create(
        event=event,
        order=1,
        venue="品川区役所",
        municipality=ward,
        start_date=datetime.date(2019, 7, 1),
        end_date=datetime.date(2019, 7, 12),
    )
    body = client.get(event.get_absolute_url()).content.decode()
    assert "令和元年5月14日（2019年5月14日）" in body
    assert "令和元年度 第1回" in body
    assert "神野 直彦" in body and "地方財政審議会会長" in body
    assert "品川区役所" in body and "令和元年7月1日（2019年7月1日）" in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    )
    assert data["@type"] == "Event"
    assert data["startDate"] == "2019-05-14" and data["endDate"] == "2019-06-28"
    assert data["location"]["name"] == "東京区政会館"


def test_cancelled_event_without_a_known_day_says_so(client, db):
    event = make_event(
        "令和2年度魅力発信イベント",
        kind=EventKind.PROMOTION,
        start_date=datetime.date(2020, 4, 1),
        status="cancelled",
        date_precision="fiscal_year",
    )
    body = client.get(event.get_absolute_url()).content.decode()
    assert "令和2年度（日付は資料に記載なし）" in body
    assert "この催しは中止となりました" in body
    ics = reverse("events:event-ics", kwargs={"slug": event.slug})
    assert ics not in body  # no calendar link on the page
    assert client.get(ics).status_code == 404


def test_ics_parses_and_holds_the_events_dates(client, db):
    make_events()
    response = client.get(reverse("events:event-list-ics"), {"kind": "lecture"})
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    found = {
        str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND"))
        for e in calendar.walk("VEVENT")
    }
    assert found["第2回全国連携講演会"] == (datetime.date(2024, 1, 30), datetime.date(2024, 1, 31))
    assert len(found) == 3

    one = client.get(reverse("events:event-ics", kwargs={"slug": "lecture-2023-1"}))
    (vevent,) = icalendar.Calendar.from_ical(one.content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == datetime.date(2023, 8, 28)
    assert str(vevent["LOCATION"]) == "オンライン"

    everything = icalendar.Calendar.from_ical(client.get(reverse("events:event-list-ics")).content)
    multi_day = [e for e in everything.walk("VEVENT") if str(e["SUMMARY"]) == "魅力発信イベント"][0]
    assert multi_day.decoded("DTEND") == datetime.date(2019, 10, 28)  # exclusive end
    # The cancelled event with no known day is not put on anyone's calendar.
    assert "令和2年度魅力発信イベント" not in [str(e["SUMMARY"]) for e in everything.walk("VEVENT")]


def test_atom_feed_lists_new_events(client, db):
    make_events()
    response = client.get(reverse("events:event-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.content.decode().count("<entry>") == 6


def test_list_query_count_does_not_grow(client, db, assert_queries_constant):
    make_events()

    def grow(index):
        make_event(f"講演会{index}", start_date=datetime.date(2015 + index % 9, 6, 1))

    responses = assert_queries_constant(
        LIST_URL,
        grow,
        large=60,
        # The count and the page; the filter's fiscal years, bodies and wards, read again only
        # when the record changes (memoize_per_stamp: tests/core/test_page_costs.py).
        max_queries=5,
        params=[{}, {"kind": "lecture"}],
    )
    assert responses[1].context["paginator"].count == 63  # 60 and the 3 lectures of make_events


def test_detail_query_count_does_not_grow(client, db, assert_queries_constant):
    ward = make_ward()
    event = make_event("展示", kind=EventKind.EXHIBITION)

    def grow(index):
        TouringVenue.objects.create(
            event=event, order=index, venue=f"区役所{index}", municipality=ward
        )
        ProgrammeItem.objects.create(event=event, order=index, title=f"講演{index}")

    # 9: one of them is the library's materials of the event (record's section of the page).
    (response,) = assert_queries_constant(event.get_absolute_url(), grow, large=20, max_queries=9)
    body = response.content.decode()
    assert "区役所19" in body and "講演19" in body
