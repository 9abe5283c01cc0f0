"""The survey's results: counts and percentages per question, in all and broken down by agreement
body, prefecture and kind of municipality. Computed from the answers every time, never stored."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import MunicipalityKind

from .audience import body_label, body_lookup, partner_label
from .models import Question, QuestionKind, Survey

# A public breakdown leaves out groups with fewer answers than this, so that no group stands
# for one municipality's answer.
MIN_PUBLIC_GROUP = 3

BREAKDOWNS = {
    "body": gettext_lazy("協定締結団体別"),
    "prefecture": gettext_lazy("都道府県別"),
    "kind": gettext_lazy("団体の種類別"),
}


def percentage(count: int, total: int) -> Decimal | None:
    """count / total as a percentage to one decimal, rounded half up (2 of 7 → 28.6)."""
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CountRow:
    label: str
    count: int
    percent: Decimal | None
    key: str = ""  # the choice's pk, "other" or "none"


@dataclass
class QuestionResult:
    question: Question
    total: int  # the responses counted (N)
    rows: list[CountRow] = field(default_factory=list)  # choices, その他, 無回答
    answered: int = 0
    numbers: dict = field(default_factory=dict)  # count, sum, mean, min, max
    texts: list[tuple[str, str]] = field(default_factory=list)  # (municipality, text)

    @property
    def is_choice(self) -> bool:
        return self.question.is_choice


def answer_display(answer) -> str:
    """One answer as a reader reads it: the chosen labels, その他 with its text, the text or
    the number."""
    if answer.question.is_choice:
        labels = [choice.label for choice in answer.choices.all()]
        if answer.other_selected:
            labels.append(
                _("その他（%(text)s）") % {"text": answer.other_text}
                if answer.other_text
                else _("その他")
            )
        return "、".join(labels)
    if answer.question.kind == QuestionKind.NUMBER:
        return "" if answer.number is None else f"{answer.number.normalize():f}"
    return answer.text


# A partner organisation's answers group by the kind of organisation in every breakdown: it
# has no agreement body, prefecture or kind of municipality.
PARTNER_GROUP = "partner:"


def _group_key(response, by: str, bodies: dict) -> str:
    municipality = response.municipality
    if municipality is None:
        return PARTNER_GROUP + response.organisation.kind
    if by == "body":
        return body_label(municipality, bodies)
    if by == "prefecture":
        return municipality.prefecture.code
    return municipality.kind


def _group_label(key: str, by: str, prefectures: dict) -> str:
    if key.startswith(PARTNER_GROUP):
        return partner_label(key.removeprefix(PARTNER_GROUP))
    if by == "prefecture":
        return prefectures[key]
    if by == "kind":
        return str(dict(MunicipalityKind.choices)[key])
    return key


class SurveyResults:
    """The results of one survey, read in a fixed number of queries."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.questions = list(survey.questions.prefetch_related("choices"))
        self.responses = list(survey.responses.for_results())
        by_pk = {question.pk: question for question in self.questions}
        self.answers = {}
        for response in self.responses:
            for answer in response.answers.all():
                answer.question = by_pk[answer.question_id]  # no query per answer
                self.answers[(answer.response_id, answer.question_id)] = answer

    @property
    def total(self) -> int:
        return len(self.responses)

    def question_results(self, responses=None, *, with_texts: bool = False) -> list[QuestionResult]:
        responses = self.responses if responses is None else responses
        return [self._result(q, responses, with_texts=with_texts) for q in self.questions]

    def _result(self, question, responses, *, with_texts) -> QuestionResult:
        total = len(responses)
        result = QuestionResult(question=question, total=total)
        answers = [
            (response, self.answers.get((response.pk, question.pk))) for response in responses
        ]
        if question.is_choice:
            counts = defaultdict(int)
            answered = 0
            for _response, answer in answers:
                if answer is None:
                    continue
                chosen = {choice.pk for choice in answer.choices.all()}
                if answer.other_selected:
                    chosen.add("other")
                if chosen:
                    answered += 1
                for key in chosen:
                    counts[key] += 1
            rows = [
                CountRow(c.label, counts[c.pk], percentage(counts[c.pk], total), str(c.pk))
                for c in question.choices.all()
            ]
            if question.has_other:
                rows.append(
                    CountRow(
                        _("その他"), counts["other"], percentage(counts["other"], total), "other"
                    )
                )
            rows.append(
                CountRow(_("無回答"), total - answered, percentage(total - answered, total), "none")
            )
            result.rows, result.answered = rows, answered
            if with_texts:
                result.texts = [
                    (response.respondent_name, answer_display(answer))
                    for response, answer in answers
                    if answer is not None and answer_display(answer)
                ]
        elif question.kind == QuestionKind.NUMBER:
            values = [a.number for _r, a in answers if a is not None and a.number is not None]
            result.answered = len(values)
            if values:
                result.numbers = {
                    "count": len(values),
                    "sum": sum(values),
                    "mean": (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP),
                    "min": min(values),
                    "max": max(values),
                }
            if with_texts:
                result.texts = [
                    (r.respondent_name, answer_display(a))
                    for r, a in answers
                    if a is not None and a.number is not None
                ]
        else:
            texts = [(r.respondent_name, a.text) for r, a in answers if a is not None and a.text]
            result.answered = len(texts)
            if with_texts:
                result.texts = texts
        return result

    def breakdown(self, by: str, *, public: bool = False) -> list[dict]:
        """Per group (body, prefecture or kind): its N and each question's result. A public
        breakdown leaves out the groups of fewer than MIN_PUBLIC_GROUP answers."""
        bodies = body_lookup() if by == "body" else {}
        prefectures = {
            r.municipality.prefecture.code: r.municipality.prefecture.name
            for r in self.responses
            if r.municipality
        }
        groups = defaultdict(list)
        for response in self.responses:
            groups[_group_key(response, by, bodies)].append(response)
        shown = []
        for key in sorted(groups):
            members = groups[key]
            if public and len(members) < MIN_PUBLIC_GROUP:
                continue
            shown.append(
                {
                    "label": _group_label(key, by, prefectures),
                    "total": len(members),
                    "results": self.question_results(members),
                }
            )
        return shown

    def breakdowns(self, *, public: bool = False) -> list[dict]:
        return [
            {"by": by, "label": label, "groups": self.breakdown(by, public=public)}
            for by, label in BREAKDOWNS.items()
        ]

    def public_answers(self) -> list[QuestionResult]:
        """Named answers, only of the questions that allow it."""
        return [
            result
            for result in self.question_results(with_texts=True)
            if result.question.answers_public and result.texts
        ]
