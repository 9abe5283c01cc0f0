"""Writes with side effects in surveys: answering, inviting, reminding, publishing."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.public_cache import bump_stamp
from core.sites import site_url
from members import outbox
from members.permissions import is_secretariat

from .audience import audience_memberships, in_audience, respondent_of, unanswered_memberships
from .models import Answer, Question, QuestionKind, Response, Survey, respondent_key


def _locked(survey: Survey) -> Survey:
    # The survey row is the lock: two members of one municipality answering at the same moment
    # take turns, so the second finds the first's response and changes it.
    return Survey.objects.select_for_update().get(pk=survey.pk)


def response_for(survey: Survey, user) -> Response | None:
    """The response this member sees as theirs: their municipality's or organisation's (or their
    own)."""
    municipality, organisation = respondent_of(user)
    if municipality is None and organisation is None:
        return None
    key = respondent_key(survey, municipality=municipality, organisation=organisation, user=user)
    return survey.responses.filter(respondent_key=key).first()


@transaction.atomic
def response_submit(*, survey: Survey, user, answers: dict) -> Response:
    """Save the member's answers (question → value, as the answer form cleans them): a new
    response, or the one their municipality already gave, changed in place.

    `answers[question]` is a dict with `choices` (Choice list), `other_selected`, `other_text`,
    `text` and `number`. Refused after the deadline, before the opening and outside the audience.
    """
    survey = _locked(survey)
    now = timezone.now()
    if not in_audience(survey, user):
        raise PermissionDenied(_("このアンケートの対象ではありません。"))
    if not survey.is_open(now):
        raise ValidationError(_("回答の受付期間外です。"), code="closed")
    municipality, organisation = respondent_of(user)
    key = respondent_key(survey, municipality=municipality, organisation=organisation, user=user)
    response, created = Response.objects.get_or_create(
        survey=survey,
        respondent_key=key,
        defaults={
            "municipality": municipality,
            "organisation": organisation,
            "respondent": user,
            "submitted_at": now,
            "updated_at": now,
        },
    )
    if not created:
        response.respondent, response.updated_at = user, now
        response.save(update_fields=["respondent", "updated_at"])
    questions = {q.pk: q for q in survey.questions.all()}
    response.answers.exclude(question_id__in=[q.pk for q in answers]).delete()
    for question, value in answers.items():
        if question.pk not in questions:
            raise ValidationError(_("このアンケートの設問ではありません。"))
        _save_answer(response, question, value)
    return response


def _save_answer(response: Response, question: Question, value: dict) -> None:
    answer, _created = Answer.objects.update_or_create(
        response=response,
        question=question,
        defaults={
            "other_selected": bool(value.get("other_selected")) and question.has_other,
            "other_text": (value.get("other_text") or "") if value.get("other_selected") else "",
            "text": (value.get("text") or "") if question.kind == QuestionKind.TEXT else "",
            "number": value.get("number") if question.kind == QuestionKind.NUMBER else None,
        },
    )
    choices = [c for c in value.get("choices", []) if c.question_id == question.pk]
    answer.choices.set(choices if question.is_choice else [])


def _mail_audience(survey: Survey, memberships, *, template: str, subject: str) -> int:
    addresses = sorted({membership.user.email for membership in memberships})
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"surveys/email/{template}.txt",
            {"survey": survey, "answer_url": site_url(survey.get_answer_url())},
        )
        outbox.enqueue_many(
            addresses=addresses, subject=subject % {"title": survey.title}, body=body
        )
    return len(addresses)


def _require_secretariat(user) -> None:
    if not is_secretariat(user):
        raise PermissionDenied(_("事務局だけが行えます。"))


@transaction.atomic
def survey_invite(*, survey: Survey, user) -> int:
    """The invitation to every member of the audience, through the outbox; how many."""
    _require_secretariat(user)
    survey = _locked(survey)
    if survey.has_closed():
        raise ValidationError(_("回答期限を過ぎたアンケートです。"), code="closed")
    sent = _mail_audience(
        survey,
        audience_memberships(survey),
        template="invitation",
        subject=_("【アンケートのお願い】%(title)s"),
    )
    survey.invited_at = timezone.now()
    survey.save(update_fields=["invited_at"])
    return sent


@transaction.atomic
def survey_remind(*, survey: Survey, user) -> int:
    """A reminder to the members whose answer is still missing; how many."""
    _require_secretariat(user)
    survey = _locked(survey)
    if not survey.is_open():
        raise ValidationError(_("回答の受付期間外です。"), code="closed")
    sent = _mail_audience(
        survey,
        list(unanswered_memberships(survey)),
        template="reminder",
        subject=_("【アンケート回答のお願い（再送）】%(title)s"),
    )
    survey.reminded_at = timezone.now()
    survey.save(update_fields=["reminded_at"])
    return sent


@transaction.atomic
def survey_publish(*, survey: Survey, user, published: bool = True) -> Survey:
    """Publish (or withdraw) the aggregate: only once the deadline has passed, so the public
    figures are final."""
    _require_secretariat(user)
    survey = _locked(survey)
    if published and not survey.has_closed():
        raise ValidationError(_("集計結果は回答期限の後に公開できます。"), code="open")
    survey.results_published = published
    survey.save(update_fields=["results_published"])
    bump_stamp()
    return survey


@transaction.atomic
def question_set_choices(*, question: Question, labels: list[str]) -> None:
    """The question's choices become `labels`, in order: a label kept keeps its choice (and the
    answers that chose it); a new label is a new choice; a label removed goes, with its
    selections."""
    from .models import Choice

    labels = [label.strip() for label in labels if label.strip()]
    existing = {choice.label: choice for choice in question.choices.all()}
    question.choices.exclude(label__in=labels).delete()
    # Positions move past the highest first, so two choices never share one on the way.
    offset = max([c.position for c in existing.values()] + [len(labels)]) + 1
    for choice in existing.values():
        if choice.label in labels:
            Choice.objects.filter(pk=choice.pk).update(position=choice.position + offset)
    for position, label in enumerate(dict.fromkeys(labels), start=1):
        if label in existing:
            Choice.objects.filter(pk=existing[label].pk).update(position=position)
        else:
            Choice.objects.create(question=question, label=label, position=position)
