"""Aggregates on hand-made answers; what the public page shows and what it never shows."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from members.models import MunicipalityKind
from surveys.audience import response_rates
from surveys.results import SurveyResults, percentage
from surveys.services import response_submit
from tests.factories import make_member, make_municipality, make_prefecture, pass_second_factor

from .conftest import choice, make_survey


def answer(survey, user, *, q1=None, other="", q2=(), number=None, text=""):
    questions = {q.position: q for q in survey.questions.all()}
    answers = {}
    if q1 == "その他":
        answers[questions[1]] = {"choices": [], "other_selected": True, "other_text": other}
    elif q1:
        answers[questions[1]] = {"choices": [choice(survey, 1, q1)]}
    if q2:
        answers[questions[2]] = {"choices": [choice(survey, 2, label) for label in q2]}
    if number is not None:
        answers[questions[3]] = {"number": Decimal(number)}
    if text:
        answers[questions[4]] = {"text": text}
    return response_submit(survey=survey, user=user, answers=answers)


def close(survey, *, publish=True):
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - datetime.timedelta(days=30)
    survey.results_published = publish
    survey.save()


def test_percentages_round_half_up_to_one_decimal():
    assert [percentage(n, 7) for n in (2, 4, 1, 0)] == [
        Decimal("28.6"),
        Decimal("57.1"),
        Decimal("14.3"),
        Decimal("0.0"),
    ]
    assert percentage(1, 0) is None


def test_counts_and_percentages_per_question_on_hand_made_answers(world):
    survey = make_survey()
    answer(survey, world.member, q1="賛成", q2=("観光", "物産"), number="10", text="ぜひ")
    answer(survey, world.other, q1="その他", other="検討中", q2=("観光",), number="20")
    answer(survey, world.outsider, q1="反対")
    answer(survey, world.ward, q1="賛成", q2=("観光",))
    q1, q2, q3, q4 = SurveyResults(survey).question_results()

    assert q1.total == 4
    assert [(r.label, r.count, r.percent) for r in q1.rows] == [
        ("賛成", 2, Decimal("50.0")),
        ("反対", 1, Decimal("25.0")),
        ("その他", 1, Decimal("25.0")),
        ("無回答", 0, Decimal("0.0")),
    ]
    assert [(r.label, r.count) for r in q2.rows] == [
        ("観光", 3),
        ("物産", 1),
        ("移住", 0),
        ("無回答", 1),
    ]
    assert q3.numbers["count"] == 2 and q3.numbers["sum"] == 30 and q3.numbers["mean"] == 15
    assert q4.answered == 1


def test_breakdowns_by_body_prefecture_and_kind(world):
    survey = make_survey()
    answer(survey, world.member, q1="賛成")
    answer(survey, world.other, q1="反対")
    answer(survey, world.outsider, q1="賛成")
    results = SurveyResults(survey)
    by_body = {g["label"]: g for g in results.breakdown("body")}
    assert by_body["北海道町村会"]["total"] == 2
    assert [r.count for r in by_body["北海道町村会"]["results"][0].rows[:2]] == [1, 1]
    assert by_body["協定締結団体以外"]["total"] == 1
    assert {g["label"]: g["total"] for g in results.breakdown("prefecture")} == {
        "北海道": 2,
        "福井県": 1,
    }
    assert {g["label"]: g["total"] for g in results.breakdown("kind")} == {"市": 1, "町": 2}
    # The public breakdown leaves out every group of fewer than three answers.
    assert results.breakdown("prefecture", public=True) == []


def test_the_response_rate_by_body_and_region(world, client):
    survey = make_survey()  # every member municipality: 白糠町, 釧路町, 坂井市, 品川区
    answer(survey, world.member, q1="賛成")
    rates = response_rates(survey)
    assert (rates.total.audience, rates.total.answered) == (4, 1)
    assert {r.label: (r.answered, r.audience) for r in rates.by_body} == {
        "北海道町村会": (1, 2),
        "協定締結団体以外": (0, 2),
    }
    assert {r.label: (r.answered, r.audience) for r in rates.by_region} == {
        "北海道地方": (1, 2),
        "関東地方": (0, 1),
        "中部地方": (0, 1),
    }
    pass_second_factor(client, world.secretariat)
    desk = client.get(reverse("surveys:desk-list")).content.decode()
    assert "1 / 4（25.0%）" in desk
    detail = client.get(reverse("surveys:desk-detail", args=[survey.slug])).content.decode()
    assert "北海道町村会" in detail and "50.0%" in detail


def test_the_public_page_never_shows_one_municipalitys_answer(client, world):
    survey = make_survey()
    answer(
        survey, world.member, q1="その他", other="白糠町だけの事情", number="7", text="秘密の意見"
    )
    answer(survey, world.other, q1="反対", text="釧路町の意見")
    close(survey)
    page = client.get(survey.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "連携事業に賛成ですか" in body and "50.0%" in body
    for secret in ["白糠町", "釧路町", "秘密の意見", "白糠町だけの事情", "釧路町の意見"]:
        assert secret not in body
    api = client.get(f"/api/v1/survey-results/{survey.slug}/").content.decode()
    for secret in ["白糠町", "釧路町", "秘密の意見", "白糠町だけの事情", "016683"]:
        assert secret not in api

    # A question that says its answers may be public shows them with the municipality's name.
    q4 = survey.questions.get(position=4)
    q4.answers_public = True
    q4.save()
    body = client.get(survey.get_absolute_url()).content.decode()
    assert "秘密の意見" in body and "白糠町" in body
    assert "白糠町だけの事情" not in body  # Q1 still does not


def test_an_unpublished_survey_has_no_public_page(client, world):
    survey = make_survey()
    assert client.get(survey.get_absolute_url()).status_code == 404
    close(survey, publish=False)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/survey-results/{survey.slug}/").status_code == 404
    assert survey.title not in client.get(reverse("surveys:survey-list")).content.decode()


def test_the_exports_keep_formula_like_text_as_text(client, world):
    survey = make_survey()
    answer(survey, world.member, q1="その他", other='=HYPERLINK("http://evil")', number="3")
    pass_second_factor(client, world.secretariat)
    response = client.get(reverse("surveys:desk-download", args=[survey.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["設問番号", "設問", "選択肢・集計"]
    assert ["1", "連携事業に賛成ですか", "その他", "1", "100.0", "1"] in rows
    assert any(
        "'その他（=HYPERLINK" in cell or "その他（=HYPERLINK" in cell
        for row in rows
        for cell in row
    )
    assert not any(cell.startswith("=") for row in rows for cell in row)

    response = client.get(reverse("surveys:desk-download", args=[survey.slug, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["集計", "自治体別の回答"]
    answers = book["自治体別の回答"]
    assert answers["C2"].value == "白糠町"
    assert all(cell.data_type != "f" for row in answers.iter_rows() for cell in row)


def test_the_desk_and_public_pages_read_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    survey = make_survey()
    close(survey)
    prefecture = make_prefecture("02", "青森県", region="tohoku")
    from surveys.models import Response

    def add_answers(count):
        for _n in range(count):
            town = make_municipality(prefecture=prefecture, kind=MunicipalityKind.TOWN)
            member = make_member(town)
            response = Response.objects.create(
                survey=survey, municipality=town, respondent=member, respondent_key=f"m{town.code}"
            )
            response.answers.create(question=survey.questions.get(position=1)).choices.add(
                choice(survey, 1, "賛成")
            )

    pass_second_factor(client, world.secretariat)
    for count in (2, 12):
        add_answers(count)
        with django_assert_max_num_queries(30):
            assert client.get(reverse("surveys:desk-detail", args=[survey.slug])).status_code == 200
    client.logout()
    with django_assert_max_num_queries(12):
        assert client.get(survey.get_absolute_url()).status_code == 200
