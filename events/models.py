import datetime

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody, CorporateAgreement
from core.dates import (
    DatePrecision,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_year_text,
)
from members.models import Municipality


class EventKind(models.TextChoices):
    LECTURE = "lecture", _("全国連携講演会")
    SYMPOSIUM = "symposium", _("シンポジウム")
    PROMOTION = "promotion", _("魅力発信イベント")
    EXHIBITION = "exhibition", _("全国連携展示")
    FESTIVAL = "festival", _("祭り等への支援")
    PARTICIPATION = "participation", _("参画・協力事業")
    RELATIONSHIP = "relationship", _("関係人口創出プロジェクト")
    # Submitted by a member municipality and approved by the secretariat (events/submissions.py).
    MUNICIPALITY = "municipality", _("会員自治体の催し")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("開催予定")
    HELD = "held", _("開催済み")
    CANCELLED = "cancelled", _("中止")
    POSTPONED = "postponed", _("延期")


class Audience(models.TextChoices):
    MEMBERS = "members", _("会員（全国連携ホームページ登録自治体の職員）")
    ANYONE = "anyone", _("どなたでも（企業・NPO等を含む）")


# A fiscal year starts in April: January to March belong to the year before.
_FISCAL_YEAR = ExtractYear("start_date") - Case(
    When(start_date__month__lt=4, then=Value(1)), default=Value(0)
)


class EventQuerySet(models.QuerySet):
    def dated(self):
        """Events whose day is known (the calendar feeds hold only these)."""
        return self.filter(date_precision=DatePrecision.DAY)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def in_fiscal_year(self, fiscal_year: int):
        first, last = fiscal_year_bounds(fiscal_year)
        return self.filter(start_date__gte=first, start_date__lte=last)

    def with_registration_counts(self):
        """Annotate `registered_count` (参加確定) and `waiting_count` (キャンセル待ち): one grouped
        query for a whole list, not two per event."""
        return self.annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )

    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return (
            self.filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
            .exclude(status=EventStatus.CANCELLED)
            .order_by("start_date")
        )

    def next_registration_deadline(self, now: datetime.datetime):
        """The next deadline after `now` of a registration the secretariat opened (or None)."""
        return (
            self.filter(registration_open=True, registration_deadline__gt=now)
            .order_by("registration_deadline")
            .values_list("registration_deadline", flat=True)
            .first()
        )

    def past(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today)
        ).order_by("-start_date")

    def matching(self, keyword: str):
        keyword = keyword.strip()
        if not keyword:
            return self
        return self.filter(
            Q(title__icontains=keyword)
            | Q(theme__icontains=keyword)
            | Q(summary__icontains=keyword)
            | Q(venue__icontains=keyword)
        )

    def for_listing(self):
        return self.select_related("host_municipality__prefecture").order_by(
            "-start_date", "ordinal"
        )

    def with_body(self, body):
        """Events an agreement body took part in (its exhibitions, the promotion events it
        joined)."""
        through = Event.participating_bodies.through.objects.filter(
            event=OuterRef("pk"), agreementbody=body
        )
        return self.filter(Exists(through))

    def with_roles_of(self, municipality, body=None):
        """Annotate how a municipality took part in each event: `hosted` (a touring stop of the
        exhibition was in it), `named` (the event names it: a lecture's speaker, a festival's
        partner) and `via_body` (its agreement body, `body`, took part)."""
        named = Event.participating_municipalities.through.objects.filter(
            event=OuterRef("pk"), municipality=municipality
        )
        organised = Q(host_municipality=municipality)
        hosted = TouringVenue.objects.filter(event=OuterRef("pk"), municipality=municipality)
        if body is None:
            via_body = Value(False)
        else:
            via_body = Exists(
                Event.participating_bodies.through.objects.filter(
                    event=OuterRef("pk"), agreementbody=body
                )
            )
        return self.annotate(
            hosted=Exists(hosted),
            named=Exists(named),
            via_body=via_body,
            organised=models.ExpressionWrapper(organised, output_field=models.BooleanField()),
        )

    def involving(self, municipality, body=None):
        """Events a municipality (or ward) took part in: it hosted a touring stop, the event
        names it, or its agreement body (`body`, see AgreementBody.objects.representing) took
        part. Each event is annotated with those roles (with_roles_of)."""
        roles = Q(hosted=True) | Q(named=True) | Q(host_municipality=municipality)
        if body is not None:
            roles |= Q(via_body=True)
        return self.with_roles_of(municipality, body).filter(roles)

    def hosted_by(self, municipality):
        """A member municipality's own events (approved submissions)."""
        return self.filter(host_municipality=municipality)

    def for_detail(self):
        return self.select_related(
            "corporate_agreement", "host_municipality__prefecture"
        ).prefetch_related(
            "organisers",
            "programme_items",
            "touring_venues__municipality",
            "participating_bodies",
            "participating_municipalities",
        )

    def outcome_totals_by_fiscal_year(self) -> list[dict]:
        """Each fiscal year's events and the sums of their recorded outcomes, oldest first
        (one grouped query). A sum covers only the events that report that figure."""
        reported = (
            Q(municipalities_taking_part__isnull=False)
            | Q(visitors__isnull=False)
            | Q(attendees__isnull=False)
        )
        rows = (
            self.order_by()
            .annotate(fy=_FISCAL_YEAR)
            .values("fy")
            .annotate(
                events=Count("pk"),
                reported=Count("pk", filter=reported),
                municipalities=Sum("municipalities_taking_part"),
                visitors=Sum("visitors"),
                attendees=Sum("attendees"),
            )
            .order_by("fy")
        )
        return [
            {**row, "fiscal_year_label": fiscal_year_text(row["fy"])}
            for row in rows
            if row["reported"]
        ]

    def fiscal_years(self) -> list[int]:
        """The fiscal years that have events, newest first (the database returns one row each).

        A fiscal year starts in April: January to March belong to the year before.
        """
        return list(
            self.order_by()
            .annotate(fy=_FISCAL_YEAR)
            .values_list("fy", flat=True)
            .distinct()
            .order_by("-fy")
        )


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(models.Model):
    """Something the project holds or supports: a lecture, promotion event, exhibition, festival."""

    slug = models.SlugField(
        _("URL用の名前"), max_length=80, unique=True, help_text=_("半角英数字とハイフン")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    theme = models.CharField(_("テーマ"), max_length=300, blank=True)
    ordinal = models.PositiveSmallIntegerField(
        _("回"), null=True, blank=True, help_text=_("年度内の第何回か（「第2回」なら 2）。")
    )
    start_date = models.DateField(_("開始日"))
    end_date = models.DateField(_("終了日"), null=True, blank=True, help_text=_("1日限りなら空欄"))
    date_precision = models.CharField(
        _("日付の精度"),
        max_length=20,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "資料に日付がなく年度しか分からない場合は「年度のみ」とし、開始日はその年度内の日付にします。"
        ),
    )
    start_time = models.TimeField(
        _("開始時刻"), null=True, blank=True, help_text=_("資料に時刻がある場合のみ（日本時間）")
    )
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    online = models.BooleanField(_("オンライン開催"), default=False)
    status = models.CharField(
        _("状況"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    summary = models.TextField(_("概要"), blank=True)
    participating_bodies = models.ManyToManyField(
        AgreementBody, blank=True, related_name="events", verbose_name=_("参加した協定締結団体")
    )
    participating_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="events", verbose_name=_("参加した自治体")
    )
    corporate_agreement = models.ForeignKey(
        CorporateAgreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("きっかけとなった包括連携協定"),
        help_text=_("民間企業との包括連携協定から生まれた催しの場合に選びます。"),
    )
    # Registration (参加申込): only for upcoming events the secretariat opens it for.
    registration_open = models.BooleanField(
        _("参加申込を受け付ける"),
        default=False,
        help_text=_("開催予定の催しで、締切前のときだけ申込フォームが表示されます。"),
    )
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("申込締切"), null=True, blank=True)
    audience = models.CharField(
        _("申込できる人"), max_length=20, choices=Audience.choices, default=Audience.ANYONE
    )
    waiting_list = models.BooleanField(
        _("キャンセル待ちを受け付ける"),
        default=True,
        help_text=_("満席のとき、キャンセル待ちとして登録し、キャンセルが出たら順に繰り上げます。"),
    )
    viewing_url = models.URLField(
        _("視聴URL（オンライン）"),
        blank=True,
        help_text=_("公開ページには表示されません。参加が確定した申込者にだけメールで送ります。"),
    )
    # Outcomes (実績), where the documents give them.
    municipalities_taking_part = models.PositiveIntegerField(
        _("参加自治体数"), null=True, blank=True
    )
    visitors = models.PositiveIntegerField(_("来場者数"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("参加者数"), null=True, blank=True)
    companies_taking_part = models.PositiveIntegerField(_("参加企業数"), null=True, blank=True)
    figures_approximate = models.BooleanField(
        _("人数は概数"), default=False, help_text=_("資料に「約」とある場合")
    )
    outcome_report = models.TextField(_("実施報告"), blank=True)
    # A member municipality's own event (approved from an EventSubmission).
    host_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("主催自治体"),
        help_text=_("会員自治体が主催する催しの場合（掲載申請から承認したもの）。"),
    )
    link = models.URLField(_("詳しい情報のページ"), blank=True)
    image = models.ImageField(_("画像"), upload_to="events/", blank=True, max_length=200)
    image_alt = models.CharField(_("画像の説明（代替テキスト）"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), default=timezone.now, editable=False)

    objects = EventManager()

    class Meta:
        ordering = ["-start_date", "ordinal"]
        verbose_name = _("イベント・展示")
        verbose_name_plural = _("イベント・展示")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["kind", "start_date"])]

    def __str__(self):
        return self.display_title

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        # Not auto_now: fixtures keep the recorded time (loaddata saves raw, skipping pre_save).
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    @property
    def is_dated(self) -> bool:
        return self.date_precision == DatePrecision.DAY

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start in Tokyo time, where the documents give a time."""
        if not (self.is_dated and self.start_time):
            return None
        return datetime.datetime.combine(
            self.start_date, self.start_time, tzinfo=timezone.get_default_timezone()
        )

    @property
    def ends_at(self) -> datetime.datetime | None:
        if not (self.starts_at and self.end_time):
            return None
        return datetime.datetime.combine(
            self.last_date, self.end_time, tzinfo=timezone.get_default_timezone()
        )

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.start_date)

    @property
    def fiscal_year_label(self) -> str:
        """令和5年度, or FY2023 on English pages."""
        return fiscal_year_text(self.fiscal_year)

    @property
    def display_title(self) -> str:
        return self.title

    @property
    def last_date(self) -> datetime.date:
        return self.end_date or self.start_date

    def takes_registrations(self, now: datetime.datetime | None = None) -> bool:
        """Open for registration: opened by the secretariat, still to come, before the deadline."""
        now = now or timezone.now()
        return (
            self.registration_open
            and self.status == EventStatus.SCHEDULED
            and self.start_date >= timezone.localdate(now)
            and (self.registration_deadline is None or now <= self.registration_deadline)
        )

    @property
    def has_outcomes(self) -> bool:
        return any(
            value is not None
            for value in (
                self.municipalities_taking_part,
                self.visitors,
                self.attendees,
                self.companies_taking_part,
            )
        ) or bool(self.outcome_report)


class OrganiserRole(models.TextChoices):
    HOST = "host", _("主催")
    CO_HOST = "cohost", _("共催")
    COOPERATION = "cooperation", _("協力")
    SUPPORT = "support", _("後援")
    SPONSOR = "sponsor", _("協賛")


class EventChildManager(models.Manager):
    def get_by_natural_key(self, event_slug, order):
        return self.get(event__slug=event_slug, order=order)


class EventChild(models.Model):
    """A row that belongs to one event, identified by the event and its position."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, verbose_name=_("イベント"))
    order = models.PositiveSmallIntegerField(_("順番"), default=1)

    objects = EventChildManager()

    class Meta:
        abstract = True
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="%(class)s_unique_order")
        ]

    def natural_key(self):
        return (self.event.slug, self.order)

    natural_key.dependencies = ["events.event"]


class EventOrganiser(EventChild):
    role = models.CharField(_("役割"), max_length=20, choices=OrganiserRole.choices)
    name = models.CharField(_("団体名"), max_length=200)

    class Meta(EventChild.Meta):
        default_related_name = "organisers"
        verbose_name = _("主催・協力等")
        verbose_name_plural = _("主催・協力等")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class ProgrammeItem(EventChild):
    starts_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    title = models.CharField(_("内容"), max_length=300)
    speaker = models.CharField(_("講師・登壇者"), max_length=200, blank=True)
    affiliation = models.CharField(_("所属・役職"), max_length=300, blank=True)

    class Meta(EventChild.Meta):
        default_related_name = "programme_items"
        verbose_name = _("プログラム")
        verbose_name_plural = _("プログラム")

    def __str__(self):
        return self.title


class TouringVenue(EventChild):
    """巡回展示: where an exhibition travelled after 東京区政会館."""

    venue = models.CharField(_("会場"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="touring_exhibitions",
        verbose_name=_("区・自治体"),
    )
    start_date = models.DateField(_("開始日"), null=True, blank=True)
    end_date = models.DateField(_("終了日"), null=True, blank=True)

    class Meta(EventChild.Meta):
        default_related_name = "touring_venues"
        verbose_name = _("巡回展示")
        verbose_name_plural = _("巡回展示")

    def __str__(self):
        return self.venue


# Registration lives in its own module; importing it here lets Django find the model.
from .registrations import Registration, RegistrationStatus  # noqa: E402, F401
from .submissions import EventSubmission, SubmissionCategory, SubmissionStatus  # noqa: E402, F401
