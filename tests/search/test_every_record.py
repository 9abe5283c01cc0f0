"""The site search covers every public record, one group per kind; calls only for members."""

import pytest

from bulletin.services.proposals import call_submit
from members.models import Municipality, PRPage
from network.models import Tie, TieKind
from search.queries import KINDS
from tests.bulletin.test_matching import call_data
from tests.factories import make_member


def groups(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return {g.kind.key: g for g in response.context["groups"]}, response.content.decode()


def titles(group) -> list[str]:
    return [str(item) for item in group.preview] if group and group.count else []


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("熊本地震", "disaster", "平成28年熊本地震"),
        ("胆振", "disaster", "平成30年北海道胆振東部地震"),
        ("第8号", "newsletters", "東京23区 全国連携NEWS 第8号"),
        ("第8号", "library", "東京23区 全国連携NEWS 第8号"),
        ("趣意書", "library", "特別区全国連携プロジェクト 趣意書"),
        ("ドローン", "corporate", None),
    ],
)
def test_the_words_the_issue_names_are_found_in_their_group(
    shipped_data, client, query, kind, expected
):
    found, html = groups(client, query)
    assert kind in found and found[kind].count >= 1, sorted(k for k, g in found.items() if g.count)
    if expected:
        assert expected in titles(found[kind])
    assert f'id="group-{kind}"' in html


def test_a_corporate_agreement_is_found_by_its_initiatives(shipped_data, client):
    found, html = groups(client, "ドローン")
    companies = titles(found["corporate"])
    assert companies and all("株式会社" in c or "生命" in c for c in companies)
    assert "<mark>ドローン</mark>" in html


def test_a_pr_page_is_found_by_what_its_municipality_wrote(shipped_data, client):
    sakai = Municipality.objects.get(code="182109")
    PRPage.objects.create(
        municipality=sakai,
        catchphrase="東尋坊と丸岡城のまち",
        introduction="日本海に面したまちです。",
        tourism="東尋坊、丸岡城",
    )
    found, html = groups(client, "東尋坊")
    assert titles(found["pr"]) == ["坂井市：東尋坊と丸岡城のまち"]
    assert f'href="{sakai.get_absolute_url()}#pr"' in html


def test_ties_are_found_by_the_partner_and_the_kind(shipped_data, client):
    tie = Tie.objects.for_listing().first()
    assert tie is not None, "the shipped register holds ties"
    partner = tie.municipalities.first() or tie.ward
    found, _ = groups(client, partner.name)
    assert found["ties"].count >= 1
    found, _ = groups(client, str(TieKind(tie.kind).label))
    assert found["ties"].count == Tie.objects.filter(kind=tie.kind).count()


def test_policy_positions_and_news_are_groups_too(shipped_data, client):
    found, _ = groups(client, "まち・ひと・しごと創生")
    assert found["policy"].count >= 1
    found, _ = groups(client, "ホームページ")
    assert found["news"].count >= 1


def test_calls_for_members_are_found_only_by_approved_members(shipped_data, client):
    shinagawa = Municipality.objects.get(code="131091")
    ward_member = make_member(shinagawa, email="shinagawa@example.jp")
    call_submit(author=ward_member, data=call_data(title="しながわ区民まつりの出展者を募集"))

    found, html = groups(client, "区民まつり")
    assert "calls" not in found and "board" not in found
    assert "しながわ区民まつり" not in html

    pending = make_member(shinagawa, status="pending", email="pending@example.jp")
    client.force_login(pending)
    found, html = groups(client, "区民まつり")
    assert "calls" not in found and "しながわ区民まつり" not in html

    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    client.force_login(sakai)
    found, html = groups(client, "区民まつり")
    assert titles(found["calls"]) == ["しながわ区民まつりの出展者を募集"]
    assert found["board"].count == 0  # a call is not counted again among the proposals
    assert 'id="group-calls"' in html


def test_a_search_for_every_kind_costs_a_bounded_number_of_queries(
    shipped_data, client, django_assert_max_num_queries
):
    """One preview query per kind (and a count where a kind has more than it shows), plus the
    prefetches of the kinds that list related rows: never a query per result."""
    member = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    client.force_login(member)
    # A word in hundreds of rows of several kinds (municipalities, ties, timeline, events…).
    bound = 2 * len(KINDS) + 12  # + session, user, membership and the prefetches
    with django_assert_max_num_queries(bound):
        found, _ = groups(client, "町")
    assert sum(g.count for g in found.values()) > 200
    with django_assert_max_num_queries(bound):
        groups(client, "熊本地震")


@pytest.mark.parametrize(
    ("phrase", "slug"),
    [
        ("協働プラットフォーム", "interim-summary-2018"),
        ("がんばるけん", "newsletter-1"),
        ("本来国が保障すべき", "pamphlet-2021"),
        ("遠隔連携と災害援助のこれから", "progress-2024"),  # 令和5年度 第1回 全国連携講演会
    ],
)
def test_a_phrase_from_a_text_finds_its_publication(shipped_data, client, phrase, slug):
    response = client.get("/search/", {"q": phrase})
    library = next(g for g in response.context["groups"] if g.kind.key == "library")
    assert slug in [p.slug for p in library.preview]
    assert f'href="/library/{slug}/text/"' in response.content.decode()


def test_a_published_surveys_results_are_found_by_a_question_and_an_unpublished_survey_is_not(
    client, db
):
    import datetime

    from tests.surveys.conftest import make_survey

    closed = {"opens_in": -datetime.timedelta(days=30), "closes_in": -datetime.timedelta(days=1)}
    make_survey(slug="published", title="移住についての調査", results_published=True, **closed)
    make_survey(slug="unpublished", title="移住についての内部調査", **closed)
    found, html = groups(client, "関心のある分野")
    assert titles(found["surveys"]) == ["移住についての調査"]
    assert 'href="/surveys/published/"' in html
