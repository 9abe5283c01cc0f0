"""The site search for a partner organisation's member: the board's and the calls' groups hold
only the posts opened to partners, named as such (a partner is not a 会員); a municipal-only post
is found nowhere a partner can look (results, a kind's pages, the feeds, the open-data API)."""

import pytest
from django.urls import reverse

from bulletin.services.proposals import call_submit
from opendata.views import RESOURCES
from tests.bulletin.conftest import post_proposal
from tests.bulletin.test_matching import call_data
from tests.factories import make_partner

OPEN_PROPOSAL = "黄金がにの販路を民間と一緒に"
MUNICIPAL_PROPOSAL = "黄金がにの試食会を区と一緒に"
OPEN_CALL = "黄金がにの子ども食堂への提供団体を募集"
MUNICIPAL_CALL = "黄金がにの職員交流の相手を募集"
MUNICIPAL_ONLY = (MUNICIPAL_PROPOSAL, MUNICIPAL_CALL)


@pytest.fixture
def posts(board):
    post_proposal(board.proposer, title=OPEN_PROPOSAL, welcomes_partners=True)
    post_proposal(board.proposer, title=MUNICIPAL_PROPOSAL)
    call_submit(author=board.ward, data=call_data(title=OPEN_CALL, welcomes_partners=True))
    call_submit(author=board.ward, data=call_data(title=MUNICIPAL_CALL))


def search(client, **params):
    response = client.get(reverse("search:results"), {"q": "黄金がに", **params})
    assert response.status_code == 200
    return response, response.content.decode()


def titles(response, key):
    group = next(g for g in response.context["groups"] if g.kind.key == key)
    return sorted(str(row) for row in group.preview)


def test_a_partner_finds_only_the_posts_opened_to_partners_under_their_own_label(
    client, board, posts
):
    client.force_login(make_partner(email="npo@example.jp"))
    response, html = search(client)
    assert titles(response, "board") == [OPEN_PROPOSAL]
    assert titles(response, "calls") == [OPEN_CALL]
    assert "連携提案掲示板（民間・団体の参加を歓迎）" in html
    assert "区からの募集（民間・団体の参加を歓迎）" in html
    assert "会員のみ" not in html
    assert not any(title in html for title in MUNICIPAL_ONLY)
    for kind in ("board", "calls"):
        _, page = search(client, kind=kind)
        assert "民間・団体の参加を歓迎" in page and "会員のみ" not in page
        assert not any(title in page for title in MUNICIPAL_ONLY)


def test_a_member_still_sees_every_post_under_the_members_label(client, board, posts):
    client.force_login(board.other)
    response, html = search(client)
    assert titles(response, "board") == sorted([OPEN_PROPOSAL, MUNICIPAL_PROPOSAL])
    assert titles(response, "calls") == sorted([OPEN_CALL, MUNICIPAL_CALL])
    assert "連携提案掲示板（会員のみ）" in html and "民間・団体の参加を歓迎）" not in html


def test_a_partner_finds_no_municipal_only_post_in_the_feeds_or_the_api(client, board, posts):
    client.force_login(make_partner(email="npo@example.jp"))
    paths = [
        reverse("record:news-feed"),
        reverse("events:event-feed"),
        reverse("opendata:root"),
        *(reverse(f"opendata:{basename}-list") for _prefix, _viewset, basename in RESOURCES),
        reverse("bulletin:proposal-list") + "?q=黄金がに",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not any(title in body for title in MUNICIPAL_ONLY), path
    listing = client.get(reverse("bulletin:proposal-list")).content.decode()
    assert OPEN_PROPOSAL in listing


def test_the_partners_labels_read_in_english(client, board, posts):
    client.force_login(make_partner(email="npo@example.jp"))
    html = client.get("/en/search/", {"q": "黄金がに"}).content.decode()
    assert "Proposal board (open to partner organisations)" in html
    assert "Calls from the wards (open to partner organisations)" in html
    assert "members only" not in html
