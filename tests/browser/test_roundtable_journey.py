"""The roundtable's journey: a topic with a meeting; a ward member (品川区) and an NPO's member
register (two places), another member (坂井市) is put on the waiting list; the ward and the NPO
discuss in a thread, each reading the other's message; the secretariat publishes the summary in
the admin, and the public reads it on the topic page. Every page's HTTP status is asserted and
every page is checked with axe-core (the journey fixture)."""

import datetime

from django.utils import timezone

from members.models import Municipality
from roundtable.models import Topic
from roundtable.services import meeting_add
from tests.factories import make_event, make_member, make_partner, make_secretariat

TOPIC = "発展期の推進体制と民間事業者の参画"
NPO = "特定非営利活動法人 まちづくりネット"


def test_a_topic_is_discussed_and_its_summary_published(journey, transactional_db, full_register):
    ward = make_member(Municipality.objects.get(code="131091"), email="shinagawa@example.jp")
    member = make_member(Municipality.objects.get(code="182109"), email="sakai@example.jp")
    npo = make_partner(NPO, email="hanako@npo.example.jp")
    secretariat = make_secretariat()
    topic = Topic.objects.create(
        title=TOPIC, description="民間事業者やNPOなどが参画できる「枠組み」を話し合います。"
    )
    event = make_event(
        title="第1回 全国連携円卓会議",
        kind="participation",
        start_date=timezone.localdate() + datetime.timedelta(days=14),
        status="scheduled",
        registration_open=True,
        capacity=2,
        audience="members",
        venue="東京区政会館",
    )
    meeting_add(topic=topic, event=event, actor=secretariat)
    topic_path = topic.get_absolute_url()

    # 品川区 registers for the meeting and opens a thread.
    page = journey.sign_in(ward, "/roundtable/")
    page = journey.follow(page.get_by_role("link", name=TOPIC))
    page = journey.follow(page.get_by_role("link", name="「第1回 全国連携円卓会議」に申し込む"))
    assert page.get_by_label("メールアドレス").input_value() == "shinagawa@example.jp"
    page = journey.follow(page.get_by_role("button", name="申し込む"))
    assert page.get_by_text("参加申込を受け付けました").is_visible()
    assert page.get_by_text("参加確定 1人／定員 2人").is_visible()
    page = journey.follow(page.get_by_role("link", name="スレッドを立てる"))
    page.get_by_label("スレッドの題名").fill("釧路の事例に学ぶ役割分担")
    page.get_by_label("本文").fill("行政・民間事業者・金融機関の役割分担を整理しませんか。")
    page = journey.follow(page.get_by_role("button", name="投稿する"))
    thread_path = page.url.removeprefix(journey.base_url)
    assert page.get_by_role("heading", level=1).inner_text() == "釧路の事例に学ぶ役割分担"
    journey.sign_out()

    # The NPO's member registers (the last place), reads 品川区's message and replies.
    page = journey.sign_in(npo, "/roundtable/")
    page = journey.follow(page.get_by_role("link", name=TOPIC))
    page = journey.follow(page.get_by_role("link", name="「第1回 全国連携円卓会議」に申し込む"))
    assert page.get_by_label("メールアドレス").input_value() == "hanako@npo.example.jp"
    assert page.locator("[name=name]").input_value() == "協働 花子"
    assert NPO in page.locator("[name=organisation]").input_value()
    page = journey.follow(page.get_by_role("button", name="申し込む"))
    assert page.get_by_text("参加申込を受け付けました").is_visible()
    assert page.get_by_text("参加確定 2人／定員 2人").is_visible()
    page = journey.follow(page.get_by_role("link", name="釧路の事例に学ぶ役割分担"))
    thread = page.locator("main")
    assert thread.get_by_text("行政・民間事業者・金融機関の役割分担を整理しませんか。").is_visible()
    assert thread.get_by_text("品川区").first.is_visible()
    page.get_by_label("返信内容").fill("NPOとして子ども食堂の運営を担えます。")
    page = journey.follow(page.get_by_role("button", name="返信する"))
    assert page.get_by_text("NPOとして子ども食堂の運営を担えます。").is_visible()
    journey.sign_out()

    # 品川区 reads the NPO's reply, named by its organisation, and answers.
    page = journey.sign_in(ward, thread_path)
    reply = page.locator("main .reply").filter(has_text="NPOとして子ども食堂の運営を担えます。")
    assert reply.first.is_visible()
    assert "まちづくりネット" in reply.first.inner_text()
    page.get_by_label("返信内容").fill(
        "ありがとうございます。品川区の食材調達と組み合わせましょう。"
    )
    page = journey.follow(page.get_by_role("button", name="返信する"))
    assert page.get_by_text("品川区の食材調達と組み合わせましょう。").is_visible()
    journey.sign_out()

    # The NPO sees 品川区's answer.
    page = journey.sign_in(npo, thread_path)
    assert page.get_by_text("品川区の食材調達と組み合わせましょう。").is_visible()
    journey.sign_out()

    # 坂井市 is put on the waiting list, then replies in the thread.
    page = journey.sign_in(member, topic_path)
    page = journey.follow(page.get_by_role("link", name="「第1回 全国連携円卓会議」に申し込む"))
    assert page.get_by_text("定員に達しています").is_visible()
    page = journey.follow(page.get_by_role("button", name="キャンセル待ちに申し込む"))
    assert page.get_by_text("キャンセル待ちとして受け付けました").is_visible()
    page = journey.follow(page.get_by_role("link", name="釧路の事例に学ぶ役割分担"))
    page.get_by_label("返信内容").fill("坂井市です。地元の信用金庫と話を始めています。")
    page = journey.follow(page.get_by_role("button", name="返信する"))
    assert page.get_by_text("地元の信用金庫と話を始めています。").is_visible()
    journey.sign_out()

    # The public sees the topic and its meeting, but not the discussion.
    page = journey.goto(topic_path)
    assert page.get_by_text("公開されたまとめ・議事録はまだありません。").is_visible()
    assert page.get_by_role("link", name="釧路の事例に学ぶ役割分担").count() == 0
    journey.goto(thread_path)  # sent to the login page
    assert "/accounts/login/" in page.url
    assert page.get_by_text("NPOとして子ども食堂の運営を担えます。").count() == 0

    # The secretariat writes the summary in the admin and publishes it.
    page = journey.sign_in(secretariat, "/admin/roundtable/summary/add/", second_factor=True)
    page.get_by_label("議題").select_option(label=TOPIC)
    page.get_by_label("見出し").fill("第1回のまとめ")
    page.get_by_label("本文").fill("役割分担の案を事務局が整理し、次回までに共有します。")
    page.get_by_label("公開範囲").select_option(label="一般公開")
    page = journey.follow(page.locator('input[name="_save"]'))
    page.locator('input[name="_selected_action"]').first.check()
    page.locator('select[name="action"]').select_option("publish")
    page = journey.follow(page.locator('button[name="index"]'))
    assert page.get_by_text("公開しました。").is_visible()
    journey.sign_out()

    # Everyone reads it on the public topic page.
    page = journey.goto(topic_path)
    assert page.get_by_role("heading", name="まとめ：第1回のまとめ").is_visible()
    assert page.get_by_text("役割分担の案を事務局が整理し").is_visible()

    # The registrations went through the events app: the NPO holds a confirmed place.
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "shinagawa@example.jp": "confirmed",
        "hanako@npo.example.jp": "confirmed",
        "sakai@example.jp": "waiting",
    }
