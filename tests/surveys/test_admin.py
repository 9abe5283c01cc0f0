"""The builder in the admin: questions inline, each question's choices typed one a line."""

from django.urls import reverse

from surveys.models import Survey
from surveys.services import question_set_choices
from tests.factories import pass_second_factor

from .conftest import make_survey


def builder_data(**changes) -> dict:
    data = {
        "title": "連携事業についてのアンケート",
        "slug": "",
        "description": "",
        "audience": "all",
        "body": "",
        "respondent": "municipality",
        "opens_at_0": "2026-12-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2026-12-20",
        "closes_at_1": "17:00",
        "source_note": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-text": "関心がありますか",
        "questions-0-kind": "single",
        "questions-0-required": "on",
        "questions-0-has_other": "on",
        "questions-0-choices_text": "ある\nない\n\n",
        "questions-1-position": "2",
        "questions-1-text": "ご意見",
        "questions-1-kind": "text",
        "questions-1-choices_text": "",
    }
    data.update(changes)
    return data


def test_the_secretariat_builds_a_survey_with_its_questions_and_choices(client, world):
    pass_second_factor(client, world.secretariat)
    response = client.post(reverse("admin:surveys_survey_add"), builder_data())
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.slug == "renkei-jigyou-nitsuiteno-ankeeto"  # made from the title
    first, second = survey.questions.all()
    assert [c.label for c in first.choices.all()] == ["ある", "ない"]
    assert first.has_other and not second.choices.exists()


def test_a_choice_question_without_choices_or_a_body_survey_without_a_body_is_refused(
    client, world
):
    pass_second_factor(client, world.secretariat)
    page = client.post(
        reverse("admin:surveys_survey_add"), builder_data(**{"questions-0-choices_text": ""})
    )
    assert "選択式の設問には選択肢を1つ以上入力してください。" in page.content.decode()
    page = client.post(reverse("admin:surveys_survey_add"), builder_data(audience="body"))
    assert "団体を選び" in page.content.decode()
    page = client.post(reverse("admin:surveys_survey_add"), builder_data(closes_at_0="2026-11-30"))
    assert "回答期限は回答開始日時より後にしてください。" in page.content.decode()
    assert not Survey.objects.exists()


def test_editing_the_choices_keeps_the_answers_to_the_choices_kept(world):
    from .test_results import answer

    survey = make_survey()
    answer(survey, world.member, q1="反対")
    q1 = survey.questions.get(position=1)
    question_set_choices(question=q1, labels=["反対", "どちらでもない", "賛成"])
    assert [(c.position, c.label) for c in q1.choices.all()] == [
        (1, "反対"),
        (2, "どちらでもない"),
        (3, "賛成"),
    ]
    assert q1.answers.get().choices.get().label == "反対"
