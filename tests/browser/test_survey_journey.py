"""The secretariat builds a two-question survey for 北海道町村会's members; 白糠町 answers and
changes the answer; the deadline passes; the published results count 白糠町 once. axe-core checks
every page on the way (the journey fixture)."""

import datetime

from django.utils import timezone

from members.models import OutgoingEmail
from surveys.models import Response, Survey
from tests.factories import (
    make_body,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
)


def test_a_survey_from_building_to_published_results(journey):
    hokkaido = make_prefecture("01", "北海道")
    make_body(hokkaido, "towns", name="北海道町村会", slug="hokkaido-towns")
    shiranuka = make_municipality("白糠町", prefecture=hokkaido, code="016683")
    member = make_member(shiranuka, email="shiranuka@example.jp")
    make_member(make_municipality("釧路町", prefecture=hokkaido), email="kushiro@example.jp")
    secretariat = make_secretariat()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    # The secretariat builds the survey in the admin: two questions, their choices a line each.
    page = journey.sign_in(secretariat, "/admin/surveys/survey/add/", second_factor=True)
    page.locator("#id_title").fill("連携事業についてのアンケート")
    page.locator("#id_slug").fill("renkei-2026")
    page.locator("#id_audience").select_option(label="広域連携協定締結団体の構成自治体")
    page.locator("#id_body").select_option(label="北海道町村会")
    page.locator("#id_opens_at_0").fill((tomorrow - datetime.timedelta(days=2)).isoformat())
    page.locator("#id_opens_at_1").fill("09:00")
    page.locator("#id_closes_at_0").fill(tomorrow.isoformat())
    page.locator("#id_closes_at_1").fill("17:00")
    page.locator("#id_questions-0-position").fill("1")
    page.locator("#id_questions-0-text").fill("連携事業に関心がありますか")
    page.locator("#id_questions-0-kind").select_option("single")
    page.locator("#id_questions-0-choices_text").fill("関心がある\n関心がない")
    page.locator("#questions-group .add-row a").click()
    page.locator("#id_questions-1-position").fill("2")
    page.locator("#id_questions-1-text").fill("関心のある分野")
    page.locator("#id_questions-1-kind").select_option("multiple")
    page.locator("#id_questions-1-choices_text").fill("観光\n物産\n移住")
    page = journey.follow(page.get_by_role("button", name="保存", exact=True))
    survey = Survey.objects.get(slug="renkei-2026")
    assert [q.choices.count() for q in survey.questions.all()] == [2, 3]

    # The desk sends the invitations (through the outbox) to the body's members.
    page = journey.goto("/board/desk/surveys/")
    page = journey.follow(page.get_by_role("link", name="連携事業についてのアンケート"))
    page = journey.follow(page.get_by_role("button", name="対象の会員に依頼メールを送る"))
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "kushiro@example.jp",
        "shiranuka@example.jp",
    ]
    journey.sign_out()

    # 白糠町 answers from マイページ, then changes the answer.
    page = journey.sign_in(member, "/mypage/")
    page = journey.follow(page.get_by_role("link", name="連携事業についてのアンケート"))
    page.get_by_label("関心がある").check()
    page.get_by_label("観光").check()
    page = journey.follow(page.get_by_role("button", name="回答を保存する"))
    assert page.get_by_text("白糠町として回答済み").is_visible()
    page.get_by_label("関心がない").check()
    page.get_by_label("観光").uncheck()
    page.get_by_label("物産").check()
    page = journey.follow(page.get_by_role("button", name="回答を保存する"))
    assert page.get_by_label("関心がない").is_checked()

    # The deadline passes: the answer is read-only.
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=7),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    page = journey.goto("/mypage/surveys/renkei-2026/")
    assert page.get_by_text("回答期限を過ぎました").is_visible()
    assert page.get_by_label("関心がない").is_disabled()
    journey.sign_out()

    # The secretariat publishes the results; the public page counts 白糠町 once, unnamed.
    page = journey.sign_in(secretariat, "/board/desk/surveys/renkei-2026/", second_factor=True)
    page = journey.follow(page.get_by_role("button", name="集計結果を公開する"))
    journey.sign_out()
    page = journey.goto("/surveys/")
    page = journey.follow(page.get_by_role("link", name="連携事業についてのアンケート"))
    q1 = page.get_by_role("table", name="Q1の回答数と割合")
    assert q1.get_by_role("row", name="関心がない").inner_text().split("\t")[:3] == [
        "関心がない",
        "1",
        "100.0%",
    ]
    assert q1.get_by_role("row", name="関心がある").inner_text().split("\t")[:3] == [
        "関心がある",
        "0",
        "0.0%",
    ]
    assert "白糠町" not in page.locator("main").inner_text()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_partner_answers_a_partners_survey_from_mypage(journey):
    from tests.factories import make_partner
    from tests.surveys.conftest import make_survey

    partner = make_partner(email="npo@example.jp")
    secretariat = make_secretariat()
    survey = make_survey(audience="partners", slug="partners-2026", title="連携団体アンケート")

    # The desk invites the partner organisations' members through the outbox.
    page = journey.sign_in(secretariat, survey.get_desk_url(), second_factor=True)
    assert page.get_by_text("連携団体（民間事業者・NPO・大学等）").first.is_visible()
    page = journey.follow(page.get_by_role("button", name="対象の会員に依頼メールを送る"))
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["npo@example.jp"]
    journey.sign_out()

    # The partner answers from マイページ and sees the organisation's answer recorded.
    page = journey.sign_in(partner, "/mypage/")
    page = journey.follow(page.get_by_role("link", name="連携団体アンケート"))
    page.get_by_label("賛成").check()
    page = journey.follow(page.get_by_role("button", name="回答を保存する"))
    assert page.get_by_text("特定非営利活動法人 まちづくりネットとして回答済み").is_visible()
    journey.sign_out()

    # The desk counts the answer under the organisation's kind.
    page = journey.sign_in(secretariat, survey.get_desk_url(), second_factor=True)
    assert page.get_by_role("row", name="連携団体（NPO）").first.is_visible()
    assert (
        Response.objects.get(survey=survey).organisation.name
        == "特定非営利活動法人 まちづくりネット"
    )
