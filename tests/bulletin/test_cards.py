"""The board list's cards come from the cache, and never an old one (bulletin/cards.py)."""

from django.test.utils import override_settings
from django.urls import reverse

from bulletin.cards import CARD_TEMPLATE
from bulletin.models import Proposal
from bulletin.services.proposals import call_submit, proposal_update
from bulletin.services.replies import hand_raise, reply_post
from members.models import Municipality
from tests.factories import make_prefecture, make_ward

from .conftest import post_proposal, proposal_data
from .test_matching import call_data

LIST_URL = reverse("bulletin:proposal-list")


def cards_rendered(response) -> int:
    return sum(1 for template in response.templates if template.name == CARD_TEMPLATE)


def card_of(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</li>", start)]


def test_a_second_view_renders_no_card_and_shows_the_same_page(client, board):
    for index in range(3):
        post_proposal(board.proposer, title=f"提案{index}")
    client.force_login(board.ward)
    first = client.get(LIST_URL, {"page": "1", "field": "tourism"})
    second = client.get(LIST_URL, {"page": "1", "field": "tourism"})
    assert first.status_code == second.status_code == 200
    assert cards_rendered(first) == 3
    assert cards_rendered(second) == 0
    cards = [card_of(r.content.decode(), "提案1") for r in (first, second)]
    assert cards[0] == cards[1] and "福井県坂井市" in cards[0]
    # Another member of another municipality gets the same cards from the cache.
    client.force_login(board.other)
    assert cards_rendered(client.get(LIST_URL, {"field": "tourism"})) == 0


def test_a_reply_a_hand_an_edit_and_a_rename_show_on_the_next_view(client, board):
    post = post_proposal(board.proposer, title="黄金がにのPR")
    client.force_login(board.ward)
    page = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    assert "返信 0件・手を挙げた区 0" in card_of(page, "黄金がにのPR")

    reply_post(proposal=post, author=board.ward, body="検討します")
    hand_raise(proposal=post, user=board.ward)
    page = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    assert "返信 1件・手を挙げた区 1" in card_of(page, "黄金がにのPR")

    proposal_update(
        proposal=post,
        editor=board.proposer,
        data=proposal_data(title="越前がにのPR", any_ward=False),
        wards=[board.shinagawa],
    )
    page = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    assert "黄金がにのPR" not in page
    assert "品川区" in card_of(page, "越前がにのPR")

    Municipality.objects.filter(pk=board.sakai.pk).update(name="新坂井市")
    page = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    assert "福井県新坂井市" in card_of(page, "越前がにのPR")

    Proposal.objects.filter(pk=post.pk).update(status="closed")
    page = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    assert "status--closed" in card_of(page, "越前がにのPR")


def test_a_card_and_a_post_name_the_wanted_wards_and_a_calls_prefectures_in_code_order(
    client, board
):
    setagaya = make_ward("世田谷区", "131121", "セタガヤク")
    for ward, romaji in ((setagaya, "Setagaya-ku"), (board.shinagawa, "Shinagawa-ku")):
        ward.romaji = romaji
        ward.save()
    post_proposal(
        board.proposer, title="二区への提案", any_ward=False, wards=[setagaya, board.shinagawa]
    )
    fukui, hokkaido = make_prefecture("18", "福井県"), make_prefecture("01", "北海道")
    call = call_submit(author=board.ward, data=call_data(title="二県への募集"))
    call.target_prefectures.set([fukui, hokkaido])
    client.force_login(board.other)
    # The cards, not the suggestions above them.
    page = client.get(LIST_URL).content.decode().split('class="proposal-list"')[1]
    assert "品川区、世田谷区" in card_of(page, "二区への提案")
    assert "北海道、福井県" in card_of(page, "二県への募集")
    # The posts' own pages name them in the same order.
    wanted = Proposal.objects.get(title="二区への提案")
    assert "品川区、世田谷区" in client.get(wanted.get_absolute_url()).content.decode()
    assert "北海道、福井県" in client.get(call.get_absolute_url()).content.decode()
    english = client.get("/en" + LIST_URL).content.decode()
    assert "Shinagawa-ku, Setagaya-ku" in card_of(english, "二区への提案")


def test_the_english_page_has_english_cards(client, board):
    post_proposal(board.proposer, title="黄金がにのPR")
    client.force_login(board.ward)
    japanese = client.get(LIST_URL, {"field": "tourism"}).content.decode()
    english = client.get("/en" + LIST_URL, {"field": "tourism"}).content.decode()
    assert "投稿日" in card_of(japanese, "黄金がにのPR")
    card = card_of(english, "黄金がにのPR")
    assert "投稿日" not in card and "Posted on" in card


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_cache_every_card_is_rendered(client, board):
    post_proposal(board.proposer, title="黄金がにのPR")
    client.force_login(board.ward)
    for _ in range(2):
        response = client.get(LIST_URL, {"field": "tourism"})
        assert response.status_code == 200 and cards_rendered(response) == 1
