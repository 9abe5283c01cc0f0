"""A collaboration's results: state, progress entries and indicators (parties and, on recorded
collaborations, the secretariat)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.public_cache import bump_stamp
from members.permissions import approved_membership

from .. import permissions
from ..models import Collaboration, Indicator, ProgressEntry
from ..permissions import require


def _require_recorder(user, collaboration: Collaboration) -> None:
    require(
        permissions.can_record_results(user, collaboration),
        _(
            "経過や成果を記入できるのは、連携事業の当事者の自治体の会員"
            "（資料に基づく事業は事務局も）だけです。"
        ),
    )


@transaction.atomic
def collaboration_set_state(*, user, collaboration: Collaboration, data: dict) -> Collaboration:
    _require_recorder(user, collaboration)
    for name in ("state", "started_on", "ended_on"):
        setattr(collaboration, name, data.get(name))
    collaboration.full_clean(exclude=["wards", "municipalities"])
    collaboration.save(update_fields=["state", "started_on", "ended_on"])
    bump_stamp()
    return collaboration


@transaction.atomic
def progress_entry_add(*, user, collaboration: Collaboration, data: dict) -> ProgressEntry:
    _require_recorder(user, collaboration)
    membership = approved_membership(user)
    entry = ProgressEntry(
        collaboration=collaboration,
        date=data["date"],
        text=data["text"].strip(),
        photo_alt=data.get("photo_alt") or "",
        event=data.get("event"),
        author=user,
        author_municipality=membership.municipality if membership else None,
    )
    if data.get("photo"):
        entry.photo = data["photo"]
    entry.full_clean()
    entry.save()
    bump_stamp()
    return entry


@transaction.atomic
def indicator_save(
    *, user, collaboration: Collaboration, data: dict, indicator: Indicator | None = None
) -> Indicator:
    _require_recorder(user, collaboration)
    if indicator is None:
        last = collaboration.indicators.order_by("-ordering").first()
        indicator = Indicator(
            collaboration=collaboration, ordering=(last.ordering + 1) if last else 1
        )
    elif indicator.collaboration_id != collaboration.pk:
        raise ValueError("indicator of another collaboration")
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    bump_stamp()
    return indicator
