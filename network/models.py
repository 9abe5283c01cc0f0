"""The register of ties (交流関係): existing relationships between a ward and municipalities."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, fiscal_year_of, fiscal_year_text
from members.models import Municipality, MunicipalityKind


class TieKind(models.TextChoices):
    FRIENDSHIP = "friendship", _("友好都市・姉妹都市")
    DISASTER = "disaster", _("災害時相互応援協定")
    EXCHANGE = "exchange", _("交流事業")
    BOARD = "board", _("連携事業（掲示板から）")
    WIDE_AREA = "wide_area", _("広域連携協定")


# The kinds the public pages and the open data API show. Every kind is public today: a tie is a
# published fact (a friendship, an agreement, an exchange, a collaboration listed on
# /collaborations/, a body's agreement) and the ward and municipality pages already show them
# all. A kind added for the secretariat's own notes would be left out here, in one place.
PUBLIC_KINDS = frozenset(TieKind.values)


def partner_label(area_name: str, names: list[str], body_name: str = "") -> str:
    """Who a tie is with, as pages name it: the area and its municipalities, or either, or the
    agreement body's name."""
    joined = "、".join(names)
    if area_name and joined:
        return f"{area_name}（{joined}）"
    return area_name or joined or body_name


@dataclass(frozen=True)
class TieRow:
    """A tie as a page lists it, read as plain values (TieQuerySet.as_rows)."""

    kind: str
    since: datetime.date | None
    since_precision: str
    department: str
    source: str
    ward_name: str
    partner_label: str

    @property
    def kind_label(self):
        return TieKind(self.kind).label


class TieQuerySet(models.QuerySet):
    def as_rows(self) -> list[TieRow]:
        """The ties as TieRows in this queryset's order: two queries and no model instances,
        whatever the number (a ward's page lists hundreds)."""
        rows = list(
            self.values_list(
                "pk", "kind", "since", "since_precision", "department", "source",
                "area_name", "ward__name", "body__name",
            )
        )  # fmt: skip
        names: dict[int, list[str]] = {}
        partners = Tie.municipalities.through.objects.filter(tie_id__in=[row[0] for row in rows])
        for tie_id, name in partners.order_by("municipality__code").values_list(
            "tie_id", "municipality__name"
        ):
            names.setdefault(tie_id, []).append(name)
        return [
            TieRow(
                kind=kind,
                since=since,
                since_precision=precision,
                department=department,
                source=source,
                ward_name=ward_name,
                partner_label=partner_label(area_name, names.get(pk, []), body_name or ""),
            )
            for pk, kind, since, precision, department, source, area_name, ward_name, body_name in rows
        ]

    def public(self):
        return self.filter(kind__in=sorted(PUBLIC_KINDS))

    def active(self):
        """Ties in force: a retired tie keeps its history but leaves every public page, count,
        map and match."""
        return self.filter(retired_on__isnull=True)

    def retired(self):
        return self.filter(retired_on__isnull=False)

    def partner_ids(self):
        """The partner municipalities' primary keys of these ties (a subquery)."""
        return Tie.municipalities.through.objects.filter(tie__in=self).values("municipality_id")

    def for_listing(self):
        return (
            self.select_related("ward", "body")
            .prefetch_related("municipalities__prefecture")
            .order_by("ward__code", "kind", "since", "pk")
        )

    def for_partner_links(self):
        """As for_listing(), with only what a link to each partner needs (a body's page)."""
        return (
            self.select_related("ward", "body")
            .prefetch_related(Prefetch("municipalities", Municipality.objects.for_links()))
            .order_by("ward__code", "kind", "since", "pk")
        )

    def of_ward(self, ward):
        return self.filter(ward=ward)

    def involving(self, municipality):
        """Ties of a municipality: as the ward, or as one of the partners."""
        partner = Tie.municipalities.through.objects.filter(
            tie=OuterRef("pk"), municipality=municipality
        )
        return self.filter(Q(ward=municipality) | Exists(partner))

    def partner_ids_of(self, ward) -> set[int]:
        """The ward's partners in the ties in force."""
        return set(
            Tie.municipalities.through.objects.filter(
                tie__ward=ward, tie__retired_on__isnull=True
            ).values_list("municipality_id", flat=True)
        )

    def counts_per_ward(self) -> dict[int, int]:
        """{ward pk: number of ties in force}, computed from the register."""
        rows = (
            self.active().order_by().values("ward").annotate(n=Count("pk")).values_list("ward", "n")
        )
        return dict(rows)


class TieManager(models.Manager.from_queryset(TieQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Tie(models.Model):
    """交流関係: a ward and a municipality, or a group of municipalities (an area), tied by a
    friendship, a disaster-support agreement, an exchange, a board collaboration or a body's
    wide-area agreement."""

    slug = models.SlugField(_("識別子"), max_length=80, unique=True)
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="ties_as_ward",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="ties", verbose_name=_("相手の自治体")
    )
    area_name = models.CharField(
        _("相手の地域名"), max_length=100, blank=True, help_text=_("例：北海道十勝地域")
    )
    body = models.ForeignKey(
        "agreements.AgreementBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties",
        verbose_name=_("協定団体"),
        help_text=_("広域連携協定による場合。"),
    )
    kind = models.CharField(_("種類"), max_length=12, choices=TieKind.choices)
    since = models.DateField(_("開始日"), null=True, blank=True)
    since_precision = models.CharField(
        _("開始日の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField(_("出典"), max_length=200, blank=True)
    note = models.TextField(_("備考"), blank=True)
    department = models.CharField(
        _("担当部署"), max_length=100, blank=True, help_text=_("例：地域振興課")
    )
    retired_on = models.DateField(
        _("終了日"),
        null=True,
        blank=True,
        help_text=_("終了した交流関係は公開ページ・地図・件数に表示されません。履歴は残ります。"),
    )

    objects = TieManager()

    class Meta:
        ordering = ["ward__code", "kind", "since", "pk"]
        verbose_name = _("交流関係")
        verbose_name_plural = _("交流関係")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TieKind.values), name="tie_kind_valid")
        ]

    def __str__(self):
        return f"{self.ward.name}・{self.partner_label}（{self.kind_label}）"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["members.municipality", "agreements.agreementbody"]

    @property
    def is_active(self) -> bool:
        return self.retired_on is None

    @property
    def kind_label(self):
        return TieKind(self.kind).label

    @property
    def partner_label(self) -> str:
        names = [municipality.name for municipality in self.municipalities.all()]
        return partner_label(self.area_name, names, self.body.name if self.body_id else "")


# The wards' own register: every change kept with who and when; a municipality's proposal ----


class TieChangeAction(models.TextChoices):
    CREATED = "created", _("追加")
    EDITED = "edited", _("変更")
    RETIRED = "retired", _("終了")
    CONFIRMED = "confirmed", _("申し出を確認して追加")
    REVERTED = "reverted", _("事務局が取り消し")


# The fields of a tie a ward edits (and a change's snapshot keeps), in the form's order.
TIE_EDITABLE_FIELDS = (
    "kind",
    "municipalities",
    "area_name",
    "since",
    "since_precision",
    "source",
    "note",
    "department",
    "retired_on",
)


class TieChangeQuerySet(models.QuerySet):
    def for_listing(self):
        return (
            self.select_related("tie__ward", "user__membership__municipality")
            .prefetch_related("tie__municipalities")
            .order_by("-at", "-pk")
        )

    def since(self, moment):
        return self.filter(at__gte=moment)

    def recent(self, *, days: int = 30):
        """The changes of the last `days` days (the secretariat's desk)."""
        return self.since(timezone.now() - datetime.timedelta(days=days))

    def of_ward(self, ward):
        return self.filter(tie__ward=ward)


class TieChange(models.Model):
    """One change to a tie: who made it, when, and the tie's editable fields before and after
    (a snapshot as JSON, the partner municipalities included), so the secretariat can revert it."""

    tie = models.ForeignKey(
        Tie, on_delete=models.CASCADE, related_name="changes", verbose_name=_("交流関係")
    )
    action = models.CharField(_("操作"), max_length=12, choices=TieChangeAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tie_changes",
        verbose_name=_("変更した人"),
    )
    at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)
    before = models.JSONField(_("変更前"), null=True, blank=True)
    after = models.JSONField(_("変更後"))
    reverts = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
        verbose_name=_("取り消した変更"),
    )

    objects = TieChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("交流関係の変更履歴")
        verbose_name_plural = _("交流関係の変更履歴")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=TieChangeAction.values), name="tie_change_action_valid"
            )
        ]

    def __str__(self):
        return f"{self.tie}: {self.get_action_display()}"

    @property
    def actor_label(self) -> str:
        """The municipality the person acted for, or 事務局."""
        membership = getattr(self.user, "membership", None) if self.user_id else None
        if membership is not None:
            return f"{membership.municipality.name} {membership.full_name}"
        return str(_("事務局")) if self.user_id else str(_("（削除された利用者）"))

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each field this change altered."""
        before = self.before or {}
        rows = []
        for name in TIE_EDITABLE_FIELDS:
            old, new = before.get(name), self.after.get(name)
            if name == "municipalities":
                old = before.get("municipality_names") if self.before else None
                new = self.after.get("municipality_names")
            if old == new:
                continue
            label = Tie._meta.get_field(name).verbose_name
            rows.append((str(label), _snapshot_text(name, old), _snapshot_text(name, new)))
        return rows


def _snapshot_text(name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if name == "municipalities":
        return "、".join(value)
    if name == "kind":
        return str(TieKind(value).label) if value in TieKind.values else str(value)
    if name == "since_precision":
        return str(DatePrecision(value).label) if value in DatePrecision.values else str(value)
    return str(value)


class TieProposalStatus(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    CONFIRMED = "confirmed", _("確認済み")
    DECLINED = "declined", _("見送り")


class TieProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=TieProposalStatus.PENDING)

    def to_ward(self, ward):
        return self.filter(ward=ward)

    def from_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def for_listing(self):
        return self.select_related("ward", "municipality__prefecture").order_by(
            "-created_at", "-pk"
        )


class TieProposal(models.Model):
    """A municipality's member proposes a tie with a ward (申し出); the ward's member confirms it
    (the tie is added to the register) or declines it."""

    ward = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="tie_proposals_received",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="tie_proposals_made",
        verbose_name=_("申し出た自治体"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="tie_proposals",
        verbose_name=_("申し出た人"),
    )
    kind = models.CharField(_("種類"), max_length=12, choices=TieKind.choices)
    since = models.DateField(_("開始日"), null=True, blank=True)
    note = models.TextField(_("備考"), blank=True)
    status = models.CharField(
        _("状態"),
        max_length=10,
        choices=TieProposalStatus.choices,
        default=TieProposalStatus.PENDING,
    )
    created_at = models.DateTimeField(_("申し出日時"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tie_proposals_decided",
        verbose_name=_("確認した人"),
    )
    decided_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    tie = models.OneToOneField(
        Tie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("追加された交流関係"),
    )

    objects = TieProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("交流関係の申し出")
        verbose_name_plural = _("交流関係の申し出")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TieProposalStatus.values),
                name="tie_proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TieKind.values), name="tie_proposal_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["ward", "municipality", "kind"],
                condition=Q(status="pending"),
                name="tie_proposal_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name} → {self.ward.name}（{TieKind(self.kind).label}）"

    @property
    def is_pending(self) -> bool:
        return self.status == TieProposalStatus.PENDING


# The yearly confirmation (年度確認) ----------------------------------------------------------
# The published figures are taken as of 1 August: the secretariat opens a round, each ward
# confirms its list, and closing the round freezes the figures computed from the register.
# (network/rounds.py writes them.)

AS_OF_MONTH, AS_OF_DAY = 8, 1  # 各年8月1日現在


def as_of_date(fiscal_year: int) -> datetime.date:
    return datetime.date(fiscal_year, AS_OF_MONTH, AS_OF_DAY)


class ConfirmationRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)

    def with_confirmed_count(self):
        return self.annotate(
            confirmed_count=Count("wards", filter=Q(wards__confirmed_at__isnull=False)),
            ward_count=Count("wards"),
        )


class ConfirmationRound(models.Model):
    """年度確認: one fiscal year's confirmation of the register by the wards, as of 1 August."""

    as_of = models.DateField(
        _("基準日"), unique=True, help_text=_("各年8月1日。年度はこの日から決まります。")
    )
    deadline = models.DateField(_("回答期限"))
    opened_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("開始した事務局職員"),
    )
    closed_at = models.DateTimeField(_("締切日時"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("締め切った事務局職員"),
    )
    # Frozen when the round closes, computed from the register as of `as_of`.
    tie_count = models.PositiveIntegerField(_("交流関係の数"), null=True, blank=True)
    connected_municipalities = models.PositiveIntegerField(
        _("交流のある自治体の数"), null=True, blank=True
    )

    objects = ConfirmationRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("年度確認")
        verbose_name_plural = _("年度確認")
        constraints = [
            models.CheckConstraint(
                condition=Q(as_of__month=AS_OF_MONTH, as_of__day=AS_OF_DAY),
                name="round_as_of_first_of_august",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, tie_count__isnull=True)
                | Q(
                    closed_at__isnull=False,
                    tie_count__isnull=False,
                    connected_municipalities__isnull=False,
                ),
                name="round_figures_when_closed",
            ),
        ]

    def __str__(self):
        return str(_("%(year)sの年度確認") % {"year": self.fiscal_year_label})

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.as_of)

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_text(self.fiscal_year)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class WardConfirmationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def for_listing(self):
        return self.select_related("ward", "confirmed_by__membership").order_by("ward__code")


class WardConfirmation(models.Model):
    """A ward's answer in a round: one row per ward from the round's opening, confirmed or not."""

    round = models.ForeignKey(
        ConfirmationRound,
        on_delete=models.CASCADE,
        related_name="wards",
        verbose_name=_("年度確認"),
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="tie_confirmations",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した職員"),
    )
    note = models.TextField(_("連絡事項"), blank=True, max_length=2000)
    last_reminded_at = models.DateTimeField(_("最後の督促日時"), null=True, blank=True)
    # Frozen when the round closes.
    tie_count = models.PositiveIntegerField(_("交流関係の数"), null=True, blank=True)
    partner_count = models.PositiveIntegerField(_("交流自治体の数"), null=True, blank=True)

    objects = WardConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["round", "ward__code"]
        verbose_name = _("区の確認")
        verbose_name_plural = _("区の確認")
        constraints = [
            models.UniqueConstraint(fields=["round", "ward"], name="one_confirmation_per_ward")
        ]

    def __str__(self):
        return f"{self.round}・{self.ward.name}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
