import datetime

from django.urls import reverse

from agreements.models import AgreementBody, CorporateAgreement, totals_of
from members.models import MunicipalityKind
from tests.factories import make_body, make_municipality, make_prefecture

LIST_URL = reverse("agreements:body-list")


def build_gunma():
    gunma = make_prefecture("10", "群馬県")
    for i in range(3):
        make_municipality(f"市{i}", prefecture=gunma, kind=MunicipalityKind.CITY)
    make_municipality("町A", prefecture=gunma, kind=MunicipalityKind.TOWN)
    make_municipality("村A", prefecture=gunma, kind=MunicipalityKind.VILLAGE)
    return gunma


def test_members_are_derived_from_the_register(db):
    gunma = build_gunma()
    mayors = make_body(gunma, "mayors")
    towns = make_body(gunma, "towns")
    assert sorted(m.name for m in mayors.members()) == ["市0", "市1", "市2"]
    assert sorted(m.name for m in towns.members()) == ["村A", "町A"]
    counts = {b.kind: b.member_count for b in AgreementBody.objects.with_member_count()}
    assert counts == {"mayors": 3, "towns": 2}
    # A new town in the register is a new member, with no change to the agreement record.
    make_municipality("町B", prefecture=gunma, kind=MunicipalityKind.TOWN)
    assert AgreementBody.objects.totals() == {"prefectures": 1, "bodies": 2, "municipalities": 6}
    # The list adds up the bodies it shows instead (no query): the same totals.
    assert totals_of(AgreementBody.objects.with_member_count()) == AgreementBody.objects.totals()


def test_list_shows_computed_totals_and_corporate_agreements(client, db):
    gunma = build_gunma()
    make_body(gunma, "mayors")
    CorporateAgreement.objects.create(
        company="第一生命保険株式会社",
        signed_on=datetime.date(2018, 8, 23),
        initiatives="ビジネス交流会の開催\n「けんしん」活動の推進",
    )
    body = client.get(LIST_URL).content.decode()
    assert "1道府県・1団体・3自治体" in body
    assert "第一生命保険株式会社" in body and "<li>「けんしん」活動の推進</li>" in body
    assert "平成28年4月26日（2016年4月26日）" in body


def test_body_page_lists_its_member_municipalities(client, db):
    gunma = build_gunma()
    towns = make_body(gunma, "towns", name="群馬県町村会")
    response = client.get(towns.get_absolute_url())
    body = response.content.decode()
    assert "町A" in body and "村A" in body and "市0" not in body
    assert "<dt>構成自治体数</dt><dd>2</dd>" in body  # counted from the register, as listed


def test_a_body_pages_member_links_are_each_municipalitys_page_in_each_language(client, db):
    from django.utils import translation

    from members.models import Municipality

    gunma = build_gunma()
    Municipality.objects.filter(name="町A").update(romaji="Machi-A")
    towns = make_body(gunma, "towns", name="群馬県町村会")
    for language in ["ja", "en"]:
        with translation.override(language):
            expected = [(m.get_absolute_url(), m.display_name) for m in towns.members()]
            assert towns.members().links() == expected
            html = client.get(towns.get_absolute_url()).content.decode()
        for url, name in expected:
            assert f'<li><a href="{url}">{name}</a></li>' in html
    assert ("/en/municipalities/" in expected[0][0]) and "Machi-A" in html


def test_empty_state(client, db):
    assert "協定締結団体はまだ登録されていません" in client.get(LIST_URL).content.decode()


def test_list_query_count_does_not_grow(client, db, assert_queries_constant):
    make_body(build_gunma(), "mayors")

    def grow(index):
        prefecture = make_prefecture(str(20 + index))
        make_municipality(prefecture=prefecture, kind=MunicipalityKind.CITY)
        make_body(prefecture, "mayors")
        make_body(prefecture, "towns")
        CorporateAgreement.objects.create(
            company=f"会社{index}", signed_on=datetime.date(2020, 1, 1), initiatives="取組み"
        )

    (response,) = assert_queries_constant(
        LIST_URL,
        grow,
        small=2,
        large=20,
        max_queries=12,  # + 2: the map's coverage line
    )  # 3 (with the corporate agreements' events; the totals add up the bodies listed), and the
    # map's table: the register, the prefectures, 5 relationships
    body = response.content.decode()
    assert "21道府県・41団体・23自治体" in body and "会社19" in body


def test_body_page_query_count_does_not_grow_with_members(client, db, assert_queries_constant):
    gunma = build_gunma()
    towns = make_body(gunma, "towns", name="群馬県町村会")

    def grow(index):
        make_municipality(f"新町{index}", prefecture=gunma, kind=MunicipalityKind.TOWN)

    (response,) = assert_queries_constant(
        towns.get_absolute_url(),
        grow,
        max_queries=14,  # + 2: the map's coverage line
    )  # 2, the map's table that highlights the members (the register, the prefectures, 5
    # relationships, the members), the body's events (1) and its members' ties (1; their
    # coverage line is the map's, read once per stamp)
    assert "新町39" in response.content.decode()
