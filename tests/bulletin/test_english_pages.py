"""Every page a member reaches, in English, for a member whose board is full: suggestions (with
each reason), follows, raised hands and notifications. A reason is a stable code; its label is
translated only when shown."""

import pytest
from django.urls import reverse
from django.utils import translation

from bulletin import matching
from bulletin.models import Notification
from bulletin.services.fanouts import fanouts_expand
from bulletin.services.interests import follow_set, interest_profile_set, saved_search_create
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise, reply_post
from network.models import Tie, TieKind
from tests.factories import make_body

from .conftest import post_proposal
from .test_matching import call_data


@pytest.fixture
def busy_ward(board):
    """品川区, tied to 坂井市, following and raising a hand on its proposal, with notifications;
    白糠町 is sent a call of 品川区's."""
    tie = Tie.objects.create(slug="t", ward=board.shinagawa, kind=TieKind.FRIENDSHIP)
    tie.municipalities.set([board.sakai])
    interest_profile_set(user=board.ward, fields=["tourism"])
    proposal = post_proposal(board.proposer)
    other = post_proposal(board.proposer, title="二つ目の提案")
    follow_set(user=board.ward, proposal=other, following=True)
    hand_raise(proposal=proposal, user=board.ward)
    reply_post(proposal=proposal, author=board.proposer, body="ありがとうございます")
    saved_search_create(user=board.ward, name="観光", query="field=tourism")
    body = make_body(board.shiranuka.prefecture, "towns")
    call = call_submit(author=board.ward, data=call_data(target_body=body))
    fanouts_expand()  # the worker announces the posts
    assert Notification.objects.filter(recipient=board.ward, kind="new").exists()
    assert matching.suggestions_for(board.ward)
    return proposal, call


def test_reasons_are_codes_whatever_the_language(board, busy_ward):
    with translation.override("en"):
        [first, *_] = matching.suggestions_for(board.ward)
        assert first.reasons[0] == matching.Reason.TIE == "tie"
        assert str(first.reasons[0].label) == "Existing tie"


def test_every_member_page_renders_in_english(client, board, busy_ward):
    proposal, call = busy_ward
    pages = {
        "board": reverse("bulletin:proposal-list"),
        "proposal": proposal.get_absolute_url(),
        "call": call.get_absolute_url(),
        "call edit": reverse("bulletin:proposal-update", args=[call.pk]),
        "new proposal": reverse("bulletin:proposal-create"),
        "new call": reverse("bulletin:call-create"),
        "interests": reverse("bulletin:interest-profile"),
        "searches": reverse("bulletin:saved-search-list"),
        "notifications": reverse("bulletin:notification-list"),
        "alerts": reverse("bulletin:alert-settings"),
        "delivery": reverse("bulletin:notification-settings"),
        "consultations": reverse("bulletin:consultation-list"),
        "new consultation": reverse("bulletin:consultation-create"),
        "mypage": reverse("members:mypage"),
        "profile": reverse("members:profile-edit"),
    }
    client.force_login(board.ward)
    statuses = {name: client.get(f"/en{url}").status_code for name, url in pages.items()}
    assert statuses == dict.fromkeys(pages, 200)
    board_page = client.get("/en" + pages["board"]).content.decode()
    section = board_page.split('id="suggestions-heading"')[1].split("</section>")[0]
    assert "Existing tie" in section and "既存の交流あり" not in section
    for municipality_member in (board.proposer, board.other):
        client.force_login(municipality_member)
        assert client.get("/en" + pages["board"]).status_code == 200
