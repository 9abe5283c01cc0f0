"""A municipal staff member registers, verifies the address from the e-mail, is approved by the
secretariat in the admin (two-factor login), edits the PR page with a photo, and the public
page shows it. axe-core checks every page on the way (the journey fixture)."""

import re

from django.core import mail

from members import outbox
from members.models import MemberMunicipality, MembershipStatus, PRPhoto, User
from tests.factories import TOTP_SECRET, make_secretariat_staff, totp_code
from tests.members.images import photo_bytes

PASSWORD = "echizen-crab-2024"


def test_staff_member_registers_is_approved_and_publishes_a_pr_page(
    journey, transactional_db, full_register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    secretariat = make_secretariat_staff("jimukyoku@example.jp")
    secretariat.set_password(PASSWORD)
    secretariat.save()

    # 1. Register.
    page = journey.goto("/")
    page = journey.follow(
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="ログイン")
    )
    page = journey.follow(page.get_by_role("link", name="会員登録"))
    assert page.get_by_role("heading", level=1).inner_text() == "会員登録"
    page = journey.register_sakai_staff(PASSWORD)
    assert "確認" in page.get_by_role("heading", level=1).inner_text()

    # 2. Follow the verification link from the e-mail (sent by the outbox worker).
    outbox.send_due()
    # Two mails: the applicant's verification link, and the secretariat's notice of a new
    # application (to the secretariat's own address).
    [message] = [m for m in mail.outbox if m.to == ["hanako@city.example.lg.jp"]]
    assert any(m.to == ["jimukyoku@example.jp"] for m in mail.outbox)
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page = journey.goto(link)
    page = journey.follow(page.get_by_role("button", name="確認"))
    # Confirming the address logs the applicant in and lands on マイページ.
    assert page.get_by_role("heading", level=1).inner_text() == "マイページ"
    assert page.get_by_text("承認待ち").is_visible()
    page.context.clear_cookies()

    # 3. The secretariat approves in the admin, after the two-factor step.
    page = journey.goto("/admin/")
    assert "/accounts/login/" in page.url
    page = journey.log_in("jimukyoku@example.jp", PASSWORD)
    page.get_by_label("コード", exact=False).first.fill(totp_code(TOTP_SECRET))
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    assert page.url.endswith("/admin/")
    page = journey.follow(page.get_by_role("link", name="会員登録申請").first)
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("approve_selected")
    page = journey.follow(page.get_by_role("button", name="実行"))
    assert page.get_by_text("1件の申請を承認し").is_visible()
    membership = User.objects.get(email="hanako@city.example.lg.jp").membership
    assert membership.status == MembershipStatus.APPROVED
    assert MemberMunicipality.objects.filter(municipality__code="182109").exists()
    outbox.send_due()
    assert "承認されました" in mail.outbox[-1].subject
    page.context.clear_cookies()

    # 4. The member edits the PR page and uploads a photo.
    page = journey.goto("/accounts/login/")
    page = journey.log_in("hanako@city.example.lg.jp", PASSWORD)
    page = journey.follow(page.get_by_role("link", name="自治体情報のPRページを作成する"))
    page.get_by_label("キャッチフレーズ", exact=False).fill("東尋坊と丸岡城、越前がにのまち")
    page.get_by_label("紹介文", exact=False).fill("日本海に面した、福井県北部のまちです。")
    page.get_by_label("観光", exact=False).first.fill("東尋坊、丸岡城")
    photo = tmp_path / "tojinbo.jpg"
    photo.write_bytes(photo_bytes((1600, 1200)))
    page.locator("[name=photos-0-upload]").set_input_files(str(photo))
    page.locator("[name=photos-0-caption]").fill("東尋坊の夕日")
    page.locator("[name=photos-0-alt_text]").fill("夕日に照らされた東尋坊の断崖と日本海")
    page = journey.follow(page.get_by_role("button", name="保存して公開する"))

    # 5. The public page shows it.
    assert "/municipalities/182109/" in page.url
    assert page.get_by_text("PRページを保存しました").is_visible()
    assert page.get_by_text("東尋坊と丸岡城、越前がにのまち").is_visible()
    image = page.get_by_role("img", name="夕日に照らされた東尋坊の断崖と日本海")
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 480
    assert page.get_by_text("東尋坊の夕日").is_visible()
    assert PRPhoto.objects.get().page.municipality.code == "182109"

    # The directory marks 坂井市 as a member municipality.
    page = journey.goto("/municipalities/?q=坂井&member=on")
    assert page.get_by_role("link", name="坂井市").is_visible()
    assert page.get_by_text("会員", exact=True).first.is_visible()
