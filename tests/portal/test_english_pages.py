"""English pages speak English: the interface around the data, not only the menu.

Data the documents give only in Japanese (a note, a project's summary) stays Japanese and is
marked `lang="ja"`; every other text of the footer, the filters, the headings and the about page's
prose is English on /en/ pages."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from record.models import PartnerCountSnapshot, RelationshipProject
from tests.factories import (
    make_event,
    make_secretariat,
    make_timeline_entry,
    make_ward,
    pass_second_factor,
)

JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]")


def english_text(element) -> str:
    """The element's text without the parts marked as Japanese (the language switch's 日本語,
    data the documents give only in Japanese)."""
    element = BeautifulSoup(str(element), "html.parser")
    for part in element.select('[lang="ja"]'):
        part.decompose()
    return " ".join(element.get_text(" ").split())


def page(client, path) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def assert_english(element, where: str):
    text = english_text(element)
    assert text, where
    assert not JAPANESE.findall(text), f"{where}: {JAPANESE.findall(text)} in {text!r}"


@pytest.mark.django_db
def test_the_english_footer_speaks_english(client):
    footer = page(client, "/en/").select_one("footer")
    assert_english(footer, "footer")
    text = english_text(footer)
    assert "Tokyo Kusei Kaikan 19F, 3-5-1 Iidabashi, Chiyoda-ku, Tokyo 102-0072" in text
    assert "Source: Nationwide Collaboration Portal" in text


@pytest.mark.django_db
def test_the_japanese_footer_is_unchanged(client):
    text = english_text(page(client, "/").select_one("footer"))
    assert "〒102-0072 東京都千代田区飯田橋3-5-1 東京区政会館19階" in text
    assert "特別区長会事務局 調査第1課 全国連携プロジェクト担当" in text
    assert "出典：全国連携ポータル（特別区長会）" in text


@pytest.mark.django_db
def test_the_english_partner_page_names_fiscal_years_in_english(client):
    make_event("A", start_date=datetime.date(2017, 9, 9), municipalities_taking_part=85)
    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(2017, 8, 1),
        ward_partners=500,
        hp_members=253,
        total=900,
        note="「中間のまとめ」（平成30年）は平成29年度末見込として示している。",
    )
    soup = page(client, "/en/partners/")
    outcomes = soup.select_one("#event-outcomes-table")
    assert [th.get_text() for th in outcomes.select("tbody th")] == ["FY2017"]
    for table in soup.select("table"):
        assert_english(table, "a table of /en/partners/")
    main = soup.select_one("main")
    assert_english(main.select_one("h1"), "heading")
    assert "平成29年度" not in english_text(main)
    # The documents' note stays as written, marked as Japanese.
    assert soup.select_one('dd[lang="ja"]').get_text().startswith("「中間のまとめ」")


@pytest.mark.django_db
def test_the_japanese_partner_page_keeps_the_era(client):
    make_event("A", start_date=datetime.date(2017, 9, 9), municipalities_taking_part=85)
    outcomes = page(client, "/partners/").select_one("#event-outcomes-table")
    assert [th.get_text() for th in outcomes.select("tbody th")] == ["平成29年度"]


@pytest.mark.django_db
def test_the_english_timeline_filters_and_badges_name_bodies_in_english(client):
    make_timeline_entry(organ="区長会総会")
    make_timeline_entry(organ="特別区制度懇談会", date=datetime.date(2016, 3, 1))
    soup = page(client, "/en/timeline/")
    organ = soup.select_one('select[name="organ"]')
    labels = [option.get_text(strip=True) for option in organ.select("option")]
    assert labels == [
        "All meeting bodies",
        "General Meeting of the Special Wards Mayors’ Association",
        "Round Table on the Special Ward System",
    ]
    # The options still filter by the stored name.
    assert [option["value"] for option in organ.select("option")][1:] == [
        "区長会総会",
        "特別区制度懇談会",
    ]
    for form in soup.select("main form"):
        assert_english(form, "timeline filter")
    badges = [badge.get_text() for badge in soup.select(".timeline__entry .badge")]
    assert "Round Table on the Special Ward System" in badges
    filtered = page(client, "/en/timeline/?organ=特別区制度懇談会")
    assert len(filtered.select(".timeline__entry")) == 1


@pytest.mark.django_db
def test_the_japanese_timeline_filter_keeps_the_bodies_names(client):
    make_timeline_entry(organ="区長会総会")
    organ = page(client, "/timeline/").select_one('select[name="organ"]')
    assert "区長会総会" in [option.get_text(strip=True) for option in organ.select("option")]


@pytest.mark.django_db
def test_the_english_about_page_translates_the_statement(client):
    project = RelationshipProject.objects.create(
        title="北海道十勝地域×東京台東区・墨田区連携",
        partner_area="北海道十勝地域",
        started_on=datetime.date(2020, 4, 1),
        summary="国の地方創生推進交付金を活用する連携事業。",
    )
    for ward in (
        make_ward("台東区", "131067", "タイトウク"),
        make_ward("墨田区", "131075", "スミダク"),
    ):
        ward.romaji = {"台東区": "Taito-ku", "墨田区": "Sumida-ku"}[ward.name]
        ward.save()
        project.wards.add(ward)
    soup = page(client, "/en/about/")
    main = soup.select_one("main")
    assert_english(main, "/en/about/")
    statement = english_text(main.select_one("figure.statement"))
    assert statement.startswith("As Japan enters an era of population decline")
    assert "16 Sep 2014, Tokyo Special Wards Mayors’ Association" in statement
    meta = english_text(main.select_one(".card .meta"))
    assert "× Taito-ku, Sumida-ku (from 1 Apr 2020)" in meta
    japanese = page(client, "/about/").select_one("figure.statement").get_text()
    assert "我が国は、人口減少社会を迎えるなかで" in japanese


@pytest.mark.django_db
def test_the_japanese_admin_names_the_second_factor_devices_in_japanese(client):
    user = make_secretariat()
    user.is_superuser = True
    user.save()
    pass_second_factor(client, user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "認証器（二要素認証）" in index
    assert "Authenticators" not in index
    assert (
        "認証器（二要素認証）"
        in client.get(reverse("admin:mfa_authenticator_changelist")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/surveys/", "/en/surveys/h29-zenkoku-renkei-project/"])
def test_the_english_survey_pages_speak_english_around_the_answers(shipped_data, client, path):
    """The survey's own words (its title, questions and choices) stay Japanese, marked so; the
    headings, facts, table headers and notes around them are English."""
    main = page(client, path).select_one("main")
    assert_english(main, path)
