"""A partner organisation's journey: an NPO applies with its 法人番号 (an invalid one is refused
with a clear message), verifies its address, the secretariat approves it in the admin, the NPO's
member sees a ward's call opened to partners but not an unflagged one (404), raises a hand, and
after 成立 the collaboration names the NPO on its public page and in the directory. axe-core
checks every page on the way (the journey fixture)."""

import re

from django.core import mail

from bulletin.services.proposals import call_submit
from members import outbox
from members.models import Municipality
from tests.bulletin.test_matching import call_data
from tests.factories import TOTP_SECRET, make_member, make_secretariat_staff, totp_code

from .test_board_journey import PASSWORD, log_in, log_out

NPO = "特定非営利活動法人 まちづくりネット"
OPEN_CALL = "子ども食堂の協力団体を募集します"
CLOSED_CALL = "職員交流の相手を募集します"


def test_an_npo_applies_is_approved_and_takes_part_in_a_call(
    journey, transactional_db, full_register
):
    secretariat = make_secretariat_staff("jimukyoku@example.jp")
    secretariat.set_password(PASSWORD)
    secretariat.save()
    ward = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    flagged = call_submit(
        author=ward, data=call_data(title=OPEN_CALL, welcomes_partners=True, fiscal_year=2025)
    )
    unflagged = call_submit(author=ward, data=call_data(title=CLOSED_CALL, fiscal_year=2025))

    # 1. The NPO applies; an invalid 法人番号 is refused with a clear message.
    page = journey.goto("/partners/organisations/")
    page = journey.follow(page.get_by_role("link", name="連携団体として参加を申請する"))
    assert page.get_by_role("heading", level=1).inner_text() == "連携団体の参加申請"
    page.get_by_label("団体名 必須", exact=True).fill(NPO)
    page.get_by_label("種別 必須", exact=True).select_option(label="NPO")
    page.get_by_label("法人番号", exact=True).fill("1000012050002")
    page.get_by_label("所在地 必須", exact=True).fill("東京都千代田区飯田橋3-5-1")
    page.get_by_label("提供できること 必須", exact=True).fill("子ども食堂の運営\n食材の手配")
    page.get_by_label("部署 必須", exact=True).fill("事業部")
    page.get_by_label("担当者氏名 必須", exact=True).fill("協働 花子")
    page.get_by_label("担当者氏名（よみがな） 必須", exact=True).fill("きょうどう はなこ")
    page.get_by_label("電話番号 必須", exact=True).fill("03-1234-5678")
    page.get_by_label("メールアドレス 必須", exact=True).fill("hanako@npo.example.jp")
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.get_by_label("利用規約に同意します").check()
    page = journey.follow(page.get_by_role("button", name="参加を申請する"))
    assert page.get_by_text("検査用数字（先頭の1桁）が正しくありません").is_visible()
    page.get_by_label("法人番号", exact=True).fill(
        "７００００１２０５０００２"
    )  # full-width: normalised
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page = journey.follow(page.get_by_role("button", name="参加を申請する"))
    assert "確認" in page.get_by_role("heading", level=1).inner_text()

    # 2. The address is verified from the e-mail.
    outbox.send_due()
    [message] = [m for m in mail.outbox if m.to == ["hanako@npo.example.jp"]]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page = journey.goto(link)
    page = journey.follow(page.get_by_role("button", name="確認"))
    assert page.get_by_role("heading", level=1).inner_text() == "マイページ"
    assert page.get_by_text(NPO).first.is_visible()
    page.context.clear_cookies()

    # 3. The secretariat approves on the application's page, after the two-factor step.
    page = journey.goto("/admin/")
    page = journey.log_in("jimukyoku@example.jp", PASSWORD)
    page.get_by_label("コード", exact=False).first.fill(totp_code(TOTP_SECRET))
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    page = journey.follow(page.get_by_role("link", name="連携団体の参加申請").first)
    page = journey.follow(page.get_by_role("link", name="協働 花子"))
    page = journey.follow(page.get_by_role("button", name="承認", exact=True))
    assert page.get_by_text("1件の申請を承認し").is_visible()
    outbox.send_due()
    assert "承認されました" in mail.outbox[-1].subject
    page.context.clear_cookies()

    # 4. The NPO's member sees the call opened to partners, not the other (404), and raises a hand.
    page = log_in(journey, "hanako@npo.example.jp")
    assert page.get_by_role("link", name=OPEN_CALL).is_visible()
    assert page.get_by_role("link", name=CLOSED_CALL).count() == 0
    journey.goto(unflagged.get_absolute_url(), status=404)
    page = journey.goto(flagged.get_absolute_url())
    page = journey.follow(page.get_by_role("button", name="手を挙げる"))
    assert page.get_by_text("あなたの団体は手を挙げています。").is_visible()
    log_out(journey)

    # 5. The ward marks the call 成立, naming the NPO (preselected: it raised its hand).
    page = log_in(journey, "shinagawa@example.jp", flagged.get_absolute_url())
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="成立").check()
    assert page.get_by_label(NPO).is_checked()
    page.get_by_label("事業の概要").fill("品川区と子ども食堂を協働で運営")
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    assert page.get_by_text("成立にしました。").is_visible()
    log_out(journey)

    # 6. The public collaboration page names the NPO, and the directory lists the collaboration.
    page = journey.goto("/collaborations/")
    page = journey.follow(page.get_by_role("link", name=OPEN_CALL))
    page = journey.follow(page.get_by_role("link", name=NPO))
    section = page.locator("section.card").filter(has_text=NPO)
    assert section.get_by_role("link", name=OPEN_CALL).is_visible()
