import re

import pytest
from django.core.paginator import Paginator

from bulletin.models import ProposalField, ProposalKind
from bulletin.services.proposals import proposal_submit
from members.models import Municipality
from search.queries import KINDS
from tests.factories import make_member

# A page of each kind and the previews, with their related rows (85 for 町): far below the
# 1,741 municipalities and hundreds of events a broad word matches.
ROWS_PER_SEARCH = 150


def results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response, response.content.decode()


def group_titles(response, key):
    group = next((g for g in response.context["groups"] if g.kind.key == key), None)
    return [str(item) for item in group.preview] if group and group.count else []


def test_every_page_has_the_search_box_in_its_header(shipped_data, client):
    for path in ["/", "/agreements/", "/events/", "/timeline/", "/municipalities/016683/"]:
        html = client.get(path).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert 'role="search"' in header and 'action="/search/"' in header, path
        assert '<label for="site-search-q"' in header


@pytest.mark.parametrize(
    "query", ["白糠", "しらぬか", "シラヌカ", "ｼﾗﾇｶ", "shiranuka", "Shiranuka-cho"]
)
def test_a_municipality_is_found_by_name_kana_or_romanised_name(shipped_data, client, query):
    response, html = results(client, query)
    assert "白糠町" in group_titles(response, "municipalities")


def test_the_matched_words_are_highlighted_in_the_other_kana_script_too(shipped_data, client):
    _, html = results(client, "しらぬか")
    assert "<mark>シラヌカ</mark>チョウ" in html
    _, html = results(client, "白糠")
    assert "<mark>白糠</mark>町" in html


def test_a_collaboration_is_found_from_a_word_in_it(shipped_data, client):
    response, html = results(client, "黄金がに")
    assert any("坂井市" in title for title in group_titles(response, "collaborations"))
    assert "<mark>黄金がに</mark>" in html
    # The timeline records it too: groups are counted separately.
    counts = {g.kind.key: g.count for g in response.context["groups"]}
    assert counts["collaborations"] >= 1 and counts["timeline"] >= 1


def test_two_character_words_find_events_and_the_lectures(shipped_data, client):
    response, html = results(client, "講演会")
    events = next(g for g in response.context["groups"] if g.kind.key == "events")
    assert events.count >= 8
    assert all(
        "講演会" in e.title or "講演会" in e.summary or e.kind == "lecture" for e in events.queryset
    )
    response, _ = results(client, "観光")
    assert sum(g.count for g in response.context["groups"]) > 0


def test_results_are_grouped_with_counts_and_a_kind_is_paginated(shipped_data, client):
    response, html = results(client, "川")
    municipalities = next(g for g in response.context["groups"] if g.kind.key == "municipalities")
    # The group counts every municipality named with the word, not only the rows it previews.
    named = Municipality.objects.filter(name__contains="川").count()
    assert named > 100
    assert municipalities.count == named
    assert f"（{named:,}）" in html  # the count beside the kind's link
    response, html = results(client, "町", kind="municipalities")
    page = response.context["page_obj"]
    assert page.paginator.count > 100 and len(page.object_list) == 20
    assert 'rel="next"' in html
    second, _ = results(client, "町", kind="municipalities", page=2)
    assert second.context["page_obj"].number == 2
    assert [m.code for m in second.context["page_obj"].object_list] != [
        m.code for m in page.object_list
    ]


def test_an_empty_result_suggests_what_to_try(shipped_data, client):
    response, html = results(client, "存在しないことば")
    assert response.context["total"] == 0
    assert "見つかりませんでした" in html
    assert "?q=しらぬか" in html and "?q=観光" in html


def test_the_board_is_searched_only_for_approved_members(shipped_data, client):
    sakai = Municipality.objects.get(code="182109")
    member = make_member(sakai, email="sakai@example.jp")
    proposal_submit(
        author=member,
        data={
            "title": "越前がにの試食会を一緒に",
            "field": ProposalField.TOURISM,
            "kind": ProposalKind.EVENT,
            "body": "越前がにを区内の商店街で紹介したい",
            "offer": "試食",
            "seeking": "会場",
            "any_ward": True,
            "fiscal_year": 2025,
            "period_start": None,
            "period_end": None,
        },
        wards=(),
    )
    response, html = results(client, "越前がに")
    assert "越前がにの試食会" not in html
    assert "board" not in {g.kind.key for g in response.context["groups"]}

    pending = make_member(sakai, status="pending", email="pending@example.jp")
    client.force_login(pending)
    assert "越前がにの試食会" not in results(client, "越前がに")[1]

    client.force_login(member)
    response, html = results(client, "越前がに")
    assert group_titles(response, "board") == ["越前がにの試食会を一緒に"]
    assert "<mark>越前がに</mark>の試食会" in html


def test_the_number_of_queries_does_not_depend_on_the_matches(
    shipped_data, client, assert_queries_constant
):
    # A count and (when there are matches) one page of rows per kind, whatever the number of rows.
    # Anonymous visitors see the public kinds (the board and the calls are for members).
    kinds = len([kind for kind in KINDS if kind.key not in ("board", "calls")])
    one_match = assert_queries_constant.count("/search/", {"q": "黄金がに"})[1]
    hundreds = assert_queries_constant.count("/search/", {"q": "町"})[1]
    assert hundreds <= one_match + 2 * kinds
    assert hundreds <= 2 * kinds + 3
    assert (
        assert_queries_constant.count("/search/", {"q": "町", "kind": "municipalities"})[1]
        <= 2 * kinds + 4
    )


def test_a_search_builds_only_the_rows_it_shows_on_the_shipped_data(shipped_data, client):
    """What keeps a search fast (benchmarks/search.py prints the time): however many of the
    1,741 municipalities a word matches, a search reads a page of each kind, never the table."""
    from django.db.models.signals import post_init

    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        for query in ["白糠", "しらぬか", "黄金がに", "講演会", "観光", "shiranuka", "町"]:
            built.clear()
            assert client.get("/search/", {"q": query}).status_code == 200
            assert len(built) <= ROWS_PER_SEARCH, (query, len(built))
    finally:
        post_init.disconnect(count)
    assert Municipality.objects.filter(name__contains="町").count() > ROWS_PER_SEARCH


def test_words_are_escaped_and_capped(shipped_data, client):
    _, html = results(client, "<script>alert(1)</script>")
    assert "<script>alert(1)" not in html
    response, _ = results(client, " ".join(f"語{i}" for i in range(12)))
    assert len(response.context["words"]) == 5
    assert re.search(r"「[^」]*」の検索結果", html)


def test_pagination_is_djangos_own_for_the_public_kinds(shipped_data, client):
    response, _ = results(client, "町", kind="municipalities")
    assert isinstance(response.context["page_obj"].paginator, Paginator)


def test_an_english_search_for_shiranuka_shows_the_romanised_name(shipped_data, client):
    response = client.get("/en/search/", {"q": "shiranuka"})
    html = response.content.decode()
    municipalities = html[html.index('id="group-municipalities"') :]
    assert re.search(r'class="search-result__title"[^>]*><mark>Shiranuka</mark>-cho</a>', html)
    assert "Hokkaido" in municipalities[: municipalities.index("</ul>")]
    assert '<span lang="ja">白糠町 ・ シラヌカチョウ</span>' in municipalities


def test_an_anonymous_search_is_served_from_the_cache_by_its_query_string(
    shipped_data, django_assert_num_queries
):
    from django.test import Client

    first = Client().get("/search/", {"q": "白糠"})
    with django_assert_num_queries(0):
        second = Client().get("/search/", {"q": "白糠"})
    assert getattr(second, "public_cache", None) == "hit" and second.content == first.content
    other = Client().get("/search/", {"q": "黄金がに"})
    assert getattr(other, "public_cache", None) != "hit" and "黄金がに" in other.content.decode()


def test_a_members_search_with_the_board_is_never_cached(shipped_data, client):
    from django.test import Client

    member = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    client.force_login(member)
    for _ in range(2):
        response = client.get("/search/", {"q": "越前がに"})
        assert getattr(response, "public_cache", None) is None
        assert "board" in {g.kind.key for g in response.context["groups"]}
    anonymous = Client().get("/search/", {"q": "越前がに"})
    assert "board" not in {g.kind.key for g in anonymous.context["groups"]}
