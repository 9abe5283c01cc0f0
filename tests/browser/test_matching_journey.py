"""Matching journeys: 坂井市 posts a proposal → the 品川区 member sees it among their
notifications and in the suggestions with its reason → follows it; 品川区 posts a call to the
北海道町村会's members → a member of 白糠町 is alerted, raises a hand → 成立 → a public
collaboration. Every page visited is checked with axe-core (journey.follow / goto)."""

import re

from bulletin.services.fanouts import fanouts_expand
from members.models import Municipality
from network.models import Tie, TieKind
from tests.factories import make_member

from .test_board_journey import PASSWORD

assert PASSWORD
TITLE = "黄金がにのPRを一緒に"
CALL_TITLE = "品川区民まつりの物産展に出展しませんか"


def post_sakai_proposal(journey, member):
    """坂井市's member posts the proposal through the form, then leaves."""
    page = journey.sign_in(member)
    page = journey.follow(page.get_by_role("link", name="提案を投稿する").first)
    page.get_by_label("件名").fill(TITLE)
    page.get_by_label("分野").select_option(label="観光振興")
    page.get_by_label("連携の種類").select_option(label="イベント出展")
    page.get_by_label("提案内容").fill("坂井市の黄金がにを区内でPRしたいと考えています。")
    page.get_by_label("実施年度").select_option(index=2)
    journey.follow(page.get_by_role("button", name="投稿する"))
    journey.sign_out()


def test_a_proposal_reaches_the_ward_and_a_call_reaches_the_towns(
    journey, transactional_db, load_shipped
):
    load_shipped("agreements")
    sakai = Municipality.objects.get(code="182109")
    shinagawa = Municipality.objects.get(code="131091")
    sakai_member = make_member(sakai, email="sakai@example.jp")
    shinagawa_member = make_member(shinagawa, email="shinagawa@example.jp")
    shiranuka_member = make_member(
        Municipality.objects.get(code="016683"), email="shiranuka@example.jp"
    )
    tie = Tie.objects.create(slug="sakai-shinagawa", ward=shinagawa, kind=TieKind.BOARD)
    tie.municipalities.set([sakai])

    # 坂井市 posts a proposal; the worker announces it.
    post_sakai_proposal(journey, sakai_member)
    fanouts_expand()

    # 品川区 sees it among the notifications and in the suggestions with its reason; follows it.
    page = journey.sign_in(shinagawa_member)
    suggestions = page.locator("section.suggestions")
    assert TITLE in suggestions.inner_text() and "既存の交流あり" in suggestions.inner_text()
    page = journey.follow(page.get_by_role("link", name=re.compile("通知 未読1件")))
    assert "坂井市から新しい提案" in page.get_by_role("main").inner_text()
    page = journey.follow(page.get_by_role("link", name=re.compile("坂井市から新しい提案")))
    page = journey.follow(page.get_by_role("button", name="ワッチする"))
    assert page.get_by_text("ワッチ中です。").is_visible()
    # 坂井市's page lists the open proposal to members (the public copy does not).
    page = journey.goto(sakai.get_absolute_url())
    open_posts = page.get_by_role("region", name="掲示板で募集中の投稿")
    assert TITLE in open_posts.inner_text()

    # 品川区 posts a call to the 北海道町村会's members.
    page = journey.goto("/board/")
    page = journey.follow(page.get_by_role("link", name="区からの募集を投稿する"))
    page.get_by_label("件名").fill(CALL_TITLE)
    page.get_by_label("分野").select_option(label="産業振興")
    page.get_by_label("連携の種類").select_option(label="イベント出展枠")
    page.get_by_label("募集内容").fill("区民まつりの物産展に出展枠を用意します。")
    page.get_by_label("対象の協定団体").select_option(label="北海道町村会")
    page.get_by_label("実施年度").select_option(index=2)
    page = journey.follow(page.get_by_role("button", name="投稿する"))
    assert page.get_by_role("heading", level=1).inner_text() == CALL_TITLE
    call_path = page.url.removeprefix(journey.base_url)
    journey.sign_out()
    fanouts_expand()  # the worker announces the call

    # A member of 白糠町 is alerted and raises a hand.
    page = journey.sign_in(shiranuka_member)
    page = journey.follow(page.get_by_role("link", name=re.compile("通知 未読1件")))
    page = journey.follow(page.get_by_role("link", name=re.compile("品川区から新しい募集")))
    assert page.url.endswith(call_path)
    page = journey.follow(page.get_by_role("button", name="手を挙げる"))
    journey.sign_out()

    # 品川区 sets 調整中, then 成立 with 白糠町.
    page = journey.sign_in(shinagawa_member, call_path)
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="調整中").check()
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    page = journey.follow(page.get_by_role("link", name="状態を変更する"))
    page.get_by_role("radio", name="成立").check()
    assert page.get_by_label("白糠町").is_checked()
    page.get_by_label("事業の概要").fill("品川区民まつりで白糠町の特産品を販売")
    page = journey.follow(page.get_by_role("button", name="状態を変更する"))
    assert page.get_by_text("成立にしました。").is_visible()
    journey.sign_out()

    # The public collaboration list shows it.
    page = journey.goto("/collaborations/")
    row = page.get_by_role("row").filter(has_text=CALL_TITLE)
    assert "品川区" in row.inner_text() and "白糠町" in row.inner_text()


def test_the_matching_pages_and_the_desk_are_accessible(journey, transactional_db, load_shipped):
    """Every other new page passes axe-core: interests, alerts, saved searches, the
    consultation desk (both sides), the secretariat's desk and the ties admin with its import."""
    from django.core.cache import cache

    from bulletin.services.consultations import consultation_open
    from tests.factories import TOTP_SECRET, make_secretariat_staff, totp_code

    cache.clear()
    load_shipped("agreements")
    sakai = Municipality.objects.get(code="182109")
    shinagawa = Municipality.objects.get(code="131091")
    member = make_member(sakai, email="sakai@example.jp")
    shinagawa_member = make_member(shinagawa, email="shinagawa@example.jp")
    make_secretariat_staff("jimukyoku@example.jp")
    consultation = consultation_open(author=member, subject="進め方", body="相談です")
    tie = Tie.objects.create(slug="sakai-shinagawa", ward=shinagawa, kind=TieKind.BOARD)
    tie.municipalities.set([sakai])

    page = journey.sign_in(shinagawa_member)
    for path in ["/board/interests/", "/board/notifications/alerts/", "/board/searches/"]:
        journey.goto(path)
    page = journey.goto("/board/?field=tourism")
    page.get_by_label("検索の名前").fill("観光")
    page = journey.follow(page.get_by_role("button", name="この条件を保存する"))
    assert page.get_by_role("link", name="観光").is_visible()
    assert "分野：観光振興" in page.locator("table").inner_text()
    page = journey.follow(page.get_by_role("button", name=re.compile("^通知をオフにする")))
    assert page.get_by_text("「観光」の通知をオフにしました。").is_visible()
    assert page.get_by_role("button", name=re.compile("^通知をオンにする")).is_visible()
    journey.goto(shinagawa.get_absolute_url())
    journey.sign_out()

    page = journey.sign_in(member)
    journey.goto("/board/consultations/")
    journey.goto("/board/consultations/new/")
    journey.goto(consultation.get_absolute_url())
    journey.sign_out()

    page = journey.goto("/accounts/login/")
    page.locator('input[name="login"]').fill("jimukyoku@example.jp")
    page.locator('input[name="password"]').fill(PASSWORD)
    page = journey.follow(page.locator('form[action^="/accounts/login/"] button[type="submit"]'))
    page.locator("[name=code]").fill(totp_code(TOTP_SECRET))
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    page = journey.goto("/board/desk/")
    assert page.get_by_role("heading", level=1).inner_text() == "事務局の窓口"
    page = journey.goto(consultation.get_absolute_url())
    page.get_by_label("内容").fill("まず掲示板に投稿してみましょう。")
    page = journey.follow(page.get_by_role("button", name="送信する"))
    assert page.get_by_text("まず掲示板に投稿してみましょう。").is_visible()
    journey.goto("/admin/network/tie/")
    journey.goto("/admin/network/tie/import/")


def test_a_ward_sees_a_calls_reach_edits_it_and_reads_the_board_in_english(
    journey, transactional_db, load_shipped
):
    """品川区 fills a call: the form says its conditions all apply and shows, as they change,
    how many municipalities and members they reach; 北海道町村会 + 福井県 reaches none and is
    refused. It posts to the 北海道町村会, edits the call with the call's form to reach 福井県
    instead, and reads its board (with suggestions) in English."""
    load_shipped("agreements")
    sakai = Municipality.objects.get(code="182109")
    shinagawa = Municipality.objects.get(code="131091")
    sakai_member = make_member(sakai, email="sakai@example.jp")
    shinagawa_member = make_member(shinagawa, email="shinagawa@example.jp")
    make_member(Municipality.objects.get(code="016683"), email="shiranuka@example.jp")
    tie = Tie.objects.create(slug="sakai-shinagawa", ward=shinagawa, kind=TieKind.BOARD)
    tie.municipalities.set([sakai])
    post_sakai_proposal(journey, sakai_member)

    page = journey.sign_in(shinagawa_member, "/board/calls/new/")
    journey.check()
    target = page.get_by_role("group", name="募集の対象")
    assert "すべて満たす自治体に届きます" in target.inner_text()
    reach = page.locator("#call-reach")
    everyone = reach.inner_text()
    assert re.search(r"対象：1,[0-9]{3}自治体、会員2人", everyone), everyone
    page.get_by_label("件名").fill(CALL_TITLE)
    page.get_by_label("分野").select_option(label="産業振興")
    page.get_by_label("連携の種類").select_option(label="イベント出展枠")
    page.get_by_label("募集内容").fill("区民まつりの物産展に出展枠を用意します。")
    page.get_by_label("実施年度").select_option(index=2)
    page.get_by_label("対象の協定団体").select_option(label="北海道町村会")
    page.wait_for_function(
        "everyone => document.querySelector('#call-reach').textContent !== everyone", arg=everyone
    )
    assert re.search(r"対象：1[0-9]{2}自治体、会員1人", reach.inner_text()), reach.inner_text()
    prefectures = page.get_by_role("group", name="対象の都道府県")
    assert prefectures.get_by_role("group", name="中部地方").is_visible()
    prefectures.get_by_label("福井県").check()
    page.get_by_text("この対象に当てはまる自治体はありません。").wait_for()
    journey.check()
    page = journey.follow(page.get_by_role("button", name="投稿する"))
    assert "この対象に当てはまる自治体はありません。対象の条件は" in page.inner_text("main")
    page.get_by_role("group", name="対象の都道府県").get_by_label("福井県").uncheck()
    page = journey.follow(page.get_by_role("button", name="投稿する"))
    assert page.get_by_role("heading", level=1).inner_text() == CALL_TITLE
    assert "北海道町村会の構成自治体" in page.inner_text("main")

    # The call's own form edits it: no 希望する区; its target becomes 福井県.
    page = journey.follow(page.get_by_role("link", name="募集を編集する"))
    assert page.get_by_role("heading", level=1).inner_text() == "募集を編集する"
    assert page.get_by_text("希望する区").count() == 0
    page.get_by_label("対象の協定団体").select_option(label="指定しない（すべての自治体）")
    page.get_by_role("group", name="対象の都道府県").get_by_label("福井県").check()
    page.wait_for_function(
        "() => /対象：1[0-9]自治体、会員1人/.test(document.querySelector('#call-reach').textContent)"
    )
    page = journey.follow(page.get_by_role("button", name="変更を保存する"))
    assert page.get_by_text("募集を更新しました。").is_visible()
    call_path = page.url.removeprefix(journey.base_url)
    facts = page.locator("dl.facts").inner_text()
    assert "福井県" in facts and "北海道町村会" not in facts and "募集した区" in facts

    # The board in English, with its suggestions and their reasons.
    page = journey.goto("/en/board/")
    suggestions = page.locator("section.suggestions")
    assert TITLE in suggestions.inner_text() and "Existing tie" in suggestions.inner_text()

    # The call in English: its page, its edit form and its reach, as it changes.
    page = journey.goto(f"/en{call_path}")
    assert page.get_by_role("heading", level=1).inner_text() == CALL_TITLE
    page = journey.follow(page.get_by_role("link", name="Edit call"))
    assert page.get_by_role("heading", level=1).inner_text() == "Edit call"
    reach = page.locator("#call-reach")
    assert re.search(r"Reach: 1[0-9] municipalities, 1 members", reach.inner_text()), (
        reach.inner_text()
    )
    page.get_by_label("Target agreement body").select_option(label="北海道町村会")
    page.get_by_text("No municipality fits this target.").wait_for()
    journey.check()
