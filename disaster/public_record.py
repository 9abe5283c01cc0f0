"""Reads for the public record of disaster support: every figure is a sum over the rows of
disaster/models/record.py, never a typed total. Nothing here reads a person: the public pages
show wards, professions, numbers and dates, not who reported them or whom to contact."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from core.dates import DatePrecision

from .models import (
    Disaster,
    JointFund,
    Profession,
    PublishedStaffFigure,
    StaffDispatch,
    SupplyShipment,
    WardDonation,
)


def _total(model, field_name: str, output_field=None):
    """The sum of `field_name` over a disaster's rows of `model` (None when it has none)."""
    rows = (
        model.objects.filter(disaster=OuterRef("pk"))
        .order_by()
        .values("disaster")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Subquery(rows, output_field=output_field) if output_field else Subquery(rows)


def public_disasters():
    """Every disaster, newest first, with its totals and the documents' wording where there is
    one (the recipients: as documented, else as the secretariat recorded the joint fund's), in
    one query whatever the number of disasters."""
    fund_recipients = (
        JointFund.objects.filter(disaster=OuterRef("pk")).exclude(recipients="").order_by("pk")
    )
    return (
        Disaster.objects.select_related("documented_support")
        .annotate(
            joint_funds_yen=_total(JointFund, "amount_yen"),
            ward_donations_yen=_total(WardDonation, "amount_yen"),
            staff_dispatched=_total(StaffDispatch, "persons", IntegerField()),
            precision=Coalesce(
                "documented_support__occurred_precision",
                Value(DatePrecision.DAY),
                output_field=CharField(),
            ),
            recipients=Coalesce(
                NullIf("documented_support__recipients", Value("")),
                Subquery(fund_recipients.values("recipients")[:1]),
                Value(""),
                output_field=CharField(),
            ),
            support_kinds=Coalesce(
                "documented_support__support_kinds", Value(""), output_field=CharField()
            ),
            details=Coalesce("documented_support__details", Value(""), output_field=TextField()),
        )
        .order_by("-occurred_on", "-pk")
    )


def public_disaster(slug: str) -> Disaster:
    """One disaster with what its public page needs in the same reads as `public_disasters`."""
    return (
        public_disasters()
        .prefetch_related("prefectures", "municipalities__prefecture")
        .get(slug=slug)
    )


@dataclass
class ProfessionTotal:
    profession: str
    label: str
    persons: int = 0
    wards: set = field(default_factory=set)
    starts_on: object = None
    ends_on: object = None

    @property
    def ward_count(self) -> int:
        return len(self.wards)


@dataclass
class SupplyTotal:
    item: str
    unit: str
    quantity: int = 0
    wards: set = field(default_factory=set)

    @property
    def ward_count(self) -> int:
        return len(self.wards)


@dataclass
class GivenSupport:
    """What the 23 wards gave to one disaster, with the rows each total is the sum of."""

    joint_funds: list
    dispatches: list
    supplies: list
    donations: list
    published_staff_figures: list
    by_profession: list = field(default_factory=list)
    by_item: list = field(default_factory=list)

    @property
    def joint_funds_yen(self):
        amounts = [f.amount_yen for f in self.joint_funds if f.amount_yen is not None]
        return sum(amounts) if amounts else None

    @property
    def ward_donations_yen(self):
        return sum(d.amount_yen for d in self.donations) if self.donations else None

    @property
    def staff_dispatched(self) -> int:
        return sum(d.persons for d in self.dispatches)

    @property
    def reporting_wards(self) -> list:
        wards = {
            row.ward for row in (*self.dispatches, *self.supplies, *self.donations) if row.ward
        }
        return sorted(wards, key=lambda ward: ward.code)

    @property
    def is_empty(self) -> bool:
        return not (
            self.joint_funds
            or self.dispatches
            or self.supplies
            or self.donations
            or self.published_staff_figures
        )


def given_support(disaster: Disaster) -> GivenSupport:
    """The rows of what the wards gave (five queries) and their totals by profession and item."""
    support = GivenSupport(
        joint_funds=list(JointFund.objects.filter(disaster=disaster).for_listing()),
        dispatches=list(StaffDispatch.objects.filter(disaster=disaster).by_ward()),
        supplies=list(SupplyShipment.objects.filter(disaster=disaster).by_ward()),
        donations=list(WardDonation.objects.filter(disaster=disaster).by_ward()),
        published_staff_figures=list(PublishedStaffFigure.objects.filter(disaster=disaster)),
    )
    professions = {value: ProfessionTotal(value, label) for value, label in Profession.choices}
    for dispatch in support.dispatches:
        total = professions[dispatch.profession]
        total.persons += dispatch.persons
        total.wards.add(dispatch.ward_id)
        total.starts_on = min(filter(None, [total.starts_on, dispatch.starts_on]))
        if dispatch.ends_on:
            total.ends_on = max(filter(None, [total.ends_on, dispatch.ends_on]))
    support.by_profession = [total for total in professions.values() if total.persons]
    items = defaultdict(dict)
    for shipment in support.supplies:
        total = items[shipment.item].setdefault(
            shipment.unit, SupplyTotal(shipment.item, shipment.unit)
        )
        total.quantity += shipment.quantity
        total.wards.add(shipment.ward_id)
    support.by_item = [total for units in items.values() for total in units.values()]
    return support


def received_by(municipality):
    """Disasters whose support went to the municipality itself or to its prefecture (as the
    documents name the recipients, or as the declaration names the affected areas), oldest first,
    each annotated `to_municipality` (True: the municipality is named)."""
    direct = Disaster.municipalities.through.objects.filter(
        disaster=OuterRef("pk"), municipality=municipality
    )
    to_prefecture = Disaster.prefectures.through.objects.filter(
        disaster=OuterRef("pk"), prefecture_id=municipality.prefecture_id
    )
    return (
        public_disasters()
        .annotate(to_municipality=Exists(direct))
        .filter(Q(to_municipality=True) | Exists(to_prefecture))
        .order_by("occurred_on", "pk")
    )
