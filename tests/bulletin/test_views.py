"""The board pages: listing with filters and a constant number of queries, posting with
clear errors and nothing lost, editing with a visible history, plain text with safe links."""

import pytest
from django.urls import reverse

from bulletin.models import HandRaise, Proposal, ProposalRevision, ProposalStatus, Reply
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.replies import reply_post
from core.templatetags.core_tags import plain_text
from tests.factories import make_member, make_ward

from .conftest import post_proposal, proposal_data

LIST_URL = reverse("bulletin:proposal-list")


def listed(response):
    return [p.title for p in response.context["object_list"]]


def many_proposals(board, start, stop=None):
    """Proposals start..stop-1 as the board's services leave them (by 坂井市 and 白糠町, some for
    品川区 only, every 5th with a reply and a raised hand of 品川区), in a few bulk inserts."""
    if stop is None:
        start, stop = 0, start
    proposals = Proposal.objects.bulk_create(
        Proposal(
            municipality=author.membership.municipality,
            author=author,
            **proposal_data(title=f"提案{index}", any_ward=bool(index % 3)),
        )
        for index in range(start, stop)
        for author in [board.other if index % 2 else board.proposer]
    )
    Proposal.wards.through.objects.bulk_create(
        Proposal.wards.through(proposal=proposal, municipality=board.shinagawa)
        for proposal in proposals
        if not proposal.any_ward
    )
    answered = [p for index, p in enumerate(proposals, start) if index % 5 == 0]
    Reply.objects.bulk_create(
        Reply(proposal=p, municipality=board.shinagawa, author=board.ward, body="返信")
        for p in answered
    )
    HandRaise.objects.bulk_create(
        HandRaise(proposal=p, ward=board.shinagawa, raised_by=board.ward) for p in answered
    )


def test_board_list_runs_the_same_queries_for_10_and_500_proposals(
    client, board, assert_queries_constant
):
    client.force_login(board.ward)
    queries = [
        {},
        {"q": "提案", "field": "tourism", "kind": "event", "status": "open"},
        {"prefecture": "18", "ward": "131091", "fiscal_year": "2025"},
    ]
    everything, search, filtered = assert_queries_constant(
        LIST_URL,
        lambda start, stop: many_proposals(board, start, stop),
        small=10,
        large=500,
        # The board home (no filter) also reads the suggestions: ties, profile, bodies,
        # candidates, the ward's quiet ties and its waiting yearly confirmation; a fixed number
        # of queries too; and the open disasters for the banner (disaster mode), one query.
        max_queries=20,
        params=queries,
        warm_up=True,  # the filter's choices and the banner are kept per stamp
    )
    assert Proposal.objects.count() == 500
    assert len(everything.context["object_list"]) == 20
    assert "500件の提案" in everything.content.decode()
    assert "500件の提案" in search.content.decode()
    assert "250件の提案" in filtered.content.decode()  # 坂井市's half, all for any ward or 品川区
    # Replies and raised hands are counted per proposal on the page: 提案495 and 提案490 of the
    # newest 20 have them (every 5th).
    assert everything.content.decode().count("返信 1件・手を挙げた区 1") == 4


def test_long_lists_stop_counting_at_the_cap(client, board, monkeypatch, assert_queries_constant):
    from core.pagination import CappedPaginator

    many_proposals(board, 45)
    client.force_login(board.ward)
    full = [listed(client.get(LIST_URL, {"q": "提案", "page": page})) for page in (1, 2)]
    _, uncapped_queries = assert_queries_constant.count(LIST_URL, {"q": "提案"})

    monkeypatch.setattr(CappedPaginator, "cap", 30)
    response = client.get(LIST_URL)
    assert "30件を超える提案があります" in response.content.decode()
    assert "新しい30件のうち 1〜20件を表示" in response.content.decode()
    assert response.context["paginator"].num_pages == 2
    # A search with more matches than the cap reads the newest proposals in order instead of
    # collecting every match: the same proposals, in the same order, with the same queries.
    capped = [listed(client.get(LIST_URL, {"q": "提案", "page": page})) for page in (1, 2)]
    assert capped[0] == full[0]
    assert capped[1] == full[1][:10]
    response, capped_queries = assert_queries_constant.count(LIST_URL, {"q": "提案"})
    assert "30件を超える提案があります" in response.content.decode()
    assert capped_queries == uncapped_queries


def test_proposal_page_queries_do_not_grow_with_replies(
    client, board, proposal, assert_queries_constant
):
    client.force_login(board.proposer)

    def grow(index):
        author = board.ward if index < 3 else board.other
        reply_post(proposal=proposal, author=author, body=f"返信{index}")

    # 12: the session, the user with the membership, the post, its attachments, hands, status
    # log and revisions, the replies' count and page, whether the member follows the post (the
    # follow button), the roundtable topics it came from (a section registered through
    # bulletin/pages.py) and the header's notification count. (A post that names wards, and a
    # call that names prefectures, reads them with one more query: attach_places.)
    (response,) = assert_queries_constant(
        proposal.get_absolute_url(), grow, small=3, large=63, max_queries=12
    )
    assert "返信（63件）" in response.content.decode()
    response = client.get(proposal.get_absolute_url(), {"page": 2})
    assert len(response.context["replies_page"].object_list) == 13
    assert "返信62" in response.content.decode()


def test_filters(client, board):
    setagaya = make_ward("世田谷区", "131121", "セタガヤク")
    make_member(setagaya)
    tourism = post_proposal(board.proposer, title="観光", field="tourism", fiscal_year=2025)
    post_proposal(
        board.other,
        title="スポーツ",
        field="sports",
        kind="market",
        any_ward=False,
        wards=[setagaya],
        fiscal_year=None,
        period_start="2026-05-01",
    )
    post_proposal(board.other, title="品川区だけ", any_ward=False, wards=[board.shinagawa])
    proposal_change_status(proposal=tourism, user=board.proposer, to_status="closed")
    client.force_login(board.ward)
    assert listed(client.get(LIST_URL, {"field": "sports"})) == ["スポーツ"]
    assert listed(client.get(LIST_URL, {"kind": "market"})) == ["スポーツ"]
    assert listed(client.get(LIST_URL, {"status": "closed"})) == ["観光"]
    assert listed(client.get(LIST_URL, {"prefecture": "18"})) == ["観光"]
    assert listed(client.get(LIST_URL, {"prefecture": "01"})) == ["品川区だけ", "スポーツ"]
    # A ward sees what is addressed to it or to any ward.
    assert listed(client.get(LIST_URL, {"ward": "131091"})) == ["品川区だけ", "観光"]
    assert listed(client.get(LIST_URL, {"ward": "131121"})) == ["スポーツ", "観光"]
    # The fiscal year given, or the one the period starts in (2026-05-01 → 令和8年度).
    assert listed(client.get(LIST_URL, {"fiscal_year": "2026"})) == ["スポーツ"]
    assert listed(client.get(LIST_URL, {"fiscal_year": "2025"})) == ["品川区だけ", "観光"]
    response = client.get(LIST_URL, {"q": "該当なし"})
    assert "条件に合う提案はありません" in response.content.decode()


def test_posting_a_proposal(client, board):
    client.force_login(board.proposer)
    response = client.post(
        reverse("bulletin:proposal-create"),
        {
            "title": "黄金がにをPR",
            "field": "tourism",
            "kind": "event",
            "body": "本文",
            "any_ward": "False",
            "wards": [board.shinagawa.pk],
            "fiscal_year": "",
            "period_start": "2025-11-18",
            "period_end": "2025-11-23",
        },
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.municipality == board.sakai and proposal.author == board.proposer
    assert list(proposal.wards.all()) == [board.shinagawa]
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.effective_fiscal_year == 2025


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": ""}, "title", "このフィールドは必須です"),
        ({"fiscal_year": "", "period_start": ""}, "fiscal_year", "少なくとも一方"),
        ({"any_ward": "False"}, "wards", "1つ以上選んでください"),
        ({"period_start": "2025-12-01", "period_end": "2025-11-01"}, "period_end", "開始日以降"),
        ({"period_start": "", "period_end": "2025-11-01"}, "period_start", "開始日も入力"),
        ({"field": ""}, "field", "このフィールドは必須です"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_keeps_what_was_typed(
    client, board, change, field, message
):
    client.force_login(board.proposer)
    data = {
        "title": "件名",
        "field": "tourism",
        "kind": "event",
        "body": "消えてはいけない本文",
        "offer": "提供内容",
        "any_ward": "True",
        "fiscal_year": "2025",
        **change,
    }
    response = client.post(reverse("bulletin:proposal-create"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    body = response.content.decode()
    assert "入力内容を確認してください" in body
    assert "消えてはいけない本文" in body and "提供内容" in body
    assert not Proposal.objects.exists()


def test_edits_before_the_first_reply_leave_no_history(client, board, proposal):
    client.force_login(board.proposer)
    data = {
        "title": "新しい件名",
        "field": proposal.field,
        "kind": proposal.kind,
        "body": proposal.body,
        "offer": proposal.offer,
        "seeking": proposal.seeking,
        "any_ward": "True",
        "fiscal_year": "2025",
    }
    assert (
        client.post(reverse("bulletin:proposal-update", args=[proposal.pk]), data).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.title == "新しい件名"
    assert not ProposalRevision.objects.exists()
    assert "編集履歴" not in client.get(proposal.get_absolute_url()).content.decode()


def test_edits_after_the_first_reply_are_kept_in_a_visible_history(client, board, proposal):
    reply_post(proposal=proposal, author=board.ward, body="興味があります")
    client.force_login(board.proposer)
    url = reverse("bulletin:proposal-update", args=[proposal.pk])
    assert "すでに返信があります" in client.get(url).content.decode()
    data = {
        "title": proposal.title,
        "field": proposal.field,
        "kind": proposal.kind,
        "body": "日程を11月18日からに変更しました。",
        "offer": proposal.offer,
        "seeking": proposal.seeking,
        "any_ward": "False",
        "wards": [board.shinagawa.pk],
        "fiscal_year": "2025",
    }
    assert client.post(url, data).status_code == 302
    revision = ProposalRevision.objects.get()
    assert revision.edited_by == board.proposer
    fields = {change["field"]: change for change in revision.changes}
    assert set(fields) == {"提案内容", "希望する区"}
    assert fields["希望する区"] == {
        "field": "希望する区",
        "before": "どの区でも可",
        "after": "品川区",
    }
    assert fields["提案内容"]["before"].startswith("坂井市の黄金がにを")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "編集履歴" in page and "日程を11月18日からに変更しました。" in page
    assert "坂井市の黄金がにを水族館でPRしたい" in page  # the earlier text stays visible
    client.force_login(board.ward)
    assert "編集履歴" in client.get(proposal.get_absolute_url()).content.decode()


def test_plain_text_is_escaped_and_links_are_nofollow():
    html = plain_text(
        '<script>alert("x")</script>\n詳細はhttps://example.jp/a?b=1&c=2。\r\n(https://example.jp/x_(y))'
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert (
        '<a href="https://example.jp/a?b=1&amp;c=2" rel="nofollow noopener">'
        "https://example.jp/a?b=1&amp;c=2</a>。" in html
    )
    assert '<a href="https://example.jp/x_(y)" rel="nofollow noopener">' in html
    assert html.count("<br>") == 2
    assert "javascript:" not in plain_text("javascript:alert(1)").replace("javascript:alert(1)", "")
    assert "<a" not in plain_text("javascript:alert(1) ftp://example.jp")


def test_post_body_on_the_page_is_escaped(client, board):
    proposal = post_proposal(
        board.proposer, body='<img src=x onerror="alert(1)">\n二行目 https://example.jp'
    )
    client.force_login(board.ward)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body
    assert '<a href="https://example.jp" rel="nofollow noopener">' in body


def test_empty_board(client, board):
    client.force_login(board.ward)
    assert "まだ提案はありません" in client.get(LIST_URL).content.decode()


def test_unknown_municipality_proposal_is_404(client, board):
    client.force_login(board.ward)
    response = client.get(reverse("bulletin:proposal-detail", args=[999]))
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
