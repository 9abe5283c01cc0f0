"""Surveys for the partner organisations: invited through the outbox, answered from マイページ
once per organisation, counted by kind of organisation."""

import datetime

from django.urls import reverse
from django.utils import timezone

from members.models import OutgoingEmail
from surveys.audience import response_rates
from surveys.models import Response
from surveys.results import SurveyResults
from surveys.services import survey_invite, survey_remind
from tests.factories import make_partner, pass_second_factor

from .conftest import answer_data, make_survey


def partners(world):
    """Two members of one NPO, a company's member, and a company applicant still pending."""
    return {
        "npo": make_partner(email="npo@example.jp"),
        "npo2": make_partner(email="npo2@example.jp"),
        "company": make_partner("株式会社まちの灯", kind="company", email="akari@example.jp"),
        "pending": make_partner(
            "株式会社あとから", kind="company", status="pending", email="later@example.jp"
        ),
    }


def test_a_partners_survey_invites_and_reminds_the_partners_only(client, world):
    people = partners(world)
    survey = make_survey(audience="partners")
    assert survey_invite(survey=survey, user=world.secretariat) == 3
    invited = OutgoingEmail.objects.filter(subject__contains="アンケートのお願い")
    assert sorted(invited.values_list("to", flat=True)) == [
        "akari@example.jp",
        "npo2@example.jp",
        "npo@example.jp",
    ]
    assert survey.get_answer_url() in invited.first().body

    client.force_login(people["npo"])
    assert client.post(survey.get_answer_url(), answer_data(survey)).status_code == 302
    # The NPO has answered (for both its members); only the company is reminded.
    assert survey_remind(survey=survey, user=world.secretariat) == 1
    (reminder,) = OutgoingEmail.objects.filter(subject__contains="再送")
    assert reminder.to == "akari@example.jp"


def test_a_partner_answers_from_mypage_and_changes_the_answer_once_per_organisation(client, world):
    people = partners(world)
    survey = make_survey(audience="partners")
    client.force_login(people["npo"])
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "連携交流についてのアンケート" in mypage and "未回答" in mypage
    assert survey.get_answer_url() in mypage
    client.post(survey.get_answer_url(), answer_data(survey, q1="賛成"))

    client.force_login(people["npo2"])
    page = client.get(survey.get_answer_url()).content.decode()
    assert "特定非営利活動法人 まちづくりネットとして回答済み" in page
    client.post(survey.get_answer_url(), answer_data(survey, q1="反対"))
    (response,) = Response.objects.filter(survey=survey)
    assert response.organisation.name == "特定非営利活動法人 まちづくりネット"
    assert response.municipality is None
    assert [c.label for c in response.answers.get(question__position=1).choices.all()] == ["反対"]
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "回答済み（期限まで変更できます）" in mypage


def test_partners_and_municipalities_each_see_only_the_surveys_for_them(client, world):
    people = partners(world)
    for_partners = make_survey(audience="partners", slug="for-partners")
    for_members = make_survey(slug="for-members", title="会員向けアンケート")
    client.force_login(people["company"])
    assert client.get(for_partners.get_answer_url()).status_code == 200
    assert client.get(for_members.get_answer_url()).status_code == 404
    listing = client.get(reverse("surveys:my-survey-list")).content.decode()
    assert "連携交流についてのアンケート" in listing and "会員向けアンケート" not in listing
    client.force_login(people["pending"])
    assert client.get(for_partners.get_answer_url()).status_code == 403
    client.force_login(world.member)
    assert client.get(for_partners.get_answer_url()).status_code == 404
    assert client.post(for_partners.get_answer_url(), answer_data(for_partners)).status_code == 404
    assert not Response.objects.filter(survey=for_partners).exists()


def test_the_results_and_the_rates_group_partners_by_kind_of_organisation(client, world):
    people = partners(world)
    survey = make_survey(audience="partners")
    for person, q1 in ((people["npo"], "賛成"), (people["company"], "反対")):
        client.force_login(person)
        client.post(survey.get_answer_url(), answer_data(survey, q1=q1, text="よろしく"))

    rates = response_rates(survey)
    assert (rates.total.audience, rates.total.answered) == (2, 2)
    assert [(r.label, r.audience, r.answered) for r in rates.by_body] == [
        ("連携団体（NPO）", 1, 1),
        ("連携団体（企業）", 1, 1),
    ]
    results = SurveyResults(survey)
    (q1, *_rest) = results.question_results()
    assert [(row.label, row.count) for row in q1.rows[:2]] == [("賛成", 1), ("反対", 1)]
    for breakdown in results.breakdowns():
        assert sorted(group["label"] for group in breakdown["groups"]) == [
            "連携団体（NPO）",
            "連携団体（企業）",
        ]

    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - datetime.timedelta(days=30)
    survey.save()
    pass_second_factor(client, world.secretariat)
    desk = client.get(survey.get_desk_url())
    assert desk.status_code == 200
    html = desk.content.decode()
    assert "株式会社まちの灯" in html  # the desk names who answered
    assert "連携団体の種別ごとの回答率" in html and "地方別の回答率" not in html
    csv_text = client.get(reverse("surveys:desk-download", args=[survey.slug, "csv"]))
    assert "株式会社まちの灯" in csv_text.content.decode("utf-8-sig")
