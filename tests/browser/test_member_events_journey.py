"""Members publish: 坂井市 submits a 物産展 at 東京区政会館, the secretariat approves it, and it is on
/events/, in calendar.ics and on 坂井市's page; 品川区 lists a 保養所, 白糠町 requests three nights
and 品川区 answers in the 調整ルーム the request opened, accepts, and the two record the
collaboration. Every page's status is asserted and every page is checked with axe-core."""

import datetime

from django.utils import timezone

from members.models import Municipality
from tests.factories import make_member, make_secretariat

EVENT = "坂井市 越前がに物産展"
RESORT = "品川区民保養所 光風荘"


def iso(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_members_publish_an_event_and_lend_a_resort(journey, transactional_db, full_register):
    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    shinagawa = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    shiranuka = make_member(Municipality.objects.get(code="016683"), email="shiranuka@example.jp")
    secretariat = make_secretariat()

    # 坂井市 submits its 物産展 from マイページ.
    page = journey.sign_in(sakai, "/mypage/")
    page = journey.follow(page.get_by_role("link", name="掲載申請の一覧・新しく申請する"))
    page = journey.follow(page.get_by_role("link", name="催しの掲載を申請する"))
    page.get_by_label("催しの種類").select_option(label="物産展")
    page.get_by_label("名称").fill(EVENT)
    page.get_by_label("開始日").fill(iso(40))
    page.get_by_label("終了日").fill(iso(41))
    page.get_by_label("開始時刻").fill("10:00")
    page.get_by_label("終了時刻").fill("17:00")
    page.get_by_label("会場のある区").select_option(label="千代田区")
    page.get_by_label("会場", exact=True).fill("東京区政会館")
    page.get_by_label("内容").fill("越前がにと坂井市の特産品を販売します。")
    page = journey.follow(page.get_by_role("button", name="申請する"))
    assert page.get_by_text("事務局の確認待ち").first.is_visible()
    journey.sign_out()

    # The secretariat approves it.
    page = journey.sign_in(secretariat, "/events/review/", second_factor=True)
    page = journey.follow(page.get_by_role("link", name=EVENT))
    page.get_by_label("承認して掲載する").check()
    page = journey.follow(page.get_by_role("button", name="決定する"))
    assert page.get_by_text("イベント一覧に掲載しました").is_visible()
    journey.sign_out()

    # The public finds it on /events/, in calendar.ics and on 坂井市's page.
    page = journey.goto("/events/")
    assert page.get_by_text("坂井市の催し").first.is_visible()
    page = journey.follow(page.get_by_role("link", name=EVENT))
    assert page.get_by_text("東京区政会館（千代田区）").first.is_visible()
    calendar = page.request.get(journey.base_url + "/events/calendar.ics").text()
    assert "SUMMARY:" + EVENT in calendar.replace("\r\n ", "")
    page = journey.goto("/municipalities/182109/")
    assert page.get_by_role("link", name=EVENT).is_visible()

    # 品川区 lists a 保養所 with the days it is free.
    page = journey.sign_in(shinagawa, "/directory/")
    page = journey.follow(page.get_by_role("link", name="施設・人材を登録する"))
    page.get_by_label("種類").select_option(label="保養所")
    page.get_by_label("名称").fill(RESORT)
    page.get_by_label("内容").fill("箱根の区民保養所です。自治体職員の研修にもご利用いただけます。")
    page.get_by_label("費用").fill("1泊 5,000円")
    page.get_by_label("担当部署").fill("地域活動課")
    page = journey.follow(page.get_by_role("button", name="保存する"))
    page.get_by_label("開始日").fill(iso(20))
    page.get_by_label("終了日").fill(iso(80))
    page = journey.follow(page.get_by_role("button", name="期間を加える"))
    assert page.get_by_text("利用できる期間を加えました").is_visible()
    journey.sign_out()

    # 白糠町 finds it for its dates and asks for three nights.
    page = journey.sign_in(shiranuka, "/directory/")
    page.get_by_label("種類").select_option(label="保養所")
    page.get_by_label("利用したい日（から）").fill(iso(30))
    page.get_by_label("利用したい日（まで）").fill(iso(33))
    page = journey.follow(page.get_by_role("button", name="絞り込む"))
    page = journey.follow(page.get_by_role("link", name=RESORT))
    page.get_by_label("希望の開始日").fill(iso(30))
    page.get_by_label("希望の終了日").fill(iso(33))
    page.get_by_label("申込の内容").fill("白糠町の職員3名で、研修のため3泊利用したいです。")
    page = journey.follow(page.get_by_role("button", name="申し込む"))
    assert page.get_by_text("3泊").first.is_visible()
    request_page = page.url.removeprefix(journey.base_url)
    page = journey.follow(page.get_by_role("link", name="調整ルームを開く"))
    room = page.url.removeprefix(journey.base_url)
    assert page.get_by_text("研修のため3泊利用したいです。").is_visible()
    journey.sign_out()

    # 品川区 finds the room on マイページ (unread) and answers there, then accepts on the request.
    page = journey.sign_in(shinagawa, "/mypage/")
    assert page.get_by_text("白糠町 との調整・未読 1 件").is_visible()
    page = journey.follow(page.get_by_role("link", name=f"{RESORT}（白糠町）").first)
    assert page.url.endswith(room)
    assert page.get_by_role("heading", name="調整ルーム：品川区 × 白糠町").is_visible()
    page.get_by_label("メッセージ").fill("その日程で空いています。お待ちしております。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    page = journey.follow(page.get_by_role("link", name=f"{RESORT}（白糠町）"))
    assert page.url.endswith(request_page)
    page.get_by_label("受け入れる").check()
    page = journey.follow(page.get_by_role("button", name="回答する"))
    assert page.get_by_text("受け入れ決定").first.is_visible()
    journey.sign_out()

    # 白糠町 reads the answer in the room (unread on マイページ) and records the collaboration.
    page = journey.sign_in(shiranuka, "/mypage/")
    assert page.get_by_text("品川区 との調整・未読 1 件").is_visible()
    page = journey.follow(page.get_by_role("link", name=f"{RESORT}（白糠町）").first)
    assert page.url.endswith(room)
    assert page.get_by_text("その日程で空いています。").is_visible()
    page = journey.goto(request_page)
    page.get_by_label("事業の概要").fill("白糠町職員の研修で品川区民保養所を利用")
    page = journey.follow(page.get_by_role("button", name="記録する"))
    assert page.get_by_role("heading", name=f"{RESORT}（白糠町）").is_visible()
    journey.sign_out()

    # 坂井市, no side of it, finds neither the request nor its room.
    journey.sign_in(sakai, "/directory/")
    journey.goto(request_page, status=404)
    journey.goto(room, status=404)
