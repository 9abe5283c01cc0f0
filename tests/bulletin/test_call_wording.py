"""A call (募集, a ward's to municipalities) speaks as a call everywhere: its page, the list, the
mail of its alerts, the hand button and its messages; a proposal keeps its own words."""

import pytest
from django.urls import reverse

from bulletin.models import HandRaise
from bulletin.services.proposals import call_submit
from members.models import OutgoingEmail
from tests.factories import make_body

from .test_matching import call_data

PROPOSAL_WORDS = ("提案自治体", "提案内容", "提案を編集する", "あなたの区は手を挙げています")


@pytest.fixture
def call(board, run_fanout):
    """A call, announced by the worker."""
    body = make_body(board.shiranuka.prefecture, "towns")
    call = call_submit(author=board.ward, data=call_data(target_body=body))
    run_fanout()
    return call


def page(client, url):
    return client.get(url).content.decode()


def test_the_call_page_speaks_as_a_call_to_the_ward(client, board, call):
    client.force_login(board.ward)
    text = page(client, call.get_absolute_url())
    assert "募集した区" in text and "募集内容" in text and "募集を編集する" in text
    assert not [word for word in PROPOSAL_WORDS if word in text]


def test_the_hand_button_and_its_message_speak_to_a_town(client, board, call):
    client.force_login(board.other)
    response = client.post(reverse("bulletin:hand-raise", args=[call.pk]), follow=True)
    text = response.content.decode()
    assert HandRaise.objects.filter(proposal=call, ward=board.shiranuka).exists()
    assert "手を挙げました。募集した区に通知しました。" in text
    assert "あなたの自治体は手を挙げています。" in text
    assert not [word for word in PROPOSAL_WORDS if word in text]


def test_the_list_and_the_mail_speak_as_a_call(client, board, call):
    mail = OutgoingEmail.objects.get(to=board.other.email)
    assert "募集: " in mail.body and "募集した区: " in mail.body and "募集を見る" in mail.body
    assert "提案自治体" not in mail.body and "提案を見る" not in mail.body
    client.force_login(board.other)
    client.post(reverse("bulletin:hand-raise", args=[call.pk]))
    hand_mail = OutgoingEmail.objects.filter(to=board.ward.email).latest("pk")
    assert "募集した区: " in hand_mail.body
    client.force_login(board.ward)
    text = page(client, reverse("bulletin:proposal-list"))
    card = text.split(call.title)[1].split("</li>")[0]
    assert "手を挙げた自治体 1" in card and "募集した区" in card and "手を挙げた区" not in card


def test_a_proposal_keeps_its_words(client, board, proposal):
    client.force_login(board.proposer)
    text = page(client, proposal.get_absolute_url())
    assert "提案自治体" in text and "提案内容" in text and "提案を編集する" in text
    assert "募集した区" not in text
