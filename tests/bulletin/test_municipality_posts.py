"""A municipality's public page lists its open posts on the board to members only; the public
page's cache never stores or serves that section."""

import pytest
from django.test import Client

from bulletin.models import Proposal
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import call_submit
from tests.bulletin.conftest import post_proposal
from tests.factories import pass_second_factor

SECTION = 'id="municipality-open-posts"'


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def posts(board):
    shown = post_proposal(board.proposer, title="黄金がにのPRイベントを一緒に")
    closed = post_proposal(board.proposer, title="終わった提案")
    proposal_change_status(proposal=closed, user=board.proposer, to_status="closed")
    hidden = post_proposal(board.proposer, title="非表示にされた提案")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="重複")
    return shown


def test_an_approved_member_sees_the_open_proposals_on_the_page(board, posts):
    page = logged_in(board.ward).get(board.sakai.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and SECTION in html
    assert posts.title in html and posts.get_absolute_url() in html
    assert "終わった提案" not in html and "非表示にされた提案" not in html
    assert getattr(page, "public_cache", None) is None  # neither served from nor stored in it


def test_the_secretariat_after_the_second_factor_sees_them(board, posts):
    client = Client()
    pass_second_factor(client, board.secretariat)
    assert posts.title in client.get(board.sakai.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["pending", "no_membership", "secretariat"])
def test_others_logged_in_do_not_see_them(board, posts, who):
    # The secretariat without the second factor has no board powers yet.
    html = logged_in(getattr(board, who)).get(board.sakai.get_absolute_url()).content.decode()
    assert SECTION not in html and posts.title not in html


def test_an_anonymous_visitor_never_sees_them_even_from_the_cache_after_a_member(board, posts):
    url = board.sakai.get_absolute_url()
    member_page = logged_in(board.ward).get(url)
    assert posts.title in member_page.content.decode()

    first = Client().get(url)  # the member's page was not stored: this render is anonymous
    assert first.public_cache == "miss"
    assert SECTION not in first.content.decode() and posts.title not in first.content.decode()

    logged_in(board.ward).get(url)  # a member again, between two anonymous visits
    second = Client().get(url)
    assert second.public_cache == "hit"
    assert second.content == first.content and posts.title not in second.content.decode()

    # And a member after the anonymous copy was stored still gets the section.
    assert posts.title in logged_in(board.other).get(url).content.decode()


def test_a_ward_page_lists_its_open_calls_to_members(board):
    call = call_submit(
        author=board.ward,
        data={
            "title": "区民まつりの出展枠",
            "field": "tourism",
            "kind": "exhibit_slot",
            "body": "出展する自治体を募集します。",
            "fiscal_year": 2025,
        },
    )
    url = board.shinagawa.get_absolute_url()
    assert call.title in logged_in(board.other).get(url).content.decode()
    assert call.title not in Client().get(url).content.decode()
