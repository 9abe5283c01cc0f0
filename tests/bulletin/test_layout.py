"""Every board page (and the public collaboration pages) comes from bulletin/base.html: the
board's stylesheet and one breadcrumb trail, whatever the page."""

import re

import pytest
from django.urls import reverse

from bulletin.models import Collaboration
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.replies import reply_post
from tests.factories import pass_second_factor

from .conftest import realize

BREADCRUMBS = re.compile(
    r'<nav aria-label="パンくずリスト" class="breadcrumbs">\s*<ol>(?P<steps>.*?)</ol>\s*</nav>',
    re.S,
)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/css/bulletin\.css">')


def trail(body: str) -> list[str]:
    """The breadcrumb steps' text, in order; fails unless there is exactly one trail."""
    found = BREADCRUMBS.findall(body)
    assert len(found) == 1, "one breadcrumb trail per page"
    steps = re.findall(r"<li[^>]*>(.*?)</li>", found[0], re.S)
    return [re.sub(r"<[^>]+>", "", step).strip() for step in steps]


@pytest.fixture
def pages(board, proposal):
    reply = reply_post(proposal=proposal, author=board.ward, body="品川区も参加したい")
    proposal_change_status(proposal=proposal, user=board.proposer, to_status="coordinating")
    title = proposal.title
    member, secretariat = board.proposer, board.secretariat
    board_root = ["連携提案掲示板"]
    return [
        # (who, url, expected trail)
        (member, reverse("bulletin:proposal-list"), board_root),
        (member, reverse("bulletin:proposal-create"), [*board_root, "提案を投稿する"]),
        (member, proposal.get_absolute_url(), [*board_root, title]),
        (member, reverse("bulletin:proposal-update", args=[proposal.pk]), [*board_root, title, "提案を編集する"]),
        (member, reverse("bulletin:proposal-status", args=[proposal.pk]), [*board_root, title, "状態を変更する"]),
        (board.ward, reverse("bulletin:reply-create", args=[proposal.pk]), [*board_root, title, "返信する"]),
        (board.ward, reverse("bulletin:proposal-report", args=[proposal.pk]), [*board_root, title, "事務局に通報する"]),
        (member, reverse("bulletin:reply-report", args=[reply.pk]), [*board_root, title, "事務局に通報する"]),
        (secretariat, reverse("bulletin:proposal-moderate", args=[proposal.pk]), [*board_root, title, "投稿の非表示・再表示"]),
        (secretariat, reverse("bulletin:reply-moderate", args=[reply.pk]), [*board_root, title, "投稿の非表示・再表示"]),
        (secretariat, reverse("bulletin:report-list"), [*board_root, "通報の確認"]),
        (member, reverse("bulletin:notification-list"), [*board_root, "通知一覧"]),
        (member, reverse("bulletin:notification-settings"), [*board_root, "通知の受け取り方"]),
        (board.pending, reverse("bulletin:proposal-list"), board_root),  # 掲示板は会員専用です
    ]  # fmt: skip


def test_every_board_page_links_the_board_stylesheet_and_renders_its_breadcrumbs(client, pages):
    for user, url, expected in pages:
        pass_second_factor(client, user)  # the secretariat's pages need it
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 403), url
        assert STYLESHEET.search(body), f"{url} does not link bulletin.css"
        assert trail(body) == expected, url
        # The page a trail ends on is marked as the current one, and only that step.
        assert len(re.findall(r'aria-current="page"', BREADCRUMBS.search(body)["steps"])) == 1, url


def test_the_collaboration_pages_share_the_board_layout(client, board, proposal):
    realize(proposal, board)
    collaboration = Collaboration.objects.get()
    for url, expected in [
        (reverse("bulletin:collaboration-list"), ["連携事業一覧"]),
        (collaboration.get_absolute_url(), ["連携事業一覧", collaboration.title]),
    ]:
        body = client.get(url).content.decode()
        assert STYLESHEET.search(body), url
        assert trail(body) == expected, url


def test_the_board_menu_has_one_notifications_entry(client, board):
    from django.urls import reverse

    client.force_login(board.ward)
    page = client.get(reverse("bulletin:proposal-list")).content.decode()
    menu = page.split('class="board-nav"')[1].split("</nav>")[0]
    assert menu.count("通知") == 1 and reverse("bulletin:notification-list") in menu
    notifications = client.get(reverse("bulletin:notification-list")).content.decode()
    main = notifications.split("</nav>", 2)[-1]
    assert reverse("bulletin:alert-settings") in main
    assert reverse("bulletin:notification-settings") in main


def test_the_interests_form_offers_only_what_affects_matching(client, board):
    """Places (地方・都道府県・協定団体) describe where a proposal comes from: a ward chooses them;
    a town hears of calls, which all come from Tokyo, so it is not offered them."""
    from django.urls import reverse

    url = reverse("bulletin:interest-profile")
    client.force_login(board.ward)
    ward_page = client.get(url).content.decode()
    assert 'name="regions"' in ward_page and 'name="prefectures"' in ward_page
    client.force_login(board.other)
    town_page = client.get(url).content.decode()
    assert 'name="fields_"' in town_page
    assert not [n for n in ("regions", "prefectures", "bodies") if f'name="{n}"' in town_page]
    response = client.post(url, {"fields_": ["tourism"]})
    assert response.status_code == 302
