"""Requests of an affected municipality and the wards' commitments: the arithmetic, under a row
lock so that two wards committing at the same moment never over-commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.permissions import require
from members.permissions import approved_membership

from ..models import (
    Commitment,
    CommitmentStatus,
    Disaster,
    RequestKind,
    RequestState,
    SupportRequest,
)
from ..permissions import acts_for_requester, can_commit, can_request, ward_of
from .alerts import alert, members_of, ward_members

REQUEST_FIELDS = [
    "kind",
    "profession",
    "item",
    "quantity",
    "unit",
    "start_on",
    "end_on",
    "deadline",
    "place",
    "conditions",
]


def committed_total(request: SupportRequest) -> int:
    return request.commitments.counting().aggregate(total=Sum("quantity"))["total"] or 0


def _refresh_state(request: SupportRequest) -> None:
    """要請 (nothing committed) → 調整中 (offers await the requester) → 対応中 (confirmed, more
    needed) → 充足 (the whole number committed); 取下げ stays."""
    if request.state == RequestState.WITHDRAWN:
        return
    committed = committed_total(request)
    if committed == 0:
        state = RequestState.REQUESTED
    elif committed >= request.quantity:
        state = RequestState.FULFILLED
    elif request.commitments.filter(status=CommitmentStatus.OFFERED).exists():
        state = RequestState.COORDINATING
    else:
        state = RequestState.IN_PROGRESS
    if state != request.state:
        request.state = state
        request.save(update_fields=["state", "updated_at"])


def _lock(request: SupportRequest) -> SupportRequest:
    return (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("disaster", "municipality")
        .get(pk=request.pk)
    )


@transaction.atomic
def request_post(*, author, disaster: Disaster, data: dict) -> SupportRequest:
    """An affected municipality's member asks; every ward member is alerted at once."""
    # Read under the lock that closing takes: no request slips into a disaster being closed.
    disaster = Disaster.objects.select_for_update().get(pk=disaster.pk)
    require(can_request(author, disaster), _("被災自治体の会員だけが要請できます。"))
    values = {name: data.get(name) for name in REQUEST_FIELDS if name in data}
    if values.get("kind") == RequestKind.STAFF:
        values["unit"] = values.get("unit") or "名"
    request = SupportRequest(
        disaster=disaster,
        municipality=approved_membership(author).municipality,
        author=author,
        **{
            k: ("" if v is None and k in {"profession", "conditions"} else v)
            for k, v in values.items()
        },
    )
    request.full_clean(exclude=["disaster", "municipality", "author"])
    request.save()
    alert(
        disaster=disaster,
        recipients=ward_members() | members_of(request.municipality),
        actor=author,
        message=gettext_lazy("【緊急】%(municipality)sから支援の要請：%(label)s（%(name)s）"),
        params={
            "municipality": request.municipality.name,
            "label": request.label,
            "name": disaster.name,
        },
        detail=request.conditions,
        path=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def commitment_make(*, user, request: SupportRequest, data: dict) -> Commitment:
    """A ward commits part or all of what remains. The request's row is locked first, so a
    second ward committing at the same moment waits and then sees the first one's number."""
    request = _lock(request)
    require(can_commit(user, request), _("応援を申し出られるのは特別区の会員だけです。"))
    remaining = request.quantity - committed_total(request)
    quantity = data["quantity"]
    if quantity > remaining:
        raise ValidationError(
            {
                "quantity": ValidationError(
                    _("残りは%(remaining)s%(unit)sです。それを超えて申し出ることはできません。"),
                    code="over_commit",
                    params={"remaining": remaining, "unit": request.unit},
                )
            }
        )
    ward = ward_of(user)
    commitment = Commitment(
        request=request,
        ward=ward,
        committed_by=user,
        quantity=quantity,
        start_on=data.get("start_on"),
        end_on=data.get("end_on"),
        contact=data["contact"],
    )
    commitment.full_clean(exclude=["request", "ward", "committed_by"])
    commitment.save()
    _refresh_state(request)
    alert(
        disaster=request.disaster,
        recipients=members_of(request.municipality, ward),
        actor=user,
        message=gettext_lazy(
            "%(ward)sが「%(label)s」に%(quantity)s%(unit)sの応援を申し出ました（%(progress)s）"
        ),
        params={
            "ward": ward.name,
            "label": request.label,
            "quantity": quantity,
            "unit": request.unit,
            "progress": progress_text(request),
        },
        path=request.get_absolute_url(),
    )
    return commitment


@transaction.atomic
def commitment_decide(*, user, commitment: Commitment, confirm: bool) -> Commitment:
    """The requesting municipality accepts an offer, or declines it (its number is free again)."""
    request = _lock(commitment.request)
    commitment = Commitment.objects.select_related("ward").get(pk=commitment.pk)
    require(acts_for_requester(user, request), _("要請した自治体の会員だけが決められます。"))
    require(
        request.archived_at is None and request.state != RequestState.WITHDRAWN,
        _("この要請は終了しています。"),
    )
    if commitment.status != CommitmentStatus.OFFERED:
        raise ValidationError(_("この申し出はすでに決定済みです。"), code="decided")
    commitment.status = CommitmentStatus.CONFIRMED if confirm else CommitmentStatus.DECLINED
    commitment.decided_at = timezone.now()
    commitment.save(update_fields=["status", "decided_at"])
    _refresh_state(request)
    message = (
        gettext_lazy("%(municipality)sが%(ward)sの応援（%(label)s）を受け入れました")
        if confirm
        else gettext_lazy("%(municipality)sが%(ward)sの応援（%(label)s）を辞退しました")
    )
    alert(
        disaster=request.disaster,
        recipients=members_of(request.municipality, commitment.ward),
        actor=user,
        message=message,
        params={
            "municipality": request.municipality.name,
            "ward": commitment.ward.name,
            "label": request.label,
        },
        path=request.get_absolute_url(),
    )
    return commitment


@transaction.atomic
def request_withdraw(*, user, request: SupportRequest) -> SupportRequest:
    """The requester withdraws; the wards that committed are told."""
    request = _lock(request)
    require(acts_for_requester(user, request), _("要請した自治体の会員だけが取り下げられます。"))
    require(request.is_open, _("この要請は終了しています。"))
    request.state = RequestState.WITHDRAWN
    request.save(update_fields=["state", "updated_at"])
    wards = [c.ward for c in request.commitments.counting().select_related("ward")]
    alert(
        disaster=request.disaster,
        recipients=members_of(request.municipality, *wards),
        actor=user,
        message=gettext_lazy("%(municipality)sが要請「%(label)s」を取り下げました"),
        params={"municipality": request.municipality.name, "label": request.label},
        path=request.get_absolute_url(),
    )
    return request


def progress_text(request: SupportRequest, committed: int | None = None) -> str:
    """「保健師 5名のうち 3名 確保、残り 2名」."""
    if committed is None:
        committed = committed_total(request)
    what = request.get_profession_display() if request.kind == RequestKind.STAFF else request.item
    return _(
        "%(what)s %(quantity)s%(unit)sのうち %(committed)s%(unit)s 確保、残り %(remaining)s%(unit)s"
    ) % {
        "what": what,
        "quantity": request.quantity,
        "unit": request.unit,
        "committed": committed,
        "remaining": max(request.quantity - committed, 0),
    }
