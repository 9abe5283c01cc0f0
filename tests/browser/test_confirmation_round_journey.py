"""The yearly confirmation's journey (年度確認): the secretariat opens a round from the desk,
品川区's member is asked on the board home, reviews the ward's ties and confirms them, and the
desk shows 1 of the 23 wards confirmed. Every page is checked with axe-core."""

import datetime

from django.utils import timezone

from members.models import Municipality
from network.models import ConfirmationRound, Tie, TieKind
from tests.factories import make_member, make_secretariat


def test_a_round_is_opened_shinagawa_confirms_and_the_desk_shows_1_of_23(
    journey, transactional_db, full_register
):
    shinagawa = Municipality.objects.get(code="131091")
    member = make_member(shinagawa, email="shinagawa@example.jp")
    secretariat = make_secretariat()
    tie = Tie.objects.create(slug="shinagawa-sakai", ward=shinagawa, kind=TieKind.FRIENDSHIP)
    tie.municipalities.set([Municipality.objects.get(code="182109")])

    # The secretariat opens this year's round from the desk.
    page = journey.sign_in(secretariat, "/board/desk/", second_factor=True)
    page.get_by_label("回答期限").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    page = journey.follow(page.get_by_role("button", name="年度確認を始める"))
    assert "23区のうち0区が確認済み" in page.locator("#round-status").inner_text()
    journey.sign_out()

    # 品川区's member is asked on the board home, reviews the list and confirms it.
    page = journey.sign_in(member, "/board/")
    notice = page.locator("#ward-confirmation-notice")
    assert "品川区の交流関係の一覧を確認してください" in notice.inner_text()
    page = journey.follow(notice.get_by_role("link", name="一覧を確認する"))
    assert page.get_by_role("heading", level=1).inner_text() == "品川区の交流関係の年度確認"
    assert "坂井市" in page.locator("#ties-caption + thead + tbody, table").first.inner_text()
    page.get_by_label("事務局への連絡事項（任意）").fill("変更ありません")
    page = journey.follow(page.get_by_role("button", name="この一覧で確認しました"))
    assert "確認済みです" in page.locator("#confirmation-status").inner_text()
    journey.sign_out()

    # The desk shows 1 of 23 confirmed, and which ward.
    page = journey.sign_in(secretariat, "/board/desk/", second_factor=True)
    assert "23区のうち1区が確認済み" in page.locator("#round-status").inner_text()
    row = page.get_by_role("row", name="品川区")
    assert "確認済み" in row.inner_text() and "変更ありません" in row.inner_text()
    assert "未確認" in page.get_by_role("row", name="目黒区").inner_text()
    assert ConfirmationRound.objects.get().wards.confirmed().count() == 1
