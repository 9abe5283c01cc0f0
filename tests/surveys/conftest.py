"""The surveys' world: 北海道町村会 with 白糠町 and 釧路町 as members, 坂井市 outside it, 品川区."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from surveys.models import Choice, Question, Survey
from tests.factories import (
    make_body,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_ward,
)


@dataclass
class World:
    shiranuka: object
    kushiro: object
    sakai: object
    shinagawa: object
    body: object
    member: object  # 白糠町
    colleague: object  # another member of 白糠町
    other: object  # 釧路町 (same body)
    outsider: object  # 坂井市 (not in the body)
    ward: object  # 品川区
    pending: object
    secretariat: object

    def users(self):
        return {
            "pending": self.pending,
            "member": self.member,
            "other": self.outsider,
            "ward": self.ward,
            "secretariat": self.secretariat,
        }


@pytest.fixture
def world(db) -> World:
    hokkaido = make_prefecture("01", "北海道")
    fukui = make_prefecture("18", "福井県", region="chubu")
    shiranuka = make_municipality("白糠町", prefecture=hokkaido, code="016683")
    kushiro = make_municipality("釧路町", prefecture=hokkaido, code="016616")
    sakai = make_municipality("坂井市", prefecture=fukui, kind="city", code="182109")
    make_prefecture("13", "東京都", region="kanto")
    shinagawa = make_ward()
    body = make_body(hokkaido, "towns", name="北海道町村会", slug="hokkaido-towns")
    return World(
        shiranuka=shiranuka,
        kushiro=kushiro,
        sakai=sakai,
        shinagawa=shinagawa,
        body=body,
        member=make_member(shiranuka, email="shiranuka@example.jp"),
        colleague=make_member(shiranuka, email="shiranuka2@example.jp"),
        other=make_member(kushiro, email="kushiro@example.jp"),
        outsider=make_member(sakai, email="sakai@example.jp"),
        ward=make_member(shinagawa, email="shinagawa@example.jp"),
        pending=make_member(shiranuka, status="pending", email="pending@example.jp"),
        secretariat=make_secretariat(),
    )


def make_survey(
    *,
    body=None,
    audience: str = "",
    opens_in: datetime.timedelta = -datetime.timedelta(days=1),
    closes_in: datetime.timedelta = datetime.timedelta(days=14),
    slug: str = "kouryu-2026",
    respondent: str = "municipality",
    **fields,
) -> Survey:
    """A survey with Q1 (single: 賛成/反対, その他), Q2 (multiple: 観光/物産/移住), Q3 (number), Q4
    (text, optional)."""
    now = timezone.now()
    survey = Survey.objects.create(
        title=fields.pop("title", "連携交流についてのアンケート"),
        slug=slug,
        audience=audience or ("body" if body else "all"),
        body=body,
        respondent=respondent,
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        **fields,
    )
    q1 = Question.objects.create(
        survey=survey, position=1, text="連携事業に賛成ですか", kind="single", has_other=True
    )
    for position, label in enumerate(["賛成", "反対"], 1):
        Choice.objects.create(question=q1, position=position, label=label)
    q2 = Question.objects.create(
        survey=survey, position=2, text="関心のある分野", kind="multiple", required=False
    )
    for position, label in enumerate(["観光", "物産", "移住"], 1):
        Choice.objects.create(question=q2, position=position, label=label)
    Question.objects.create(survey=survey, position=3, text="職員数", kind="number", required=False)
    Question.objects.create(survey=survey, position=4, text="ご意見", kind="text", required=False)
    return survey


def choice(survey, position: int, label: str):
    return Choice.objects.get(question__survey=survey, question__position=position, label=label)


def answer_data(survey, *, q1="賛成", q2=("観光",), other="", number="", text="") -> dict:
    """The answer form as a browser posts it."""
    questions = {q.position: q for q in survey.questions.all()}
    data = {}
    data[f"q{questions[1].pk}"] = "other" if q1 == "その他" else str(choice(survey, 1, q1).pk)
    data[f"q{questions[1].pk}_other"] = other
    data[f"q{questions[2].pk}"] = [str(choice(survey, 2, label).pk) for label in q2]
    data[f"q{questions[3].pk}"] = number
    data[f"q{questions[4].pk}"] = text
    return data
