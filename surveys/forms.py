"""The answer form, built from the survey's questions."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import QuestionKind

OTHER = "other"
TEXT_MAX = 2000


def field_name(question) -> str:
    return f"q{question.pk}"


class ResponseForm(forms.Form):
    """One field per question (and a text field for each 「その他」); `answers()` gives what
    services.response_submit takes."""

    def __init__(self, *args, questions, response=None, read_only=False, **kwargs):
        self.questions = list(questions)
        if response is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(response, self.questions)
        super().__init__(*args, **kwargs)
        for question in self.questions:
            self._add_fields(question, read_only)

    def _add_fields(self, question, read_only: bool) -> None:
        name = field_name(question)
        label = f"Q{question.position} {question.text}"
        options = {"label": label, "required": question.required, "disabled": read_only}
        if question.is_choice:
            choices = [(str(c.pk), c.label) for c in question.choices.all()]
            if question.has_other:
                choices.append((OTHER, _("その他")))
            if question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
            else:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, **options
                )
            self.fields[name] = field
            if question.has_other:
                self.fields[f"{name}_other"] = forms.CharField(
                    label=_("Q%(position)s「その他」の内容") % {"position": question.position},
                    required=False,
                    max_length=500,
                    disabled=read_only,
                )
        elif question.kind == QuestionKind.NUMBER:
            self.fields[name] = forms.DecimalField(
                max_digits=14, decimal_places=2, min_value=-(10**11), max_value=10**11, **options
            )
        else:
            self.fields[name] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX, **options
            )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            if not (question.is_choice and question.has_other):
                continue
            chosen = cleaned.get(name) or []
            chosen = [chosen] if isinstance(chosen, str) else chosen
            if OTHER in chosen and not (cleaned.get(f"{name}_other") or "").strip():
                self.add_error(f"{name}_other", _("「その他」の内容を記入してください。"))
        return cleaned

    def answers(self) -> dict:
        """question → {choices, other_selected, other_text, text, number}, unanswered left out."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.is_choice:
                chosen = [value] if isinstance(value, str) else list(value or [])
                chosen = [v for v in chosen if v]
                if not chosen:
                    continue
                by_pk = {str(c.pk): c for c in question.choices.all()}
                other = OTHER in chosen
                result[question] = {
                    "choices": [by_pk[v] for v in chosen if v in by_pk],
                    "other_selected": other,
                    "other_text": (
                        self.cleaned_data.get(f"{field_name(question)}_other") or ""
                    ).strip()
                    if other
                    else "",
                }
            elif question.kind == QuestionKind.NUMBER:
                if value is not None:
                    result[question] = {"number": value}
            elif value:
                result[question] = {"text": value}
        return result


def initial_from(response, questions) -> dict:
    answers = {
        answer.question_id: answer for answer in response.answers.prefetch_related("choices")
    }
    initial = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        name = field_name(question)
        if question.is_choice:
            chosen = [str(c.pk) for c in answer.choices.all()]
            if answer.other_selected:
                chosen.append(OTHER)
                initial[f"{name}_other"] = answer.other_text
            initial[name] = chosen[0] if question.kind == QuestionKind.SINGLE and chosen else chosen
        elif question.kind == QuestionKind.NUMBER:
            initial[name] = answer.number
        else:
            initial[name] = answer.text
    return initial


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(
        label=gettext_lazy("集計結果の公開"),
        choices=[("1", gettext_lazy("公開する")), ("0", gettext_lazy("公開をやめる"))],
        coerce=lambda value: value == "1",
    )
