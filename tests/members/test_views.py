from django.urls import reverse

from members.models import Municipality, MunicipalityKind, Prefecture
from tests.factories import make_municipality, make_prefecture

LIST_URL = reverse("members:municipality-list")


def names(response):
    return [m.name for m in response.context["object_list"]]


def test_directory_filters_by_prefecture_kind_and_kana(client, db):
    hokkaido, tokyo = make_prefecture("01", "北海道"), make_prefecture("13", "東京都")
    make_municipality("白糠町", prefecture=hokkaido, kana="シラヌカチョウ")
    make_municipality("釧路市", prefecture=hokkaido, kind=MunicipalityKind.CITY, kana="クシロシ")
    make_municipality(
        "品川区", prefecture=tokyo, kind=MunicipalityKind.SPECIAL_WARD, kana="シナガワク"
    )

    assert names(client.get(LIST_URL, {"prefecture": "13"})) == ["品川区"]
    assert names(client.get(LIST_URL, {"kind": "city"})) == ["釧路市"]
    assert names(client.get(LIST_URL, {"q": "しらぬか"})) == ["白糠町"]
    assert names(client.get(LIST_URL, {"q": "シナガワ"})) == ["品川区"]
    response = client.get(LIST_URL, {"q": "該当なし"})
    assert "条件に合う自治体はありません" in response.content.decode()


def test_directory_groups_by_prefecture_and_paginates(client, full_register):
    response = client.get(LIST_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="pref-01">北海道</h2>' in body
    assert response.context["paginator"].count == 1741
    assert len(response.context["object_list"]) == 50
    assert "1741件中 1〜50件を表示" in body
    last = client.get(LIST_URL, {"page": 35})
    assert "沖縄県" in last.content.decode()


def test_directory_query_count_does_not_grow_with_rows(
    client, db, load_shipped, assert_queries_constant
):
    """20 made-up towns in 北海道, then the whole register in their place."""
    prefecture = make_prefecture("01", "北海道")

    def grow(index):
        if index < 20:
            make_municipality(prefecture=prefecture)
        else:
            Municipality.objects.all().delete()
            Prefecture.objects.all().delete()
            load_shipped("municipalities")

    everything, towns = assert_queries_constant(
        LIST_URL,
        grow,
        small=20,
        large=21,
        max_queries=4,
        params=[{}, {"prefecture": "01", "q": "ちょう", "kind": "town"}],
    )
    assert everything.context["paginator"].count == 1741
    hokkaido_towns = Municipality.objects.filter(prefecture__code="01", kind=MunicipalityKind.TOWN)
    assert towns.context["paginator"].count == hokkaido_towns.matching("ちょう").count() > 100


def test_municipality_page_shows_the_register_entry(client, full_register):
    response = client.get(reverse("members:municipality-detail", kwargs={"code": "016683"}))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ["白糠町", "シラヌカチョウ", "016683", "北海道", "<dd>町</dd>", "北緯 42."]:
        assert text in body, text


def test_unknown_municipality_is_a_japanese_404(client, db):
    response = client.get(reverse("members:municipality-detail", kwargs={"code": "999999"}))
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
