"""Posts: proposals (連携提案) and wards' calls (募集), and their edit history.

Their files are in `attachments`; what answers a post (replies, raised hands) and its status
log in `replies`."""

from operator import attrgetter

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_bounds, fiscal_year_of, fiscal_year_text
from members.models import Municipality, MunicipalityKind, Region
from members.permissions import approved_membership, is_secretariat
from members.places import municipalities_by_pk, prefectures_by_pk
from partners.permissions import partner_membership

from ..search import BigramMatch, UnigramMatch, bigram_query, unigram_query


class ProposalField(models.TextChoices):
    INDUSTRY = "industry", _("産業振興")
    TOURISM = "tourism", _("観光振興")
    CULTURE = "culture", _("文化・芸術")
    SPORTS = "sports", _("スポーツ")
    DISASTER = "disaster", _("防災・災害支援")
    ENVIRONMENT = "environment", _("環境")
    EDUCATION = "education", _("子育て・教育")
    WELFARE = "welfare", _("健康・福祉")
    OTHER = "other", _("その他")


class ProposalKind(models.TextChoices):
    MARKET = "market", _("物産展・マルシェ")
    EVENT = "event", _("イベント出展")
    STAFF_EXCHANGE = "staff_exchange", _("職員交流")
    TOUR = "tour", _("体験ツアー")
    AGREEMENT = "agreement", _("協定")
    FACILITY = "facility", _("施設の提供")
    PERSONNEL = "personnel", _("人材の提供")
    EXHIBIT_SLOT = "exhibit_slot", _("イベント出展枠")
    OTHER = "other", _("その他")


class PostDirection(models.TextChoices):
    """Who addresses whom: a municipality's proposal to the wards, or a ward's call (募集)."""

    PROPOSAL = "proposal", _("連携提案")
    CALL = "call", _("区からの募集")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("募集中")
    COORDINATING = "coordinating", _("調整中")
    REALIZED = "realized", _("成立")
    CLOSED = "closed", _("終了")

    @classmethod
    def next_statuses(cls, status: str) -> tuple["ProposalStatus", ...]:
        """募集中 → (調整中 →) 成立 or 終了; 調整中 may go back to 募集中; 成立 and 終了 are
        final."""
        return _TRANSITIONS[cls(status)]

    @classmethod
    def final(cls) -> tuple["ProposalStatus", ...]:
        return (cls.REALIZED, cls.CLOSED)


_TRANSITIONS = {
    # Parties that already agree go straight to 成立: 調整中 is a stop when it helps, not a rule.
    ProposalStatus.OPEN: (
        ProposalStatus.COORDINATING,
        ProposalStatus.REALIZED,
        ProposalStatus.CLOSED,
    ),
    ProposalStatus.COORDINATING: (
        ProposalStatus.REALIZED,
        ProposalStatus.CLOSED,
        ProposalStatus.OPEN,
    ),
    ProposalStatus.REALIZED: (),
    ProposalStatus.CLOSED: (),
}


def code_of(place) -> str:
    """A Prefecture's or Municipality's code, or the code itself."""
    return getattr(place, "code", place)


def _count(queryset):
    rows = queryset.order_by().values("proposal").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows), 0)


def _linked(through, column: str, proposal_ids: list[int]) -> dict[int, list[int]]:
    """{post id: [linked ids]} from a many-to-many link table, for these posts."""
    linked: dict[int, list[int]] = {}
    if proposal_ids:
        rows = through.objects.filter(proposal_id__in=proposal_ids).values_list(
            "proposal_id", column
        )
        for proposal_id, other_id in rows:
            linked.setdefault(proposal_id, []).append(other_id)
    return linked


def first_answer_subqueries() -> tuple[Subquery, Subquery]:
    """For each post (the outer query): when another municipality (or an organisation) first
    replied, and when a hand was first raised. The post's first answer is the earlier of the two."""
    from .replies import HandRaise, Reply

    first_reply = (
        Reply.objects.filter(proposal=OuterRef("pk"))
        .exclude(municipality=OuterRef("municipality"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    first_hand = (
        HandRaise.objects.filter(proposal=OuterRef("pk"))
        .order_by("raised_at")
        .values("raised_at")[:1]
    )
    return Subquery(first_reply), Subquery(first_hand)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a board user may see: the secretariat sees hidden posts too, a municipality its
        own; a partner organisation's member only the visible posts opened to partners."""
        if is_secretariat(user):
            return self
        membership = approved_membership(user)
        if membership is None:
            if partner_membership(user) is not None:
                return self.open_to_partners()
            return self.none()
        return self.filter(Q(is_hidden=False) | Q(municipality_id=membership.municipality_id))

    def open_to_partners(self):
        """The posts their authors opened to partner organisations (民間・団体の参加を歓迎)."""
        return self.filter(welcomes_partners=True, is_hidden=False)

    def proposals(self):
        return self.filter(direction=PostDirection.PROPOSAL)

    def calls(self):
        return self.filter(direction=PostDirection.CALL)

    def for_listing(self):
        # The long texts are not shown in the list; counts and places come per page
        # (attach_counts, attach_places).
        return (
            self.select_related("municipality__prefecture")
            .select_related("target_body")
            .defer("body", "offer", "seeking", "hidden_reason")
            .order_by("-created_at", "-pk")
        )

    def for_detail(self):
        from .replies import HandRaise, ProposalStatusChange

        return self.select_related(
            "municipality__prefecture",
            "author__membership",
            "collaboration",
            "target_body__prefecture",
        ).prefetch_related(
            # The wanted wards and a call's prefectures: attach_places, only where shown.
            "attachments",
            models.Prefetch(
                "hands",
                queryset=HandRaise.objects.select_related(
                    "ward", "organisation", "raised_by__membership"
                ),
            ),
            models.Prefetch(
                "status_changes",
                queryset=ProposalStatusChange.objects.select_related(
                    "changed_by__membership__municipality"
                ),
            ),
            models.Prefetch(
                "revisions",
                queryset=ProposalRevision.objects.select_related("edited_by__membership"),
            ),
        )

    def with_status(self, *statuses):
        return self.filter(status__in=statuses)

    def open(self):
        return self.with_status(ProposalStatus.OPEN)

    def unanswered(self):
        """Posts with no reply from another municipality or organisation and no raised hand
        (`first_answered_at`, kept by the reply and hand services)."""
        return self.filter(first_answered_at__isnull=True)

    def refresh_first_answers(self) -> int:
        """Recompute `first_answered_at` of these posts from their replies and hands, in one
        UPDATE: after a hand is withdrawn, a reply or hand is changed in the admin, or rows were
        loaded around the services (fixtures, a benchmark's COPY)."""
        first_reply, first_hand = first_answer_subqueries()
        # LEAST is NULL on SQLite when either side is: coalesce each with the other first.
        return self.update(
            first_answered_at=Least(
                Coalesce(first_reply, first_hand), Coalesce(first_hand, first_reply)
            )
        )

    def open_posts_of(self, municipality):
        """A municipality's open, visible posts (proposals, or a ward's calls), newest first."""
        return (
            self.open()
            .filter(municipality=municipality, is_hidden=False)
            .select_related("municipality")
            .order_by("-created_at", "-pk")
        )

    def page_of(self, bottom: int, top: int):
        """Rows bottom..top of this list, newest first: the ids are chosen with every filter
        (an index-only scan where it can be), then only those rows are read ("deferred join")."""
        ids = self.order_by("-created_at", "-pk").values("pk")[bottom:top]
        # Only the page's rows are read here, so they are counted in the same query.
        return Proposal.objects.for_listing().filter(pk__in=ids).with_counts()

    def with_counts(self):
        """Annotate reply_count (visible replies) and hand_count, for a page of rows only."""
        from .replies import HandRaise, Reply

        replies = Reply.objects.filter(proposal=OuterRef("pk"), is_hidden=False)
        hands = HandRaise.objects.filter(proposal=OuterRef("pk"))
        return self.annotate(reply_count=_count(replies), hand_count=_count(hands))

    def attach_counts(self, proposals) -> None:
        """Set reply_count and hand_count on the proposals of one page, in one query, unless the
        page was read with them (page_of).

        (Counting in the list query itself would also count the rows an OFFSET skips.)
        """
        proposals = [p for p in proposals if not hasattr(p, "reply_count")]
        if not proposals:
            return
        counts = {
            pk: (reply_count, hand_count)
            for pk, reply_count, hand_count in Proposal.objects.filter(
                pk__in=[proposal.pk for proposal in proposals]
            )
            .with_counts()
            .values_list("pk", "reply_count", "hand_count")
        }
        for proposal in proposals:
            proposal.reply_count, proposal.hand_count = counts.get(proposal.pk, (0, 0))

    def attach_places(self, proposals) -> None:
        """Set `listed_wards` (a proposal's wanted wards) and `listed_target_prefectures` (a
        call's prefectures) on the posts of one page, in code order: one read of each link table
        (skipped when no post on the page shows it), the places themselves from the lists kept
        per stamp (members/places.py)."""
        proposals = [p for p in proposals if not hasattr(p, "listed_wards")]
        if not proposals:
            return
        wanted = [p.pk for p in proposals if not p.is_call and not p.any_ward]
        calls = [p.pk for p in proposals if p.is_call]
        wards = _linked(Proposal.wards.through, "municipality_id", wanted)
        prefectures = _linked(Proposal.target_prefectures.through, "prefecture_id", calls)
        ward_of = (
            municipalities_by_pk({pk for pks in wards.values() for pk in pks}) if wards else {}
        )
        prefecture_of = prefectures_by_pk() if prefectures else {}
        for proposal in proposals:
            proposal.listed_wards = sorted(
                (ward_of[pk] for pk in wards.get(proposal.pk, ())), key=attrgetter("code")
            )
            proposal.listed_target_prefectures = sorted(
                (prefecture_of[pk] for pk in prefectures.get(proposal.pk, ())),
                key=attrgetter("code"),
            )

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_prefecture(self, prefecture):
        """Proposals from a prefecture's municipalities (a Prefecture or its code)."""
        return self.filter(municipality__prefecture__code=code_of(prefecture))

    def wanted_by_ward(self, ward):
        """Proposals a ward may answer: addressed to any ward, or naming this one (or its code)."""
        named = Proposal.wards.through.objects.filter(
            proposal=OuterRef("pk"), municipality__code=code_of(ward)
        )
        return self.proposals().filter(Q(any_ward=True) | Exists(named))

    def calling(self, municipality: Municipality):
        """Wards' calls whose target includes this municipality (everyone, or its body, its
        prefecture, its region or its kind)."""
        from agreements.models import KINDS_REPRESENTED

        bodies = [kind for kind, kinds in KINDS_REPRESENTED.items() if municipality.kind in kinds]
        in_prefectures = Proposal.target_prefectures.through.objects.filter(proposal=OuterRef("pk"))
        own_prefecture = in_prefectures.filter(prefecture_id=municipality.prefecture_id)
        return self.calls().filter(
            Q(target_body__isnull=True)
            | Q(
                target_body__prefecture_id=municipality.prefecture_id,
                target_body__kind__in=bodies,
            ),
            ~Exists(in_prefectures) | Exists(own_prefecture),
            Q(target_region="") | Q(target_region=municipality.prefecture.region),
            Q(target_kind="") | Q(target_kind=municipality.kind),
        )

    def in_fiscal_year(self, fiscal_year: int):
        """The fiscal year given, or (when none is given) the one the period starts in."""
        first, last = fiscal_year_bounds(fiscal_year)
        return self.filter(
            Q(fiscal_year=fiscal_year)
            | Q(fiscal_year__isnull=True, period_start__gte=first, period_start__lte=last)
        )

    def search(self, keyword: str, *, through_index: bool = True):
        """Every whitespace-separated word in the title, body, offer or request (case-insensitive).

        `icontains` gives the answer on every database (it works for Japanese). On PostgreSQL
        the GIN indexes over the text's character bigrams (migration 0002) and, for a
        one-character word, its characters (0008) also narrow the rows first, so a rare word is
        found without reading the table. For a word so common that
        reading the newest proposals in order finds a page sooner, pass through_index=False
        (the board list does, when a search matches more than its count limit).
        """
        words = keyword.split()
        if not words:
            return self
        queryset = self
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(body__icontains=word)
                | Q(offer__icontains=word)
                | Q(seeking__icontains=word)
            )
        if through_index and connections[self.db].vendor == "postgresql":
            if query := bigram_query(words):
                queryset = queryset.filter(BigramMatch(query))
            if query := unigram_query(words):
                queryset = queryset.filter(UnigramMatch(query))
        return queryset


# What a proposer writes, in the form's order (proposal_submit and proposal_update take the same).
PROPOSAL_FIELDS = (
    "title",
    "field",
    "kind",
    "body",
    "offer",
    "seeking",
    "any_ward",
    "wards",
    "welcomes_partners",
    "fiscal_year",
    "period_start",
    "period_end",
)

# What a ward writes in a call (募集), in the form's order.
CALL_FIELDS = (
    "title",
    "field",
    "kind",
    "body",
    "offer",
    "seeking",
    "target_body",
    "target_prefectures",
    "target_region",
    "target_kind",
    "welcomes_partners",
    "fiscal_year",
    "period_start",
    "period_end",
)


class Proposal(models.Model):
    """連携提案: what a municipality offers and seeks, for the wards to answer."""

    direction = models.CharField(
        _("投稿の種類"),
        max_length=10,
        choices=PostDirection.choices,
        default=PostDirection.PROPOSAL,
        help_text=_("連携提案は自治体から区へ、募集は区から自治体へ。"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="proposals",
        db_index=False,  # proposal_municipality_newest starts with it
        verbose_name=_("提案自治体"),
        help_text=_("提案は自治体のものです。担当者が異動しても後任が引き継げます。"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("投稿者"),
    )
    title = models.CharField(_("件名"), max_length=120)
    body = models.TextField(
        _("提案内容"),
        max_length=10000,
        validators=[MaxLengthValidator(10000)],  # a TextField's max_length only sizes its form
        help_text=_("プレーンテキスト。URLはリンクになり、改行はそのまま表示されます。"),
    )
    field = models.CharField(_("分野"), max_length=20, choices=ProposalField.choices)
    kind = models.CharField(_("連携の種類"), max_length=20, choices=ProposalKind.choices)
    offer = models.TextField(
        _("提供できること"), max_length=4000, validators=[MaxLengthValidator(4000)], blank=True
    )
    seeking = models.TextField(
        _("求めること"), max_length=4000, validators=[MaxLengthValidator(4000)], blank=True
    )
    any_ward = models.BooleanField(
        _("どの区でも可"),
        default=True,
        help_text=_("特定の区を希望する場合はチェックを外し、希望する区を選んでください。"),
    )
    wards = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="wanted_in_proposals",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("希望する区"),
    )
    # A call's target (募集の対象); all empty = every municipality.
    target_body = models.ForeignKey(
        "agreements.AgreementBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("対象の協定団体"),
        help_text=_("この団体の構成自治体だけに募集します。"),
    )
    target_prefectures = models.ManyToManyField(
        "members.Prefecture",
        blank=True,
        related_name="calls",
        verbose_name=_("対象の都道府県"),
    )
    target_region = models.CharField(
        _("対象の地方"), max_length=10, blank=True, choices=Region.choices
    )
    target_kind = models.CharField(
        _("対象の種別"),
        max_length=10,
        blank=True,
        choices=[
            (MunicipalityKind.CITY.value, MunicipalityKind.CITY.label),
            (MunicipalityKind.TOWN.value, MunicipalityKind.TOWN.label),
            (MunicipalityKind.VILLAGE.value, MunicipalityKind.VILLAGE.label),
        ],
    )
    welcomes_partners = models.BooleanField(
        _("民間・団体の参加を歓迎"),
        default=False,
        help_text=_(
            "チェックすると、承認された連携団体（企業・NPO・大学・金融機関・団体）もこの投稿を読み、"
            "返信し、手を挙げることができます。"
        ),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("実施年度"),
        null=True,
        blank=True,
        help_text=_("年度（4月〜翌3月）を始まる年で表します。"),
    )
    period_start = models.DateField(_("実施期間（開始）"), null=True, blank=True)
    period_end = models.DateField(_("実施期間（終了）"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    is_hidden = models.BooleanField(
        _("非表示"), default=False, help_text=_("事務局が非表示にした投稿。削除はされません。")
    )
    hidden_reason = models.TextField(_("非表示の理由"), blank=True)
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)
    edited_at = models.DateTimeField(_("最終編集日時"), null=True, blank=True)
    first_answered_at = models.DateTimeField(
        _("最初の回答日時"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "他の自治体・団体の最初の返信か、最初に手が挙がった日時。返信と手挙げから自動で記録されます。"
        ),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("連携提案")
        verbose_name_plural = _("連携提案")
        # On PostgreSQL the list and its counts use a covering index and the search a bigram
        # index, both created by migration 0002.
        indexes = [
            models.Index(F("created_at").desc(), F("id").desc(), name="proposal_newest_first"),
            models.Index(
                "municipality", F("created_at").desc(), name="proposal_municipality_newest"
            ),
            # Suggestions and the desk read the newest open proposals (or calls) in order.
            models.Index(
                "status",
                "direction",
                F("created_at").desc(),
                F("id").desc(),
                name="proposal_open_newest",
            ),
            # The desk's queues: open, visible posts nobody has answered yet, oldest first.
            models.Index(
                fields=["direction", "created_at", "id"],
                name="proposal_unanswered",
                condition=Q(status="open", is_hidden=False, first_answered_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__isnull=False) | Q(period_start__isnull=False),
                name="proposal_has_fiscal_year_or_period",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__isnull=True)
                | Q(fiscal_year__gte=2014, fiscal_year__lte=2100),
                name="proposal_fiscal_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=False, period_end__gte=F("period_start")),
                name="proposal_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="proposal_hidden_needs_a_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bulletin:proposal-detail", kwargs={"pk": self.pk})

    # Labels without Model.get_FOO_display(), which rebuilds the choices on every call (the
    # board list shows three per proposal).
    @property
    def field_label(self):
        return ProposalField(self.field).label

    @property
    def kind_label(self):
        return ProposalKind(self.kind).label

    @property
    def status_label(self):
        return ProposalStatus(self.status).label

    @property
    def is_call(self) -> bool:
        return self.direction == PostDirection.CALL

    @property
    def direction_label(self):
        return PostDirection(self.direction).label

    @property
    def is_final(self) -> bool:
        """成立 or 終了: the proposal is read-only."""
        return self.status in ProposalStatus.final()

    @property
    def effective_fiscal_year(self) -> int | None:
        if self.fiscal_year:
            return self.fiscal_year
        return fiscal_year_of(self.period_start) if self.period_start else None

    @property
    def fiscal_year_label(self) -> str:
        """令和5年度 (FY2023 on English pages) of the period or the chosen fiscal year."""
        year = self.effective_fiscal_year
        return fiscal_year_text(year) if year else ""

    @property
    def next_statuses(self):
        return ProposalStatus.next_statuses(self.status)


class ProposalRevision(models.Model):
    """An edit made after the first reply: what changed, before and after (shown on the page)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("提案")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("編集した人"),
    )
    edited_at = models.DateTimeField(_("編集日時"), auto_now_add=True)
    changes = models.JSONField(
        _("変更内容"), default=list, help_text=_("項目ごとの変更前・変更後（表示用の文字列）")
    )

    class Meta:
        ordering = ["edited_at", "pk"]
        verbose_name = _("提案の編集履歴")
        verbose_name_plural = _("提案の編集履歴")

    def __str__(self):
        return f"{self.proposal} ({self.edited_at:%Y-%m-%d %H:%M})"
