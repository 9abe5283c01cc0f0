"""The secretariat publishes a news item with an image; a visitor registers for a lecture, is
mailed, cancels, and the first on the waiting list moves up and is mailed. axe-core checks
every page on the way (the journey fixture)."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from events.registrations import Registration, RegistrationStatus
from members import outbox
from tests.factories import TOTP_SECRET, make_event, make_secretariat_staff, totp_code
from tests.members.images import photo_bytes

PASSWORD = "tokyo-23-wards-2014"


def test_the_secretariat_publishes_news_with_an_image(journey, tmp_path):
    secretariat = make_secretariat_staff("jimukyoku@example.jp")
    secretariat.set_password(PASSWORD)
    secretariat.save()
    picture = tmp_path / "venue.jpg"
    picture.write_bytes(photo_bytes())

    page = journey.goto("/admin/record/newsitem/add/")
    page = journey.log_in("jimukyoku@example.jp", PASSWORD)
    page.get_by_label("コード", exact=False).first.fill(totp_code(TOTP_SECRET))
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    if "/admin/record/newsitem/add/" not in page.url:
        page = journey.goto("/admin/record/newsitem/add/")
    page.get_by_label("見出し").fill("全国連携講演会の参加者を募集します")
    page.get_by_label("分類").select_option(label="募集")
    page.get_by_label("本文").fill("## 概要\n\n**どなたでも**参加できます。")
    page.get_by_label("公開状態").select_option(label="公開")
    page.locator("#id_published_on").fill(timezone.localdate().isoformat())
    page.locator("#id_image").set_input_files(str(picture))
    page.get_by_label("画像の説明（代替テキスト）").fill("講演会の会場の様子")
    page = journey.follow(page.get_by_role("button", name="保存", exact=True))
    assert "/admin/record/newsitem/" in page.url
    page.context.clear_cookies()

    page = journey.goto("/")
    news = page.get_by_role("region", name="お知らせ")
    assert news.get_by_role("link", name="全国連携講演会の参加者を募集します").is_visible()
    page = journey.follow(
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="お知らせ")
    )
    page = journey.follow(page.get_by_role("link", name="全国連携講演会の参加者を募集します"))
    assert page.get_by_role("img", name="講演会の会場の様子").is_visible()
    assert page.locator("main strong").inner_text() == "どなたでも"
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert "/media/news/" in og_image
    feed = page.request.get(journey.base_url + "/news/feed.atom").text()
    assert "全国連携講演会の参加者を募集します" in feed


def test_a_visitor_registers_cancels_and_the_waiting_list_moves_up(journey):
    day = timezone.localdate() + datetime.timedelta(days=20)
    event = make_event(
        "第1回全国連携講演会",
        slug="lecture-next",
        start_date=day,
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        registration_deadline=timezone.make_aware(
            datetime.datetime.combine(day - datetime.timedelta(days=3), datetime.time(17, 0))
        ),
        status="scheduled",
        online=True,
        venue="オンライン",
        registration_open=True,
        capacity=1,
        viewing_url="https://meet.example.jp/lecture-next",
    )

    # The page says when the lecture starts and ends, in Japanese and in English, and its
    # deadline reads like every other date (和暦 with the time).
    page = journey.goto(f"/en{event.get_absolute_url()}")
    schedule = page.locator("dl.facts dd").first
    assert "14:00" in schedule.inner_text() and "16:30" in schedule.inner_text()
    page = journey.goto(event.get_absolute_url())
    schedule = page.locator("dl.facts dd").first
    assert "14:00" in schedule.inner_text() and "16:30" in schedule.inner_text()
    assert schedule.locator("time").first.get_attribute("datetime").endswith("T14:00:00+09:00")
    deadline = page.get_by_text(re.compile(r"^令和[0-9元]+年[0-9]+月[0-9]+日（[0-9]{4}年.*17:00$"))
    assert deadline.is_visible()
    page = journey.follow(page.get_by_role("link", name="参加を申し込む"))
    page.get_by_label("氏名").fill("連携 花子")
    page.get_by_label("所属", exact=False).fill("NPO法人つなぐ")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page = journey.follow(page.get_by_role("button", name="申し込む"))
    assert page.get_by_role("heading", level=1).inner_text() == "参加申込を受け付けました"
    assert mail.outbox == []  # the request only wrote it to the outbox
    outbox.send_due()  # the outbox worker sends it
    (confirmation,) = mail.outbox
    assert confirmation.to == ["hanako@example.jp"]
    assert "https://meet.example.jp/lecture-next" in confirmation.body
    assert "14:00" in confirmation.body and "16:30" in confirmation.body

    # Full now: the next visitor joins the waiting list.
    page = journey.goto(event.get_absolute_url())
    page = journey.follow(page.get_by_role("link", name="キャンセル待ちに申し込む"))
    page.get_by_label("氏名").fill("港 次郎")
    page.get_by_label("メールアドレス").fill("jiro@example.jp")
    page = journey.follow(page.get_by_role("button", name="キャンセル待ちに申し込む"))
    assert page.get_by_role("heading", level=1).inner_text() == "キャンセル待ちとして受け付けました"
    outbox.send_due()
    assert mail.outbox[-1].to == ["jiro@example.jp"]
    assert "meet.example.jp" not in mail.outbox[-1].body

    cancel_url = re.search(r"http\S+/events/registrations/[0-9a-f-]+/", confirmation.body).group(0)
    page = journey.goto(cancel_url.split("/events/", 1)[1].join(["/events/", ""]))
    page = journey.follow(page.get_by_role("button", name="申込をキャンセルする"))
    assert page.get_by_text("キャンセルを受け付けました。").is_visible()

    jiro = Registration.objects.get(email="jiro@example.jp")
    assert jiro.status == RegistrationStatus.CONFIRMED
    outbox.send_due()
    promoted = [m for m in mail.outbox if m.to == ["jiro@example.jp"]][-1]
    assert "繰り上が" in promoted.body
    assert "https://meet.example.jp/lecture-next" in promoted.body
