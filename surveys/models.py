"""Surveys (アンケート): the secretariat asks, members answer from マイページ, the results are counted.

A survey goes to an audience (every member municipality, an agreement body's member municipalities,
the wards, or the partner organisations) and takes one answer per municipality (per organisation
for partners) or one per member. Answers can be changed until
the deadline; after it they are read-only. The aggregate can be published; a municipality's own
answer is shown publicly only for a question that says so.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody
from members.models import Municipality
from partners.models import PartnerOrganisation


class Audience(models.TextChoices):
    ALL_MEMBERS = "all", _("会員登録自治体すべて")
    BODY = "body", _("広域連携協定締結団体の構成自治体")
    WARDS = "wards", _("特別区")
    PARTNERS = "partners", _("連携団体（民間事業者・NPO・大学等）")


class RespondentKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("1自治体（連携団体は1団体）につき1回答")
    MEMBER = "member", _("会員1人につき1回答")


class SurveyQuerySet(models.QuerySet):
    def published(self):
        """Surveys whose aggregate the secretariat has published."""
        return self.filter(results_published=True)

    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def started(self, moment):
        return self.filter(opens_at__lte=moment)

    def for_listing(self):
        return self.select_related("body").order_by("-closes_at", "pk")

    def with_response_count(self):
        return self.annotate(response_count=models.Count("responses", distinct=True))


class SurveyManager(models.Manager.from_queryset(SurveyQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Survey(models.Model):
    title = models.CharField(_("アンケート名"), max_length=120)
    slug = models.SlugField(_("URL用の名前"), max_length=60, unique=True)
    description = models.TextField(_("説明"), blank=True)
    audience = models.CharField(
        _("対象"), max_length=10, choices=Audience.choices, default=Audience.ALL_MEMBERS
    )
    body = models.ForeignKey(
        AgreementBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("対象の協定締結団体"),
        help_text=_("対象が「広域連携協定締結団体の構成自治体」のときに選びます。"),
    )
    respondent = models.CharField(
        _("回答の単位"),
        max_length=12,
        choices=RespondentKind.choices,
        default=RespondentKind.MUNICIPALITY,
    )
    opens_at = models.DateTimeField(_("回答開始日時"))
    closes_at = models.DateTimeField(
        _("回答期限"), help_text=_("期限までは回答を変更できます。期限後は閲覧のみです。")
    )
    results_published = models.BooleanField(
        _("集計結果を公開する"),
        default=False,
        help_text=_(
            "公開ページとオープンデータに集計だけを載せます。個々の自治体の回答は、"
            "設問で公開を認めた場合を除き表示しません。"
        ),
    )
    invited_at = models.DateTimeField(_("依頼メールの送信日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("督促メールの送信日時"), null=True, blank=True)
    source_note = models.TextField(
        _("出典・備考"), blank=True, help_text=_("紙のアンケートを記録したときの出典など。")
    )
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)

    objects = SurveyManager()

    class Meta:
        ordering = ["-closes_at", "pk"]
        verbose_name = _("アンケート")
        verbose_name_plural = _("アンケート")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("回答期限は回答開始日時より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(audience="body", body__isnull=False)
                | (~Q(audience="body") & Q(body__isnull=True)),
                name="survey_body_iff_body_audience",
                violation_error_message=_(
                    "対象が協定締結団体の構成自治体のときは団体を選び、それ以外のときは選ばないでください。"
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("surveys:survey-results", kwargs={"slug": self.slug})

    def get_answer_url(self):
        return reverse("surveys:survey-answer", kwargs={"slug": self.slug})

    def get_desk_url(self):
        return reverse("surveys:desk-detail", kwargs={"slug": self.slug})

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def has_closed(self, moment=None) -> bool:
        return (moment or timezone.now()) >= self.closes_at

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.BODY and self.body_id:
            return str(self.body)
        return self.get_audience_display()


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("単一選択")
    MULTIPLE = "multiple", _("複数選択")
    TEXT = "text", _("自由記述")
    NUMBER = "number", _("数値")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class QuestionManager(models.Manager):
    def get_by_natural_key(self, survey_slug, position):
        return self.get(survey__slug=survey_slug, position=position)


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("アンケート")
    )
    position = models.PositiveSmallIntegerField(_("順番"), default=1)
    text = models.TextField(_("設問"))
    kind = models.CharField(
        _("回答の形式"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    required = models.BooleanField(_("回答必須"), default=True)
    has_other = models.BooleanField(
        _("「その他」（記述つき）を設ける"), default=False, help_text=_("選択式の設問のみ。")
    )
    answers_public = models.BooleanField(
        _("自治体名とともに回答を公開してよい"),
        default=False,
        help_text=_("既定では公開ページに集計だけを表示し、個々の自治体の回答は表示しません。"),
    )

    objects = QuestionManager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("設問")
        verbose_name_plural = _("設問")
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique")
        ]

    def __str__(self):
        return f"Q{self.position} {self.text[:40]}"

    def natural_key(self):
        return (*self.survey.natural_key(), self.position)

    natural_key.dependencies = ["surveys.survey"]

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS


class ChoiceManager(models.Manager):
    def get_by_natural_key(self, survey_slug, question_position, position):
        return self.get(
            question__survey__slug=survey_slug,
            question__position=question_position,
            position=position,
        )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("設問")
    )
    position = models.PositiveSmallIntegerField(_("順番"), default=1)
    label = models.CharField(_("選択肢"), max_length=200)

    objects = ChoiceManager()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("選択肢")
        verbose_name_plural = _("選択肢")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique")
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.question.natural_key(), self.position)

    natural_key.dependencies = ["surveys.question"]


def respondent_key(
    survey: Survey,
    *,
    municipality: Municipality | None = None,
    organisation: PartnerOrganisation | None = None,
    user=None,
) -> str:
    """What makes a response unique within its survey: the municipality (the partner
    organisation), or the member."""
    if survey.respondent == RespondentKind.MEMBER and user is not None:
        return f"u{user.pk}"
    if organisation is not None:
        return f"o{organisation.pk}"
    return f"m{municipality.code}"


class ResponseQuerySet(models.QuerySet):
    def for_results(self):
        return self.select_related("municipality__prefecture", "organisation").prefetch_related(
            "answers__choices"
        )

    def get_by_natural_key(self, survey_slug, key):
        return self.get(survey__slug=survey_slug, respondent_key=key)


class Response(models.Model):
    """One municipality's (or one member's) answer to a survey, changed in place until the deadline."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("アンケート")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("自治体"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("連携団体"),
        help_text=_("連携団体を対象とするアンケートの回答のときだけ。"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("回答した会員"),
    )
    # "m<municipality code>" (or "o<organisation pk>") for a survey answered once per municipality
    # (organisation), "u<user pk>" per member:
    # the database holds the rule, whoever answers at the same moment.
    respondent_key = models.CharField(_("回答者の区別"), max_length=24, editable=False)
    submitted_at = models.DateTimeField(_("初回回答日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("最終更新日時"), default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "municipality__code", "pk"]
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="one_response_per_respondent"
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, organisation__isnull=True)
                | Q(municipality__isnull=True, organisation__isnull=False),
                name="response_by_municipality_or_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.survey}（{self.respondent_name}）"

    @property
    def respondent_name(self) -> str:
        """The municipality's or the partner organisation's name."""
        return (self.municipality or self.organisation).name

    def natural_key(self):
        return (*self.survey.natural_key(), self.respondent_key)

    natural_key.dependencies = [
        "surveys.survey",
        "members.municipality",
        "partners.partnerorganisation",
    ]


class AnswerManager(models.Manager):
    def get_by_natural_key(self, survey_slug, key, question_position):
        return self.get(
            response__survey__slug=survey_slug,
            response__respondent_key=key,
            question__position=question_position,
        )


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("回答")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("設問")
    )
    choices = models.ManyToManyField(
        Choice, blank=True, related_name="answers", verbose_name=_("選んだ選択肢")
    )
    other_selected = models.BooleanField(_("「その他」を選んだ"), default=False)
    other_text = models.CharField(_("「その他」の内容"), max_length=500, blank=True)
    text = models.TextField(_("記述"), blank=True)
    number = models.DecimalField(_("数値"), max_digits=14, decimal_places=2, null=True, blank=True)

    objects = AnswerManager()

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("設問への回答")
        verbose_name_plural = _("設問への回答")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.response} / {self.question}"

    def natural_key(self):
        return (*self.response.natural_key(), self.question.position)

    natural_key.dependencies = ["surveys.response", "surveys.question", "surveys.choice"]
