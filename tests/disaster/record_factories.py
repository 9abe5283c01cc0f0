"""Disasters of the public record, as the documents or the wards' reports make them."""

import datetime
import itertools

from disaster.models import Disaster, DocumentedSupport, PublishedFund, PublishedStaffFigure

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
        ward_donations_yen=ward_donations_yen,
    )
    if funds_yen is not None:
        PublishedFund.objects.create(disaster=disaster, amount_yen=funds_yen, recipients=recipients)
    for persons, as_of in staff:
        PublishedStaffFigure.objects.create(disaster=disaster, persons=persons, as_of=as_of)
    return disaster
