"""The yearly confirmation of the register (年度確認): the secretariat opens a round as of 1 August,
each ward confirms (or corrects, then confirms) its list by the deadline, the secretariat reminds
the wards that have not through the outbox, and closing the round freezes that year's figures,
computed from the register, beside the published ones.

Reads (the figures) are plain functions here; writes are the services, keyword-only and atomic.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import era_date_text, fiscal_year_text
from members import outbox
from members.models import Membership, Municipality, MunicipalityKind
from members.permissions import acts_for, is_secretariat

from .models import ConfirmationRound, Tie, WardConfirmation, as_of_date

REMIND_EVERY = datetime.timedelta(days=7)  # as the desk's reminders of waiting posts
MAX_DEADLINE = datetime.timedelta(days=365)


# Figures ---------------------------------------------------------------------------------------


@dataclass
class RegisterFigures:
    """The register's figures as of a date: ties and partner municipalities per ward, the ties in
    all and the municipalities (other than the wards) tied to at least one ward."""

    as_of: datetime.date
    per_ward: dict[int, tuple[int, int]] = field(default_factory=dict)  # ward pk → (ties, partners)
    tie_count: int = 0
    connected_municipalities: int = 0


def register_ties(as_of: datetime.date):
    """The ties in force on that date: begun by then (or whose start is unknown) and not ended
    by then (a tie ended later still counts for that year)."""
    return Tie.objects.filter(Q(since__isnull=True) | Q(since__lte=as_of)).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gt=as_of)
    )


def register_figures(as_of: datetime.date) -> RegisterFigures:
    """Three grouped queries, whatever the size of the register."""
    ties = register_ties(as_of)
    through = Tie.municipalities.through.objects.filter(tie__in=ties).exclude(
        municipality__kind=MunicipalityKind.SPECIAL_WARD
    )
    partners = dict(
        through.order_by()
        .values("tie__ward")
        .annotate(n=Count("municipality", distinct=True))
        .values_list("tie__ward", "n")
    )
    # Not counts_per_ward(): that counts the ties in force today, not on `as_of`.
    counts = dict(ties.order_by().values("ward").annotate(n=Count("pk")).values_list("ward", "n"))
    return RegisterFigures(
        as_of=as_of,
        per_ward={ward: (n, partners.get(ward, 0)) for ward, n in counts.items()},
        tie_count=sum(counts.values()),
        connected_municipalities=through.values("municipality").distinct().count(),
    )


# Services --------------------------------------------------------------------------------------


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied(_("この操作は事務局だけができます。"))


@transaction.atomic
def round_open(*, actor, fiscal_year: int, deadline: datetime.date) -> ConfirmationRound:
    """Open the round of a fiscal year (as of its 1 August), one row per ward to confirm."""
    _require_secretariat(actor)
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("回答期限は今日以降の日付にしてください。")})
    if deadline > today + MAX_DEADLINE:
        raise ValidationError({"deadline": _("回答期限は1年以内にしてください。")})
    if ConfirmationRound.objects.select_for_update().open().exists():
        raise ValidationError(_("締め切っていない年度確認があります。先に締め切ってください。"))
    as_of = as_of_date(fiscal_year)
    if ConfirmationRound.objects.filter(as_of=as_of).exists():
        raise ValidationError(
            {
                "fiscal_year": _("%(year)sの年度確認はすでにあります。")
                % {"year": fiscal_year_text(fiscal_year)}
            }
        )
    try:
        with transaction.atomic():  # two clicks at once: the second meets the unique date
            confirmation_round = ConfirmationRound.objects.create(
                as_of=as_of, deadline=deadline, opened_by=actor
            )
    except IntegrityError:
        raise ValidationError(_("この年度の年度確認は、いま開始されました。")) from None
    WardConfirmation.objects.bulk_create(
        WardConfirmation(round=confirmation_round, ward=ward)
        for ward in Municipality.objects.special_wards().order_by("code")
    )
    return confirmation_round


def _locked_open(confirmation_round: ConfirmationRound) -> ConfirmationRound:
    confirmation_round = ConfirmationRound.objects.select_for_update().get(pk=confirmation_round.pk)
    if not confirmation_round.is_open:
        raise ValidationError(_("この年度確認は締め切られています。"))
    return confirmation_round


@transaction.atomic
def ward_confirm(
    *, actor, confirmation_round: ConfirmationRound, ward: Municipality, note: str = ""
) -> WardConfirmation:
    """A ward's approved member confirms the ward's list as it now stands (again, if the list
    was corrected after a first confirmation: the latest time and note are kept)."""
    if not acts_for(actor, ward) or not ward.is_special_ward:
        raise PermissionDenied(_("確認できるのはその区の承認された会員だけです。"))
    _locked_open(confirmation_round)
    confirmation, _created = WardConfirmation.objects.select_for_update().get_or_create(
        round=confirmation_round, ward=ward
    )
    confirmation.confirmed_at = timezone.now()
    confirmation.confirmed_by = actor
    confirmation.note = note.strip()[:2000]
    confirmation.save(update_fields=["confirmed_at", "confirmed_by", "note"])
    return confirmation


@transaction.atomic
def round_remind(
    *, actor, confirmation_round: ConfirmationRound, ward_url: Callable[[Municipality], str]
) -> int:
    """Mail (through the outbox) the approved members of each ward that has not confirmed, at
    most once every seven days per ward; the number of wards reminded (a ward without an
    approved member is not counted, nor marked reminded). `ward_url(ward)` is the address of
    the ward's confirmation page."""
    _require_secretariat(actor)
    confirmation_round = _locked_open(confirmation_round)
    now = timezone.now()
    waiting = list(
        WardConfirmation.objects.select_for_update(of=("self",))
        .filter(round=confirmation_round)
        .unconfirmed()
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMIND_EVERY))
        .select_related("ward")
        .order_by("ward__code")
    )
    if not waiting:
        raise ValidationError(
            _("未確認の区はありません。または7日以内にお知らせ済みです。"), code="reminded_recently"
        )
    addresses: dict[int, list[str]] = {}
    for ward_id, email in (
        Membership.objects.approved()
        .filter(municipality__in=[c.ward_id for c in waiting])
        .values_list("municipality_id", "user__email")
        .order_by("pk")
    ):
        addresses.setdefault(ward_id, []).append(email)
    subject = _("【年度確認】%(year)sの交流関係の確認のお願い（%(deadline)sまで）") % {
        "year": confirmation_round.fiscal_year_label,
        "deadline": era_date_text(confirmation_round.deadline),
    }
    waiting = [c for c in waiting if addresses.get(c.ward_id)]
    if not waiting:
        raise ValidationError(
            _("お知らせできる区がありません（未確認の区に承認された会員がいません）。"),
            code="nobody_to_remind",
        )
    for confirmation in waiting:
        body = _(
            "%(ward)s ご担当者様\n\n"
            "全国連携ポータルの交流関係（%(as_of)s現在）の年度確認について、"
            "%(ward)sの確認がまだ済んでいません。\n"
            "%(deadline)sまでに、次のページで一覧を確認（必要なら修正）し、"
            "「この一覧で確認しました」を押してください。\n\n%(url)s\n\n"
            "特別区全国連携プロジェクト 事務局"
        ) % {
            "ward": confirmation.ward.name,
            "as_of": era_date_text(confirmation_round.as_of),
            "deadline": era_date_text(confirmation_round.deadline),
            "url": ward_url(confirmation.ward),
        }
        outbox.enqueue_many(
            addresses=addresses.get(confirmation.ward_id, []), subject=subject, body=body
        )
        confirmation.last_reminded_at = now
    WardConfirmation.objects.bulk_update(waiting, ["last_reminded_at"])
    return len(waiting)


@transaction.atomic
def round_close(*, actor, confirmation_round: ConfirmationRound) -> ConfirmationRound:
    """Close the round and freeze its figures, computed from the register as of its date."""
    _require_secretariat(actor)
    confirmation_round = _locked_open(confirmation_round)
    figures = register_figures(confirmation_round.as_of)
    confirmations = list(WardConfirmation.objects.filter(round=confirmation_round))
    for confirmation in confirmations:
        confirmation.tie_count, confirmation.partner_count = figures.per_ward.get(
            confirmation.ward_id, (0, 0)
        )
    WardConfirmation.objects.bulk_update(confirmations, ["tie_count", "partner_count"])
    confirmation_round.closed_at = timezone.now()
    confirmation_round.closed_by = actor
    confirmation_round.tie_count = figures.tie_count
    confirmation_round.connected_municipalities = figures.connected_municipalities
    confirmation_round.save(
        update_fields=["closed_at", "closed_by", "tie_count", "connected_municipalities"]
    )
    return confirmation_round


def remind_cutoff() -> datetime.datetime:
    """A ward reminded after this may not be reminded again yet."""
    return timezone.now() - REMIND_EVERY


def waiting_confirmation(ward: Municipality) -> WardConfirmation | None:
    """The ward's row in the open round while it has not confirmed (the board home asks)."""
    return (
        WardConfirmation.objects.unconfirmed()
        .filter(ward=ward, round__closed_at__isnull=True)
        .select_related("round", "ward")
        .first()
    )
