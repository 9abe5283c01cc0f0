"""Disasters of the public record, as the documents or the wards' reports make them."""

import datetime
import itertools

from disaster.models import (
    Disaster,
    DocumentedSupport,
    JointFund,
    PublishedStaffFigure,
    StaffDispatch,
    WardDonation,
)

_numbers = itertools.count(1)


def make_past_disaster(
    name="平成28年熊本地震",
    occurred_on=datetime.date(2016, 4, 14),
    *,
    recipients="",
    support_kinds="",
    details="",
    precision="day",
    funds_yen=None,
    ward_donations_yen=None,
    staff=(),
    prefectures=(),
    municipalities=(),
    kind="earthquake",
) -> Disaster:
    """A closed disaster from the documents: its wording, a joint fund, published staff figures
    (`staff`: (persons, as_of) pairs) and the wards' donations as one published sum."""
    disaster = Disaster.objects.create(
        name=name,
        slug=f"disaster-{next(_numbers)}",
        kind=kind,
        occurred_on=occurred_on,
        state="closed",
        closed_at=datetime.datetime(2024, 3, 8, tzinfo=datetime.UTC),
    )
    disaster.prefectures.add(*prefectures)
    disaster.municipalities.add(*municipalities)
    DocumentedSupport.objects.create(
        disaster=disaster,
        occurred_precision=precision,
        recipients=recipients,
        support_kinds=support_kinds,
        details=details,
    )
    if funds_yen is not None:
        JointFund.objects.create(disaster=disaster, amount_yen=funds_yen, recipients=recipients)
    if ward_donations_yen is not None:
        WardDonation.objects.create(disaster=disaster, amount_yen=ward_donations_yen)
    for persons, as_of in staff:
        PublishedStaffFigure.objects.create(disaster=disaster, persons=persons, as_of=as_of)
    return disaster


def make_open_disaster(name="令和9年能登沖地震", occurred_on=datetime.date(2027, 1, 5), **fields):
    return Disaster.objects.create(
        name=name,
        slug=f"open-disaster-{next(_numbers)}",
        kind="earthquake",
        occurred_on=occurred_on,
        **fields,
    )


def dispatch(disaster, ward, profession="public_health_nurse", persons=1, **fields):
    fields.setdefault("starts_on", disaster.occurred_on + datetime.timedelta(days=3))
    return StaffDispatch.objects.create(
        disaster=disaster, ward=ward, profession=profession, persons=persons, **fields
    )
