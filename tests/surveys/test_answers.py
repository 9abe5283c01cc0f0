"""Members answer from マイページ, change the answer until the deadline, and read it after."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import OutgoingEmail
from surveys.models import Response
from surveys.services import survey_invite, survey_publish, survey_remind
from tests.factories import pass_second_factor

from .conftest import answer_data, make_survey


def answer_url(survey):
    return reverse("surveys:survey-answer", args=[survey.slug])


def test_a_member_answers_and_changes_the_answer_until_the_deadline(client, world):
    survey = make_survey(body=world.body)
    client.force_login(world.member)
    page = client.get(answer_url(survey)).content.decode()
    assert "連携事業に賛成ですか" in page and "未回答" in page

    response = client.post(answer_url(survey), answer_data(survey, q1="賛成", number="12"))
    assert response.status_code == 302
    client.force_login(world.colleague)  # the same municipality: one answer, changed
    page = client.get(answer_url(survey)).content.decode()
    assert "白糠町として回答済み" in page
    client.post(answer_url(survey), answer_data(survey, q1="その他", other="検討中", q2=()))

    (saved,) = Response.objects.all()
    assert saved.municipality == world.shiranuka and saved.respondent == world.colleague
    q1 = saved.answers.get(question__position=1)
    assert q1.other_selected and q1.other_text == "検討中" and not q1.choices.exists()
    assert not saved.answers.filter(question__position=2).exists()


def test_other_needs_its_text_and_required_questions_are_required(client, world):
    survey = make_survey(body=world.body)
    client.force_login(world.member)
    page = client.post(answer_url(survey), answer_data(survey, q1="その他", other=""))
    assert page.status_code == 200
    assert "「その他」の内容を記入してください。" in page.content.decode()
    data = answer_data(survey)
    data.pop(next(k for k in data if k.endswith("_other")).removesuffix("_other"))
    assert client.post(answer_url(survey), data).status_code == 200
    assert not Response.objects.exists()


def test_after_the_deadline_the_answer_is_read_only(client, world):
    survey = make_survey(body=world.body)
    client.force_login(world.member)
    client.post(answer_url(survey), answer_data(survey, q1="賛成"))
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - datetime.timedelta(days=7)
    survey.save()

    page = client.get(answer_url(survey))
    body = page.content.decode()
    assert page.status_code == 200
    assert "回答期限を過ぎました" in body and 'type="submit"' not in body.split("<main")[-1]
    assert "disabled" in body and "checked" in body  # the answer, shown as given
    refused = client.post(answer_url(survey), answer_data(survey, q1="反対"))
    assert refused.status_code == 403
    assert Response.objects.get().answers.get(question__position=1).choices.get().label == "賛成"


def test_before_the_opening_and_outside_the_audience_there_is_no_survey(client, world):
    future = make_survey(body=world.body, opens_in=datetime.timedelta(days=1), slug="later")
    client.force_login(world.member)
    assert client.get(answer_url(future)).status_code == 404
    survey = make_survey(body=world.body)
    client.force_login(world.outsider)  # 坂井市 is not in 北海道町村会
    assert client.get(answer_url(survey)).status_code == 404
    assert client.post(answer_url(survey), answer_data(survey)).status_code == 404
    assert not Response.objects.exists()


def test_mypage_lists_the_open_survey_and_whether_it_was_answered(client, world):
    survey = make_survey(body=world.body)
    client.force_login(world.member)
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "連携交流についてのアンケート" in mypage and "未回答" in mypage
    client.post(answer_url(survey), answer_data(survey))
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "回答済み（期限まで変更できます）" in mypage
    client.force_login(world.outsider)
    assert (
        "連携交流についてのアンケート" not in client.get(reverse("members:mypage")).content.decode()
    )


def test_one_answer_per_member_when_the_survey_says_so(client, world):
    survey = make_survey(respondent="member")
    for user in (world.member, world.colleague):
        client.force_login(user)
        client.post(answer_url(survey), answer_data(survey))
    assert Response.objects.filter(municipality=world.shiranuka).count() == 2


def test_invitations_and_reminders_go_through_the_outbox(client, world, send_outbox):
    survey = make_survey(body=world.body)
    assert survey_invite(survey=survey, user=world.secretariat) == 3  # 白糠町 ×2, 釧路町
    mails = OutgoingEmail.objects.filter(subject__contains="アンケートのお願い")
    assert sorted(mails.values_list("to", flat=True)) == [
        "kushiro@example.jp",
        "shiranuka2@example.jp",
        "shiranuka@example.jp",
    ]
    assert answer_url(survey) in mails.first().body

    client.force_login(world.member)
    client.post(answer_url(survey), answer_data(survey))
    assert survey_remind(survey=survey, user=world.secretariat) == 1
    (reminder,) = OutgoingEmail.objects.filter(subject__contains="再送")
    assert reminder.to == "kushiro@example.jp"
    sent = send_outbox()
    assert len(sent) == 4


def test_the_desk_sends_invitations_and_publishes_only_after_the_deadline(client, world):
    survey = make_survey(body=world.body)
    pass_second_factor(client, world.secretariat)
    action = reverse("surveys:desk-action", args=[survey.slug, "invite"])
    assert client.post(action).status_code == 302
    assert OutgoingEmail.objects.count() == 3
    publish = reverse("surveys:desk-action", args=[survey.slug, "publish"])
    page = client.post(publish, {"published": "1"}, follow=True).content.decode()
    assert "集計結果は回答期限の後に公開できます。" in page
    survey.refresh_from_db()
    assert not survey.results_published
    survey.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    survey.save()
    client.post(publish, {"published": "1"})
    survey.refresh_from_db()
    assert survey.results_published


def test_only_the_secretariat_publishes(world):
    survey = make_survey(
        body=world.body,
        closes_in=-datetime.timedelta(hours=1),
        opens_in=-datetime.timedelta(days=2),
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        survey_publish(survey=survey, user=world.member)
