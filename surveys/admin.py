"""The survey builder: a survey with its questions inline; each question's choices typed one a line."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin
from core.forms import SlugFromTitleMixin
from core.public_cache import bump_stamp

from .models import Answer, Choice, Question, Response, Survey
from .services import question_set_choices


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("選択肢（1行に1つ）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("単一選択・複数選択の設問で使います。「その他」は下の欄で設けます。"),
    )

    class Meta:
        model = Question
        fields = ["position", "text", "kind", "required", "has_other", "answers_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(
                choice.label for choice in self.instance.choices.all()
            )

    def clean(self):
        cleaned = super().clean()
        labels = [line.strip() for line in (cleaned.get("choices_text") or "").splitlines()]
        labels = [label for label in labels if label]
        if cleaned.get("kind") in ("single", "multiple") and not labels:
            self.add_error("choices_text", _("選択式の設問には選択肢を1つ以上入力してください。"))
        if any(len(label) > 200 for label in labels):
            self.add_error("choices_text", _("選択肢は200文字以内で入力してください。"))
        cleaned["choice_labels"] = labels
        return cleaned


class SurveyAdminForm(SlugFromTitleMixin, forms.ModelForm):
    """A blank URL name is made from the romanised title (the admin's script would drop every
    Japanese character)."""


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionForm
    extra = 1


@admin.register(Survey)
class SurveyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "audience",
        "respondent",
        "opens_at",
        "closes_at",
        "results_published",
        "desk_link",
    ]
    list_filter = ["audience", "respondent", "results_published"]
    search_fields = ["title", "description"]
    date_hierarchy = "closes_at"
    form = SurveyAdminForm
    list_select_related = ["body"]
    readonly_fields = ["invited_at", "reminded_at"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description"]}),
        (_("対象と回答"), {"fields": ["audience", "body", "respondent", "opens_at", "closes_at"]}),
        (
            _("公開とメール"),
            {"fields": ["results_published", "invited_at", "reminded_at", "source_note"]},
        ),
    ]

    @admin.display(description=_("回答状況・集計"))
    def desk_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("surveys:desk-detail", kwargs={"slug": obj.slug}),
            _("窓口で見る"),
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Question:
            return
        for question_form in formset.forms:
            question = question_form.instance
            if (
                question.pk
                and question_form.cleaned_data
                and not question_form.cleaned_data.get("DELETE")
            ):
                labels = question_form.cleaned_data.get("choice_labels", [])
                question_set_choices(question=question, labels=labels if question.is_choice else [])


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "survey", "kind", "required", "answers_public"]
    list_filter = ["kind", "required"]
    search_fields = ["text", "survey__title"]
    list_select_related = ["survey"]
    autocomplete_fields = ["survey"]
    inlines = [ChoiceInline]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["question", "choices", "other_selected", "other_text", "text", "number"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Answers are given by members from マイページ; the secretariat reads them here."""

    list_display = ["survey", "municipality", "organisation", "respondent", "updated_at"]
    list_filter = ["survey"]
    search_fields = ["municipality__name", "organisation__name", "survey__title"]
    list_select_related = ["survey", "municipality", "organisation", "respondent"]
    date_hierarchy = "updated_at"
    readonly_fields = [
        "survey",
        "municipality",
        "organisation",
        "respondent",
        "submitted_at",
        "updated_at",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # A published survey's results change when one of its answers goes.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_stamp()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_stamp()
