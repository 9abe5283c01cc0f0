"""A post's replies and a room's messages come from the cache, and never an old one
(bulletin/threads.py): a second view renders none of them, a change shows on the next view, and
the secretariat's and a member's views of a hidden reply stay apart."""

import pytest

from bulletin.models import Notification, Room
from bulletin.services.moderation import post_moderate
from bulletin.services.replies import hand_raise, reply_post
from bulletin.services.rooms import room_post
from bulletin.threads import MESSAGE_TEMPLATE, REPLY_TEMPLATE
from tests.factories import pass_second_factor


def rendered(response, name: str) -> int:
    return sum(1 for template in response.templates if template.name == name)


def replies_of(response) -> str:
    page = response.content.decode()
    start = page.index('<ol class="reply-list"')
    return page[start : page.index("</ol>", start)]


def test_a_second_view_renders_no_reply_and_shows_the_same_replies(client, board, proposal):
    for index in range(3):
        reply_post(proposal=proposal, author=board.ward, body=f"返信{index}です")
    client.force_login(board.other)
    first, second = client.get(proposal.get_absolute_url()), client.get(proposal.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert (rendered(first, REPLY_TEMPLATE), rendered(second, REPLY_TEMPLATE)) == (3, 0)
    assert replies_of(first) == replies_of(second)
    assert "返信2です" in replies_of(second) and "品川区" in replies_of(second)


def test_a_hidden_reply_shows_on_the_next_view_and_only_the_secretariat_reads_it(
    client, board, proposal
):
    reply = reply_post(proposal=proposal, author=board.ward, body="不適切な返信")
    client.force_login(board.other)
    assert "不適切な返信" in replies_of(client.get(proposal.get_absolute_url()))
    post_moderate(actor=board.secretariat, reply=reply, action="hide", reason="個人情報")
    member_view = replies_of(client.get(proposal.get_absolute_url()))
    assert "不適切な返信" not in member_view
    assert "この返信は事務局により非表示にされました。" in member_view
    pass_second_factor(client, board.secretariat)
    secretariat_view = replies_of(client.get(proposal.get_absolute_url()))
    assert "不適切な返信" in secretariat_view and "個人情報" in secretariat_view
    assert "非表示・再表示（事務局）" in secretariat_view


@pytest.fixture
def room(board, proposal):
    hand_raise(proposal=proposal, user=board.ward)
    Notification.objects.all().delete()
    return Room.objects.get(proposal=proposal, municipality=board.shinagawa)


def test_a_rooms_thread_is_rendered_once_and_a_new_message_shows(client, board, room):
    room_post(room=room, author=board.ward, body="日程の候補です")
    client.force_login(board.proposer)
    url = room.get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert (rendered(first, MESSAGE_TEMPLATE), rendered(second, MESSAGE_TEMPLATE)) == (1, 0)
    room_post(room=room, author=board.proposer, body="承知しました")
    third = client.get(url)
    assert rendered(third, MESSAGE_TEMPLATE) == 1  # only the new one
    thread = replies_of(third)
    assert thread.index("日程の候補です") < thread.index("承知しました")
