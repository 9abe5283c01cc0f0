"""The 調整ルーム journey: 品川区 raises its hand on 坂井市's proposal, both sides exchange
messages and contact cards in their private room, a 鶴岡市 member finds nothing there (404),
and the secretariat is asked in. Every page is checked with axe-core."""

from members.models import Municipality
from tests.factories import make_member

from .test_board_journey import log_in, log_out

TITLE = "黄金がにをしながわ水族館でPRしませんか"


def test_two_sides_coordinate_in_their_private_room(journey, transactional_db, full_register):
    from bulletin.services.proposals import proposal_submit
    from tests.bulletin.conftest import proposal_data

    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    make_member(Municipality.objects.get(code="062031"), email="tsuruoka@example.jp")
    proposal = proposal_submit(author=sakai, data=proposal_data(title=TITLE), wards=())
    proposal_path = proposal.get_absolute_url()

    # 品川区 raises its hand and goes to the room from its hand.
    page = log_in(journey, "shinagawa@example.jp", proposal_path)
    page = journey.follow(page.get_by_role("button", name="手を挙げる"))
    page = journey.follow(page.get_by_role("link", name="坂井市との調整ルーム"))
    room_path = page.url.removeprefix(journey.base_url)
    assert "調整ルーム" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("メッセージ").fill("品川区です。6月の週末はいかがでしょうか。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    assert page.get_by_text("6月の週末はいかがでしょうか。").is_visible()
    page.get_by_label("担当部署").fill("文化観光課")
    page.get_by_label("電話番号").fill("03-5742-0000")
    page.get_by_label("相手に見せる").check()
    page = journey.follow(page.get_by_role("button", name="連絡先を保存する"))
    log_out(journey)

    # 坂井市 opens the room from its notification, sees 品川区's card and answers.
    page = log_in(journey, "sakai@example.jp", "/board/notifications/")
    page = journey.follow(
        page.get_by_role("link", name="調整ルームに品川区から新しいメッセージ").first
    )
    assert page.url.endswith(room_path)
    assert page.get_by_text("03-5742-0000").is_visible()
    page.get_by_label("メッセージ").fill("坂井市です。6月で調整しましょう。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    page = journey.follow(page.get_by_role("button", name="事務局に参加を依頼"))
    assert page.get_by_text("事務局に参加を依頼しました").first.is_visible()
    log_out(journey)

    # A third member finds nothing: the room is 404, and its own list is empty.
    page = log_in(journey, "tsuruoka@example.jp", "/board/rooms/")
    assert page.get_by_text("調整ルームはまだありません。").is_visible()
    journey.goto(room_path, status=404)
    log_out(journey)
