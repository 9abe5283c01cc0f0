"""The full lists behind two sections of マイページ: the posts a member follows (ワッチ,
/board/following/) and the posts their municipality raised its hand on (/board/hands/).

坂井市 posts, 品川区 (a ward) answers, 白糠町 is a third municipality that sees none of it.
"""

from django.urls import reverse

from bulletin.models import HandRaise, Proposal
from bulletin.services.interests import follow_set

from .conftest import post_proposal
from .test_mypage_desk import page, section

FOLLOWING = reverse("bulletin:followed-list")
HANDS = reverse("bulletin:hand-list")


def titles(response) -> list[str]:
    return [item.proposal.title for item in response.context["object_list"]]


def test_mypage_links_each_section_to_its_full_list(client, board):
    ward = page(client, board.ward)
    assert f'href="{FOLLOWING}"' in section(ward, "followed")
    assert f'href="{HANDS}"' in section(ward, "hands")


def test_the_followed_list_holds_the_members_own_follows_only(client, board):
    mine = post_proposal(board.proposer, title="ワッチした提案")
    theirs = post_proposal(board.proposer, title="他の人がワッチした提案")
    follow_set(user=board.ward, proposal=mine, following=True)
    follow_set(user=board.other, proposal=theirs, following=True)
    client.force_login(board.ward)
    response = client.get(FOLLOWING)
    assert response.status_code == 200
    assert titles(response) == ["ワッチした提案"]
    html = response.content.decode()
    assert mine.get_absolute_url() in html and "坂井市" in html
    assert "他の人がワッチした提案" not in html
    # A post the secretariat hid leaves the list of a member outside its municipality.
    Proposal.objects.filter(pk=mine.pk).update(is_hidden=True, hidden_reason="不適切")
    assert titles(client.get(FOLLOWING)) == []


def test_the_hands_list_holds_the_municipalitys_hands_only(client, board):
    ours = post_proposal(board.proposer, title="品川区が手を挙げた提案")
    post_proposal(board.proposer, title="誰も手を挙げていない提案")
    HandRaise.objects.create(proposal=ours, ward=board.shinagawa, raised_by=board.ward)
    client.force_login(board.ward)
    response = client.get(HANDS)
    assert response.status_code == 200
    assert titles(response) == ["品川区が手を挙げた提案"]
    assert ours.get_absolute_url() in response.content.decode()
    # 白糠町 raised no hand: its list is empty, with the empty state's sentence.
    client.force_login(board.other)
    response = client.get(HANDS)
    assert titles(response) == []
    assert "手を挙げた投稿はありません。" in response.content.decode()


def test_empty_lists_say_so(client, board):
    client.force_login(board.ward)
    assert "ワッチしている投稿はありません。" in client.get(FOLLOWING).content.decode()
    assert "手を挙げた投稿はありません。" in client.get(HANDS).content.decode()


def test_the_lists_are_paginated_and_a_bad_page_is_not_found(client, board):
    for index in range(32):
        post = post_proposal(board.proposer, title=f"提案{index:02}")
        follow_set(user=board.ward, proposal=post, following=True)
        HandRaise.objects.create(proposal=post, ward=board.shinagawa)
    client.force_login(board.ward)
    for url in (FOLLOWING, HANDS):
        first = client.get(url)
        assert len(first.context["object_list"]) == 30
        assert titles(first)[0] == "提案31"  # newest first
        second = client.get(url, {"page": 2})
        assert titles(second) == ["提案01", "提案00"]
        assert 'rel="prev"' in second.content.decode()
        assert client.get(url, {"page": 99}).status_code == 404
        assert client.get(url, {"page": "x"}).status_code == 404


def test_the_lists_read_a_fixed_number_of_queries(client, board, assert_queries_constant):
    client.force_login(board.ward)

    def grow(index):
        post = post_proposal(board.proposer, title=f"提案{index}")
        follow_set(user=board.ward, proposal=post, following=True)
        HandRaise.objects.create(proposal=post, ward=board.shinagawa)

    assert_queries_constant(FOLLOWING, grow, small=2, large=25, max_queries=12)
    assert_queries_constant(HANDS, grow, small=2, large=25, max_queries=12)


def test_the_lists_speak_english_on_english_pages(client, board):
    post = post_proposal(board.proposer, title="ワッチした提案")
    follow_set(user=board.ward, proposal=post, following=True)
    HandRaise.objects.create(proposal=post, ward=board.shinagawa)
    client.force_login(board.ward)
    following = client.get("/en" + FOLLOWING).content.decode()
    assert "<h1>Posts I follow</h1>" in following and "Followed on" in following
    hands = client.get("/en" + HANDS).content.decode()
    assert "<h1>Posts my municipality raised its hand on</h1>" in hands
    assert "Hand raised on" in hands and "手を挙げた日時" not in hands
