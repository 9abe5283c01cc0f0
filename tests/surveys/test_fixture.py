"""003's 資料3: the 平成29年度 survey's Q7, its percentages computed from the fixture's answers."""

from decimal import Decimal

from surveys.models import Survey
from surveys.results import SurveyResults


def test_q7_percentages_are_computed_from_seven_answers(shipped_data, client):
    survey = Survey.objects.get(slug="h29-zenkoku-renkei-project")
    assert survey.results_published
    results = SurveyResults(survey)
    assert results.total == 7
    assert len({r.municipality_id for r in results.responses}) == 7
    (q7,) = results.question_results()
    assert q7.question.position == 7
    assert [(row.label, row.count, row.percent) for row in q7.rows] == [
        ("東京23区から事業提案", 2, Decimal("28.6")),
        ("当方から事業提案", 0, Decimal("0.0")),
        ("活用を研究したい", 4, Decimal("57.1")),
        ("慎重に対応したい", 1, Decimal("14.3")),
        ("その他", 0, Decimal("0.0")),
        ("無回答", 0, Decimal("0.0")),
    ]

    page = client.get(survey.get_absolute_url()).content.decode()
    assert "28.6%" in page and "57.1%" in page and "14.3%" in page
    for name in ("白糠町", "福知山市", "北広島町"):  # the stand-in respondents are not shown
        assert name not in page
    api = client.get(f"/api/v1/survey-results/{survey.slug}/").json()
    counts = {row["label"]: row["percent"] for row in api["questions"][0]["counts"]}
    assert counts["活用を研究したい"] == "57.1"
