"""Issue 22's acceptance journey, from the first hand to the reported results: 坂井市 posts a
proposal, 品川区 raises its hand, both sides talk and share contact cards in their 調整ルーム (a
鶴岡市 member finds nothing there: 404), 坂井市 sets 成立 with a project name, 品川区 writes a
progress entry with a photo and an outcome indicator, the public collaboration page shows them,
and each side's マイページ shows the room, the hand and the collaboration. Then a ward member's
マイページ with something in every section, on a 390 px phone. Every page is checked with
axe-core (the journey fixture)."""

import datetime
import re

from django.utils import timezone

from members.models import Municipality
from tests.factories import make_member
from tests.members.images import photo_bytes

from .test_matching_journey import TITLE, post_sakai_proposal
from .test_phone_print_and_languages import PHONE, assert_fits_a_phone

PROJECT = "しながわ水族館 黄金がにPRフェア"
ENTRY = "しながわ水族館で黄金がにの展示と試食を行い、2日間で多くの来場がありました。"
PHOTO_ALT = "水族館の特設ブースで黄金がにを見る来場者"
INDICATOR = "PRブースの来場者数"


def desk_section(page, heading: str):
    """A section of マイページ, found by its heading."""
    return page.get_by_role("region", name=re.compile(f"^{heading}"))


def test_a_collaboration_is_carried_from_the_first_hand_to_its_public_results(
    journey, transactional_db, full_register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sakai = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    shinagawa = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    tsuruoka = make_member(Municipality.objects.get(code="062031"), email="tsuruoka@example.jp")
    today = timezone.localdate()

    # 坂井市 posts a proposal through the board's form.
    post_sakai_proposal(journey, sakai)

    # 品川区 finds it on the board, raises its hand and opens the room from the hand.
    page = journey.sign_in(shinagawa)
    page = journey.follow(page.get_by_role("link", name=TITLE))
    proposal_path = page.url.removeprefix(journey.base_url)
    page = journey.follow(page.get_by_role("button", name="手を挙げる"))
    assert page.get_by_text("あなたの区は手を挙げています。").is_visible()
    page = journey.follow(page.get_by_role("link", name="坂井市との調整ルーム"))
    room_path = page.url.removeprefix(journey.base_url)
    assert page.get_by_role("heading", level=1).inner_text() == "調整ルーム：坂井市 × 品川区"
    page.get_by_label("メッセージ").fill("品川区です。しながわ水族館の特設ブースでいかがでしょう。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    assert page.get_by_text("特設ブースでいかがでしょう。").is_visible()
    page.get_by_label("担当部署").fill("地域振興部 文化観光課")
    page.get_by_label("電話番号").fill("03-5742-0000")
    page.get_by_label("相手に見せる").check()
    page = journey.follow(page.get_by_role("button", name="連絡先を保存する"))
    assert page.get_by_text("連絡先を保存しました。相手の自治体に表示されます。").is_visible()
    journey.sign_out()

    # A third municipality's member finds nothing of the room.
    journey.sign_in(tsuruoka, "/board/rooms/")
    journey.goto(room_path, status=404)
    journey.sign_out()

    # 坂井市's マイページ shows the room with its unread message and the hand on its post.
    page = journey.sign_in(sakai, "/mypage/")
    rooms = desk_section(page, "未読のある調整ルーム")
    assert "品川区 との調整・未読 1 件" in rooms.inner_text()
    posts = desk_section(page, "自治体の募集中の投稿と手を挙げた自治体")
    assert f"{TITLE} 手を挙げた自治体 1" in posts.inner_text()
    page = journey.follow(rooms.get_by_role("link", name=TITLE))
    assert page.url.endswith(room_path)
    contacts = page.get_by_role("region", name="連絡先")
    assert "03-5742-0000" in contacts.inner_text() and "文化観光課" in contacts.inner_text()
    page.get_by_label("メッセージ").fill(
        "坂井市です。その形でお願いします。黄金がにをお送りします。"
    )
    page = journey.follow(page.get_by_role("button", name="送信する"))
    page.get_by_label("担当部署").fill("産業経済部 観光交流課")
    page.get_by_label("電話番号").fill("0776-50-0000")
    page.get_by_label("相手に見せる").check()
    page = journey.follow(page.get_by_role("button", name="連絡先を保存する"))

    # 坂井市 sets 成立, naming the project.
    page = journey.follow(page.get_by_role("main").locator("p").get_by_role("link", name=TITLE))
    assert page.url.endswith(proposal_path)
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="成立").check()
    assert page.get_by_label("品川区").is_checked()
    page.get_by_label("事業名").fill(PROJECT)
    page.get_by_label("事業の概要").fill("しながわ水族館で坂井市の黄金がにを展示し、試食とPRを行う")
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    assert page.get_by_text("成立にしました。連携事業一覧に掲載されました。").is_visible()
    assert page.get_by_role("link", name=PROJECT).is_visible()
    journey.sign_out()

    # 品川区 reads 坂井市's answer and card, from its マイページ to the room.
    page = journey.sign_in(shinagawa, "/mypage/")
    rooms = desk_section(page, "未読のある調整ルーム")
    assert "坂井市 との調整・未読 1 件" in rooms.inner_text()
    page = journey.follow(rooms.get_by_role("link", name=TITLE))
    assert page.get_by_text("黄金がにをお送りします。").is_visible()
    assert "0776-50-0000" in page.get_by_role("region", name="連絡先").inner_text()
    # The room, open for the implementation, leads to the collaboration's page.
    page = journey.follow(page.get_by_role("main").get_by_role("link", name=PROJECT))
    collaboration_path = page.url.removeprefix(journey.base_url)
    assert page.get_by_role("heading", level=1).inner_text() == PROJECT

    # 品川区 writes a progress entry with a photo…
    page = journey.follow(page.get_by_role("link", name="経過を記入"))
    photo = tmp_path / "booth.jpg"
    photo.write_bytes(photo_bytes((1200, 900)))
    page.get_by_label("日付").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("内容").fill(ENTRY)
    page.get_by_label("写真（任意）").set_input_files(str(photo))
    page.get_by_label("写真の説明（代替テキスト）").fill(PHOTO_ALT)
    page = journey.follow(page.get_by_role("button", name="保存する"))
    assert page.url.endswith(collaboration_path)
    assert page.get_by_text("保存しました。公開の連携事業ページに載ります。").is_visible()

    # …and an outcome indicator, with its target and the actual measured.
    page = journey.follow(page.get_by_role("link", name="成果指標を追加"))
    page.get_by_label("指標").fill(INDICATOR)
    page.get_by_label("単位").fill("人")
    page.get_by_label("目標値").fill("3000")
    page.get_by_label("目標の時点（任意）").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("実績値（任意）").fill("3450")
    page.get_by_label("実績の測定日").fill((today - datetime.timedelta(days=1)).isoformat())
    page = journey.follow(page.get_by_role("button", name="保存する"))
    assert page.url.endswith(collaboration_path)

    # 品川区 tells 坂井市 in the room that the results are on the page.
    page = journey.goto(room_path)
    page.get_by_label("メッセージ").fill("経過と来場者数を連携事業のページに記入しました。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    journey.sign_out()

    # Anybody reads them on the public collaboration page: the entry, its photo, the indicator.
    page = journey.goto("/collaborations/")
    page = journey.follow(page.get_by_role("link", name=PROJECT))
    assert page.url.endswith(collaboration_path)
    progress = page.get_by_role("region", name="経過")
    assert ENTRY in progress.inner_text() and "品川区" in progress.inner_text()
    image = progress.get_by_role("img", name=PHOTO_ALT)
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    outcomes = page.get_by_role("region", name="成果指標")
    text = outcomes.inner_text()
    assert INDICATOR in text and "目標達成" in text
    assert "3,000人" in text and "3,450人" in text, text

    # Each side's マイページ: 品川区's raised hand and its collaboration…
    page = journey.sign_in(shinagawa, "/mypage/")
    assert TITLE in desk_section(page, "自治体が手を挙げた投稿").inner_text()
    assert PROJECT in desk_section(page, "区の連携事業").inner_text()
    journey.sign_out()

    # …and 坂井市's: the room with 品川区's new message, and the collaboration.
    page = journey.sign_in(sakai, "/mypage/")
    assert "品川区 との調整・未読 1 件" in desk_section(page, "未読のある調整ルーム").inner_text()
    collaborations = desk_section(page, "自治体の連携事業")
    page = journey.follow(collaborations.get_by_role("link", name=PROJECT))
    assert page.url.endswith(collaboration_path)


# Every section a ward's member can have on マイページ (members.mypage registrations).
WARD_SECTIONS = {
    "rooms": "未読のある調整ルーム",
    "own-posts": "自治体の募集中の投稿と手を挙げた自治体",
    "addressed": "自治体宛ての募集中の投稿",
    "hands": "自治体が手を挙げた投稿",
    "followed": "ワッチしている投稿",
    "registrations": "イベントの参加申込",
    "consultations": "事務局への相談",
    "saved-searches": "保存した検索",
    "ward-ties": "区の連携関係",
    "collaborations": "区の連携事業",
}


def test_a_busy_wards_mypage_reads_well_on_a_phone(journey, transactional_db):
    from bulletin.services.collaborations import proposal_change_status
    from bulletin.services.consultations import consultation_open
    from bulletin.services.interests import follow_set, saved_search_create
    from bulletin.services.proposals import call_submit, proposal_submit
    from bulletin.services.replies import hand_raise
    from bulletin.services.rooms import room_post
    from events.registrations import Registration, RegistrationStatus
    from network.models import Tie, TieKind
    from tests.bulletin.conftest import proposal_data
    from tests.bulletin.test_matching import call_data
    from tests.factories import make_event, make_municipality, make_prefecture, make_ward

    fukui = make_prefecture("18", "福井県")
    sakai_town = make_municipality("坂井市", prefecture=fukui, kind="city", code="182109")
    shinagawa_ward = make_ward()
    sakai = make_member(sakai_town, email="sakai@example.jp")
    shinagawa = make_member(shinagawa_ward, email="shinagawa@example.jp")
    long_title = "坂井市の黄金がにと三国湊の町並みを品川区民まつりと区内の商店街で紹介する観光PR"

    # 坂井市's posts: one 品川区 raised its hand on (its room has an unread message), one it
    # follows, one that became a collaboration; 品川区's own call, with 坂井市's hand.
    talked = proposal_submit(author=sakai, data=proposal_data(title=long_title), wards=())
    hand_raise(proposal=talked, user=shinagawa)
    room = talked.rooms.get()
    room_post(room=room, author=sakai, body="日程の候補をお送りします。")
    followed = proposal_submit(author=sakai, data=proposal_data(title="越前がにの試食会"))
    follow_set(user=shinagawa, proposal=followed, following=True)
    realized = proposal_submit(author=sakai, data=proposal_data(title="丸岡城の桜まつり"))
    hand_raise(proposal=realized, user=shinagawa)
    proposal_change_status(
        proposal=realized,
        user=sakai,
        to_status="realized",
        collaboration={
            "title": "丸岡城の桜まつり 品川区ブース",
            "wards": [shinagawa_ward],
            "summary": "桜まつりに品川区のブースを出展",
            "fiscal_year": 2025,
        },
    )
    call = call_submit(author=shinagawa, data=call_data())
    hand_raise(proposal=call, user=sakai)
    # The ward's tie, an event registration on the waiting list, a consultation, a saved search.
    tie = Tie.objects.create(slug="shinagawa-sakai", ward=shinagawa_ward, kind=TieKind.FRIENDSHIP)
    tie.municipalities.add(sakai_town)
    event = make_event(
        "全国連携フォーラム",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="scheduled",
    )
    Registration.objects.create(
        event=event,
        status=RegistrationStatus.WAITING,
        name="品川 太郎",
        email=shinagawa.email,
        user=shinagawa,
    )
    consultation_open(author=shinagawa, subject="協定の進め方", body="相談です")
    saved_search_create(user=shinagawa, name="観光の提案", query="field=tourism")

    journey.page.set_viewport_size(PHONE)
    page = journey.sign_in(shinagawa, "/mypage/")
    for slug, heading in WARD_SECTIONS.items():
        section = desk_section(page, heading)
        assert section.get_attribute("id") == f"mypage-{slug}"
        assert section.get_by_role("listitem").count() >= 1, f"{heading} is empty"
    rooms = desk_section(page, WARD_SECTIONS["rooms"])
    assert long_title in rooms.inner_text() and "未読 1 件" in rooms.inner_text()
    assert (
        "キャンセル待ち 1 番目" in desk_section(page, WARD_SECTIONS["registrations"]).inner_text()
    )
    assert_fits_a_phone(page, "/mypage/")
    # The long title wraps inside the screen, and its link goes to the room.
    link = rooms.get_by_role("link", name=long_title)
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    page = journey.follow(link)
    assert page.url.endswith(room.get_absolute_url())
    assert_fits_a_phone(page, room.get_absolute_url())
