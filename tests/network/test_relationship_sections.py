"""What have we done together? The sections of a municipality's, a ward's, an agreement body's and
a corporate agreement's pages, computed from the records: hand-made data first, then the
shipped fixtures (the issue's examples)."""

import datetime
import re

import pytest
from django.urls import reverse

from agreements.models import AgreementBody, CorporateAgreement
from bulletin.models import Collaboration
from events.models import Event, EventKind, TouringVenue
from members.models import Municipality, MunicipalityKind
from network.models import Tie, TieKind
from tests.disaster.record_factories import make_past_disaster
from tests.factories import make_body, make_event, make_municipality, make_prefecture, make_ward


def section(html: str, heading_id: str) -> str:
    """The text of one section of a page, from its heading to the end of the section."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def corporate_card(html: str, agreement) -> str:
    """One corporate agreement's card on /agreements/: up to the next card or the section's end."""
    start = html.index(f'id="corporate-{agreement.pk}"')
    ends = [html.find(mark, start + 1) for mark in ('id="corporate-', "</section>")]
    return html[start : min(end for end in ends if end != -1)]


@pytest.fixture
def together(db):
    """群馬県: its mayors' body and a city; 品川区 and 目黒区; events, a tie, a collaboration and
    disaster support between them."""
    gunma = make_prefecture("10", "群馬県")
    city = make_municipality("高崎市", prefecture=gunma, kind=MunicipalityKind.CITY)
    body = make_body(gunma, "mayors", name="群馬県市長会", slug="gunma-mayors")
    ward = make_ward()
    meguro = make_ward("目黒区", "131105", "メグロク")
    exhibition = make_event(
        "第1回全国連携展示（群馬県市町村）",
        kind=EventKind.EXHIBITION,
        start_date=datetime.date(2019, 5, 14),
        slug="exhibition-gunma",
    )
    exhibition.participating_bodies.add(body)
    TouringVenue.objects.create(event=exhibition, order=1, venue="品川区", municipality=ward)
    TouringVenue.objects.create(event=exhibition, order=2, venue="目黒区", municipality=meguro)
    promotion = make_event(
        "魅力発信イベント", kind=EventKind.PROMOTION, start_date=datetime.date(2018, 9, 8)
    )
    promotion.participating_bodies.add(body)
    lecture = make_event("全国連携講演会", start_date=datetime.date(2023, 8, 28))
    lecture.participating_municipalities.add(city, ward)
    make_event("関係のない祭り", kind=EventKind.FESTIVAL)
    tie = Tie.objects.create(
        slug="shinagawa-takasaki",
        ward=ward,
        kind=TieKind.FRIENDSHIP,
        since=datetime.date(2010, 4, 1),
        source="品川区ホームページ",
    )
    tie.municipalities.add(city)
    collaboration = Collaboration.objects.create(
        slug="c-1",
        title="高崎と品川の観光交流",
        summary="…",
        field="tourism",
        prefecture=gunma,
        fiscal_year=2020,
    )
    collaboration.wards.add(ward)
    collaboration.municipalities.add(city)
    make_past_disaster(
        "令和N年群馬県の大雨",
        datetime.date(2020, 7, 1),
        recipients="群馬県",
        support_kinds="復興支援金の提供",
        prefectures=[gunma],
    )
    make_past_disaster("遠くの地震", datetime.date(2016, 4, 14), recipients="熊本県")
    return {"city": city, "body": body, "ward": ward, "meguro": meguro, "lecture": lecture}


def test_a_municipality_page_answers_what_we_have_done_together(client, together):
    html = client.get(together["city"].get_absolute_url()).content.decode()
    events = section(html, "municipality-events")
    assert "記録された催し 3件" in events and "講演会等への登壇 1回" in events
    assert "群馬県市長会の構成自治体として紹介" in events  # the exhibition of its body
    assert "群馬県市長会として参加" in events  # the promotion event its body joined
    assert "講師・登壇" in events  # the lecture where it spoke
    assert "関係のない祭り" not in events
    assert f"?municipality={together['city'].code}" in events
    ties = section(html, "municipality-ties")
    assert "品川区" in ties and "友好都市・姉妹都市" in ties and "2010年4月1日" in ties
    assert "高崎と品川の観光交流" in section(html, "municipality-collaborations")
    disaster = section(html, "municipality-disaster-support")
    assert "令和N年群馬県の大雨" in disaster and "支援先：群馬県" in disaster
    assert "遠くの地震" not in disaster
    body = section(html, "municipality-body")
    assert together["body"].get_absolute_url() in body
    assert reverse("agreements:body-pr", kwargs={"slug": "gunma-mayors"}) in body


def test_a_ward_page_lists_its_touring_stops_lectures_ties_and_the_support_it_gave(
    client, together
):
    html = client.get(together["ward"].get_absolute_url()).content.decode()
    events = section(html, "municipality-events")
    assert "巡回展示の会場 1回" in events and "講演会等への登壇 1回" in events
    assert 'href="/events/exhibition-gunma/"' in events
    assert "魅力発信イベント" not in events  # its body's: a ward has none
    assert "?ward=131091" in events
    assert "高崎市" in section(html, "municipality-ties")
    assert "高崎と品川の観光交流" in section(html, "municipality-collaborations")
    disaster = section(html, "municipality-disaster-support")
    assert "特別区（23区）が共同で行った被災地への支援 2件" in disaster
    assert "遠くの地震" in disaster


def test_a_page_with_nothing_recorded_says_so(client, together):
    town = make_municipality("草津町", prefecture=together["body"].prefecture)
    html = client.get(town.get_absolute_url()).content.decode()
    assert "この自治体が参加した催し・展示は、まだポータルに記録されていません。" in html
    assert "この自治体の連携事業は、まだポータルに記録されていません。" in html
    # Its prefecture's support is still its record.
    assert "令和N年群馬県の大雨" in section(html, "municipality-disaster-support")
    elsewhere = make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"))
    html = client.get(elsewhere.get_absolute_url()).content.decode()
    assert "この自治体やその都道府県への特別区の災害支援は、ポータルに記録されていません。" in html


def test_a_body_page_lists_its_events_and_its_members_ties(client, together):
    html = client.get(together["body"].get_absolute_url()).content.decode()
    events = section(html, "body-events")
    assert "記録された催し 2件" in events and "うち全国連携展示 1件" in events
    assert "第1回全国連携展示（群馬県市町村）" in events and "魅力発信イベント" in events
    assert "全国連携講演会" not in events  # its member spoke, the body did not take part
    assert "?body=gunma-mayors" in events
    ties = section(html, "body-ties")
    assert "品川区" in ties and "高崎市" in ties and "友好都市・姉妹都市" in ties
    # A retired tie keeps its history but leaves the page.
    retired = Tie.objects.create(
        slug="retired",
        ward=together["meguro"],
        kind=TieKind.EXCHANGE,
        retired_on=datetime.date(2024, 3, 31),
    )
    retired.municipalities.add(together["city"])
    ties = section(client.get(together["body"].get_absolute_url()).content.decode(), "body-ties")
    assert "目黒区" not in ties and "品川区" in ties
    # Another body: nothing recorded, and it says so.
    towns = make_body(together["body"].prefecture, "towns", name="群馬県町村会")
    html = client.get(towns.get_absolute_url()).content.decode()
    assert "この団体が参加した催し・展示は、まだポータルに記録されていません。" in html
    assert "この団体の構成自治体と特別区の交流関係は、まだポータルに記録されていません。" in html


def test_a_corporate_agreement_lists_the_events_born_of_it(client, together):
    agreement = CorporateAgreement.objects.create(
        company="明治安田生命保険相互会社",
        signed_on=datetime.date(2022, 3, 29),
        initiatives="全国連携展示の開催",
    )
    make_event(
        "明治安田生命丸の内本社ビルでの全国連携展示",
        kind=EventKind.EXHIBITION,
        corporate_agreement=agreement,
        slug="exhibition-meiji-yasuda",
    )
    html = client.get(reverse("agreements:body-list")).content.decode()
    card = corporate_card(html, agreement)
    assert "協定から生まれた催し" in card
    assert 'href="/events/exhibition-meiji-yasuda/"' in card
    other = CorporateAgreement.objects.create(
        company="第一生命保険株式会社", signed_on=datetime.date(2018, 8, 23), initiatives="…"
    )
    html = client.get(reverse("agreements:body-list")).content.decode()
    assert "exhibition-meiji-yasuda" not in corporate_card(html, other)
    assert "この協定から生まれた催しは、まだポータルに記録されていません。" in corporate_card(
        html, other
    )


def test_the_pages_query_counts_do_not_grow_with_the_record(
    client, together, assert_queries_constant
):
    city, ward, body = together["city"], together["ward"], together["body"]

    def grow(start, stop):
        for index in range(start, stop):
            event = make_event(f"展示{index}", kind=EventKind.EXHIBITION)
            event.participating_bodies.add(body)
            event.participating_municipalities.add(city)
            TouringVenue.objects.create(event=event, order=1, venue="品川区", municipality=ward)
            partner = make_municipality(prefecture=body.prefecture, kind=MunicipalityKind.CITY)
            tie = Tie.objects.create(slug=f"t-{index}", ward=ward, kind=TieKind.EXCHANGE)
            tie.municipalities.add(partner, city)
            make_past_disaster(
                f"災害{index}",
                datetime.date(2020, 1, 1),
                recipients="群馬県",
                prefectures=[body.prefecture],
            )

    pages = [city.get_absolute_url(), ward.get_absolute_url(), body.get_absolute_url()]
    city_page, ward_page, body_page = assert_queries_constant(
        lambda url: client.get(url),
        grow,
        large=25,
        # The largest pages take 13: a body's has its map's table (the register, 5 relationships,
        # the members highlighted, the coverage line), the body and its members, its events and
        # its members' ties with their partners (their coverage line is the map's, read once per
        # stamp).
        max_queries=13,
        params=pages,
    )
    assert "記録された催し 28件" in city_page.content.decode()  # 25 and the fixture's 3
    assert "巡回展示の会場 26回" in ward_page.content.decode()
    assert "記録された催し 27件" in body_page.content.decode()


def test_a_busy_wards_page_lists_its_newest_events_and_first_partners_with_the_rest_linked(
    client, together
):
    from events.pages import EVENTS_SHOWN
    from network.pages import PARTNERS_SHOWN

    ward, prefecture = together["ward"], together["city"].prefecture
    for index in range(EVENTS_SHOWN + 5):
        event = make_event(f"展示{index:02}", start_date=datetime.date(2000 + index, 5, 1))
        TouringVenue.objects.create(event=event, order=1, venue="区役所", municipality=ward)
    for index in range(PARTNERS_SHOWN + 3):
        tie = Tie.objects.create(slug=f"busy-{index}", ward=ward, kind=TieKind.EXCHANGE)
        tie.municipalities.add(make_municipality(f"町{index:02}", prefecture=prefecture))

    html = client.get(ward.get_absolute_url()).content.decode()
    events = section(html, "municipality-events")
    assert f"巡回展示の会場 {EVENTS_SHOWN + 5 + 1}回" in events  # counted over all of them
    assert f"新しい順に {EVENTS_SHOWN} 件を表示しています。" in events
    assert f"展示{EVENTS_SHOWN + 4:02}" in events and "展示00" not in events  # newest first
    assert f'href="/events/?ward={ward.code}"' in events
    ties = section(html, "municipality-ties")
    assert ties.count("<li>") == PARTNERS_SHOWN
    assert "ほか 4 件の交流関係があります。" in ties  # 53 towns and the fixture's 高崎市
    assert f'href="/api/v1/ties/?ward={ward.code}&amp;format=csv"' in ties


# The shipped record: the examples.


def test_shinagawa_links_its_six_touring_stops(client, shipped_data):
    shinagawa = Municipality.objects.get(code="131091")
    html = section(client.get(shinagawa.get_absolute_url()).content.decode(), "municipality-events")
    assert "巡回展示の会場 6回" in html
    stops = TouringVenue.objects.filter(municipality=shinagawa).select_related("event")
    assert stops.count() == 6 and TouringVenue.objects.count() == 20
    for stop in stops:
        assert f'href="{stop.event.get_absolute_url()}"' in html, stop.event.slug
    listed = client.get(reverse("events:event-list"), {"ward": "131091", "kind": "exhibition"})
    assert listed.context["paginator"].count == 6


def test_the_gunma_bodies_pages_list_their_exhibitions(client, shipped_data):
    for name in ("群馬県市長会", "群馬県町村会"):
        body = AgreementBody.objects.get(name=name)
        html = section(client.get(body.get_absolute_url()).content.decode(), "body-events")
        assert "第1回全国連携展示（群馬県市町村）" in html, name
        assert "ぐんまの山村フェア" in html  # a promotion event it joined
        exhibitions = Event.objects.with_body(body).of_kind(EventKind.EXHIBITION)
        assert f"うち全国連携展示 {exhibitions.count()}件" in html


def test_meiji_yasuda_shows_the_exhibition_held_under_its_agreement(client, shipped_data):
    agreement = CorporateAgreement.objects.get(company="明治安田生命保険相互会社")
    html = client.get(reverse("agreements:body-list")).content.decode()
    card = corporate_card(html, agreement)
    assert 'href="/events/exhibition-2022-1-encore/"' in card
    event_page = client.get("/events/exhibition-2022-1-encore/").content.decode()
    assert f'href="{agreement.get_absolute_url()}"' in event_page


def test_the_2023_08_28_lecture_links_kesennuma_and_tomioka(client, shipped_data):
    lecture = Event.objects.get(kind=EventKind.LECTURE, start_date=datetime.date(2023, 8, 28))
    html = client.get(lecture.get_absolute_url()).content.decode()
    for name, code in (("気仙沼市", "042056"), ("富岡町", "075434")):
        municipality = Municipality.objects.get(code=code)
        assert municipality.name == name
        assert f'href="{municipality.get_absolute_url()}"' in html
        page = section(
            client.get(municipality.get_absolute_url()).content.decode(), "municipality-events"
        )
        row = re.search(rf'href="{lecture.get_absolute_url()}".*?</tr>', page, re.S)
        assert row and "講師・登壇" in row.group(0), name


def test_the_sections_are_translated_on_english_pages(client, together):
    ward, city, body = (together[key].get_absolute_url() for key in ("ward", "city", "body"))
    html = client.get("/en" + ward).content.decode()
    events = section(html, "municipality-events")
    assert "Events and exhibitions it took part in" in events
    assert "touring exhibition venue 1 time" in events and "Speaker" in events
    assert "2 disaster relief efforts by the 23 special wards together" in html
    city_html = client.get("/en" + city).content.decode()
    assert "Featured as a member of 群馬県市長会" in city_html  # the body's own name
    body_html = client.get("/en" + body).content.decode()
    assert "of which 1 exhibition" in body_html and "Ties between the members" in body_html
