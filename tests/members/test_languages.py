"""The register in both languages: prefectures' English names (shipped in the register
fixture), shown on English pages in the filters, lists and detail pages; municipalities'
names through `display_name`, so English pages show a romanised name once the register has one."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from members.models import Municipality, Prefecture
from members.prefecture_names import NAME_EN_BY_CODE
from tests.factories import make_municipality, make_prefecture

LIST = "/municipalities/"


def test_the_register_fixture_names_every_prefecture_in_english():
    records = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "municipalities.json").read_text("utf-8")
    )
    names = {
        r["fields"]["code"]: r["fields"]["name_en"]
        for r in records
        if r["model"] == "members.prefecture"
    }
    assert len(names) == 47 and names == NAME_EN_BY_CODE
    assert names["01"] == "Hokkaido" and names["13"] == "Tokyo" and names["47"] == "Okinawa"


def test_english_list_filtered_by_prefecture_shows_hokkaido(client, full_register):
    body = client.get(f"/en{LIST}", {"prefecture": "01"}).content.decode()
    assert '<h2 id="pref-01">Hokkaido</h2>' in body
    assert '<option value="01" selected>Hokkaido</option>' in body
    assert '<option value="47">Okinawa</option>' in body
    assert "北海道" not in body


def test_japanese_list_keeps_japanese_names(client, full_register):
    body = client.get(LIST, {"prefecture": "01"}).content.decode()
    assert '<h2 id="pref-01">北海道</h2>' in body
    assert '<option value="01" selected>北海道</option>' in body
    assert "Hokkaido" not in body


def test_filter_choices_are_kept_per_language(client, full_register):
    """The choices are memoised per public-cache stamp: a Japanese request first must not
    leave Japanese labels for the English page, nor the other way round."""
    assert '<option value="26">京都府</option>' in client.get(LIST).content.decode()
    assert '<option value="26">Kyoto</option>' in client.get(f"/en{LIST}").content.decode()
    assert '<option value="26">京都府</option>' in client.get(LIST).content.decode()


def test_english_detail_page_names_the_prefecture_in_english(client, full_register):
    assert Municipality.objects.filter(code="011002", name="札幌市").exists()
    body = client.get("/en/municipalities/011002/").content.decode()
    assert "<title>Sapporo-shi (Hokkaido)" in body
    assert '<span class="meta">(Hokkaido)</span>' in body
    assert "<dd>Hokkaido (Hokkaido)</dd>" in body  # the prefecture (its region)
    assert "北海道" not in body
    japanese = client.get("/municipalities/011002/").content.decode()
    assert "札幌市（北海道）" in japanese


@pytest.mark.django_db
def test_display_name_follows_the_language_and_the_romanised_field():
    prefecture = make_prefecture("18", "福井県", name_en="Fukui")
    sakai = make_municipality("坂井市", prefecture=prefecture)
    with translation.override("ja"):
        assert (prefecture.display_name, sakai.display_name) == ("福井県", "坂井市")
        assert sakai.full_display_name == "福井県坂井市"
    with translation.override("en"):
        assert prefecture.display_name == "Fukui"
        sakai.romaji = ""
        assert sakai.display_name == "坂井市"  # no romanised name: the Japanese one
        sakai.romaji = "Sakai-shi"
        assert sakai.display_name == "Sakai-shi"
        assert sakai.full_display_name == "Sakai-shi, Fukui"
    with translation.override("en"):
        assert Prefecture(name="青森県").display_name == "青森県"  # no English name: Japanese
