"""The disaster journey: the secretariat declares 令和9年能登地震 for 石川県輪島市; 品川区's member,
who takes the daily digest, is alerted at once; 輪島市 asks for 5 保健師; 品川区 commits 3 and
江戸川区 2, and the request is 充足; 品川区 reports its dispatch and the 対策本部 page shows it.
Every page is checked with axe-core."""

from bulletin.models import Delivery, NotificationPreference
from members.models import Municipality, OutgoingEmail
from tests.factories import make_member, make_secretariat


def test_a_disaster_is_declared_asked_for_answered_and_reported(
    journey, transactional_db, full_register
):
    secretariat = make_secretariat()
    wajima = make_member(Municipality.objects.get(name="輪島市"), email="wajima@example.jp")
    shinagawa = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    edogawa = make_member(Municipality.objects.get(code="131237"), email="edogawa@example.jp")
    NotificationPreference.objects.create(user=shinagawa, delivery=Delivery.DAILY_DIGEST)

    # The secretariat declares the disaster in the form.
    page = journey.sign_in(secretariat, "/disaster/declare/", second_factor=True)
    page.get_by_label("災害名").fill("令和9年能登地震")
    page.get_by_label("種別").select_option("earthquake")
    page.get_by_label("発生日").fill("2027-01-01")
    page.get_by_label("被災自治体").fill("石川県輪島市")
    page = journey.follow(page.get_by_role("button", name="設置してお知らせする"))
    assert page.get_by_role("heading", level=1).inner_text() == "令和9年能登地震 対策本部"
    headquarters = page.url.removeprefix(journey.base_url)
    journey.sign_out()

    # 品川区's member takes the digest, yet the mail is in the outbox already.
    assert OutgoingEmail.objects.filter(
        to="shinagawa@example.jp", subject__contains="令和9年能登地震"
    ).exists()
    page = journey.sign_in(shinagawa, "/")
    assert page.get_by_text("【災害対応中】").is_visible()
    page = journey.goto("/board/notifications/")
    page = journey.follow(
        page.get_by_role("link", name="令和9年能登地震の対策本部を設置しました").first
    )
    assert page.url.endswith(headquarters)
    journey.sign_out()

    # 輪島市 asks for 5 保健師.
    page = journey.sign_in(wajima, headquarters)
    page = journey.follow(page.get_by_role("link", name="支援を要請する"))
    page.get_by_label("職員派遣").check()
    page.get_by_label("職種").select_option("nurse")
    page.get_by_label("内容・品目").fill("避難所の健康相談")
    page.get_by_label("必要数").fill("5")
    page.get_by_label("場所・納品場所").fill("輪島市役所 保健センター")
    page = journey.follow(page.get_by_role("button", name="要請を送る"))
    assert page.get_by_text("保健師 5名のうち 0名 確保、残り 5名").is_visible()
    request_path = page.url.removeprefix(journey.base_url)
    journey.sign_out()

    # 品川区 commits 3, 江戸川区 2.
    for member, quantity, after in [
        (shinagawa, "3", "保健師 5名のうち 3名 確保、残り 2名"),
        (edogawa, "2", "保健師 5名のうち 5名 確保、残り 0名"),
    ]:
        page = journey.sign_in(member, request_path)
        page.get_by_label("応援する数").fill(quantity)
        page.get_by_label("担当・連絡先").fill("防災課 03-0000-0000")
        page = journey.follow(page.get_by_role("button", name="申し出る"))
        assert page.get_by_text(after).is_visible()
        journey.sign_out()
    # The request shows 充足, and nothing is left to offer.
    assert page.locator(".progress-line + p strong").inner_text() == "充足"
    assert page.get_by_role("button", name="申し出る").count() == 0

    # 輪島市 accepts 品川区's offer.
    page = journey.sign_in(wajima, request_path)
    page = journey.follow(page.get_by_role("button", name="品川区の応援を受け入れる"))
    assert page.get_by_role("cell", name="受入れ決定").is_visible()
    journey.sign_out()

    # 品川区 reports its dispatch; the 対策本部 page shows it in the ward × support table.
    page = journey.sign_in(shinagawa, headquarters)
    page = journey.follow(page.get_by_role("link", name="区の支援を報告する"))
    page.get_by_label("職員派遣").check()
    page.get_by_label("職種").select_option("nurse")
    page.get_by_label("派遣人数").fill("3")
    page.get_by_label("期間（開始）").fill("2027-01-10")
    page.get_by_label("期間（終了）").fill("2027-01-20")
    page = journey.follow(page.get_by_role("button", name="報告する"))
    assert page.url.endswith(headquarters)
    row = page.get_by_role("row", name="品川区")
    assert "3名" in row.inner_text()
    assert "品川区" not in page.locator("#silent-wards").inner_text()
    journey.sign_out()

    # The secretariat records the joint 復興支援金.
    page = journey.sign_in(secretariat, headquarters, second_factor=True)
    page = journey.follow(page.get_by_role("link", name="復興支援金を記録する"))
    page.get_by_label("金額（円）").fill("10000000")
    page.get_by_label("決定日").fill("2027-01-25")
    page.get_by_label("拠出先の自治体").fill("石川県輪島市")
    page = journey.follow(page.get_by_role("button", name="記録する"))
    assert page.get_by_text("10,000,000円").is_visible()
    journey.sign_out()

    # The public record writes itself: anyone reads what was asked and what the wards gave,
    # computed from the rows above, with no contact detail.
    slug = headquarters.strip("/").split("/")[-1]
    page = journey.goto(f"/disaster-support/{slug}/")
    text = page.locator("main").inner_text()
    asked = page.get_by_role("row", name="石川県輪島市 保健師").inner_text().split("\t")
    assert asked[1:5] == ["保健師", "5名", "5名", "0名"], asked
    assert "品川区 3名、江戸川区 2名" in asked[5]
    assert asked[6] == "充足", asked
    # 品川区's reported dispatch, by profession.
    assert page.get_by_role("row", name="保健師 3人").is_visible()
    # The joint 復興支援金 the secretariat entered: amount, recipient, decision date.
    fund = page.get_by_role("row", name="復興支援金").inner_text().split("\t")
    assert fund[1:3] == ["10,000,000円", "輪島市"], fund
    assert "令和9年1月25日" in fund[3], fund
    assert "復興支援金" in text
    assert "防災課 03-0000-0000" not in page.content()
