"""Reads for the public record of disaster support: every figure is a sum over rows, never a
typed total. A disaster coordinated on the portal adds up its own rows (the wards' reports, the
secretariat's 復興支援金, the requests and commitments); a disaster from the documents adds up
what they published (disaster/models/record.py); one that has both shows both, summed.

Nothing here reads a person: the public pages show municipalities, wards, professions, numbers
and dates, never who reported or committed, their contact, or a free-text note or place."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from core.dates import DatePrecision

from .models import (
    Commitment,
    Disaster,
    Profession,
    PublishedFund,
    PublishedStaffFigure,
    ReliefFund,
    ReportKind,
    RequestKind,
    SupportReport,
    SupportRequest,
)


def _total(queryset, field_name: str):
    """The sum of `field_name` over a disaster's rows of `queryset` (None when it has none)."""
    rows = (
        queryset.filter(disaster=OuterRef("pk"))
        .order_by()
        .values("disaster")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Subquery(rows, output_field=IntegerField())


def _either(first: str, second: str):
    """first + second, where a missing one counts as 0; None when both are missing."""
    return Case(
        When(Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": True}), then=None),
        default=Coalesce(F(first), 0) + Coalesce(F(second), 0),
        output_field=IntegerField(),
    )


def public_disasters():
    """Every disaster, newest first, with its totals and the documents' wording where there is
    one, in one query whatever the number of disasters."""
    return (
        Disaster.objects.select_related("documented_support")
        .annotate(
            recorded_funds_yen=_total(ReliefFund.objects, "amount_yen"),
            published_funds_yen=_total(PublishedFund.objects, "amount_yen"),
            reported_donations_yen=_total(
                SupportReport.objects.filter(kind=ReportKind.DONATION), "amount_yen"
            ),
            staff_dispatched=_total(SupportReport.objects.filter(kind=ReportKind.STAFF), "people"),
            precision=Coalesce(
                "documented_support__occurred_precision",
                Value(DatePrecision.DAY),
                output_field=CharField(),
            ),
            recipients=Coalesce(
                NullIf("documented_support__recipients", Value("")),
                Subquery(
                    ReliefFund.objects.filter(disaster=OuterRef("pk"))
                    .exclude(recipients_note="")
                    .order_by("decided_on", "pk")
                    .values("recipients_note")[:1]
                ),
                Value(""),
                output_field=CharField(),
            ),
            support_kinds=Coalesce(
                "documented_support__support_kinds", Value(""), output_field=CharField()
            ),
            details=Coalesce("documented_support__details", Value(""), output_field=TextField()),
        )
        .annotate(
            joint_funds_yen=_either("recorded_funds_yen", "published_funds_yen"),
            ward_donations_yen=_either(
                "reported_donations_yen", "documented_support__ward_donations_yen"
            ),
        )
        .order_by("-occurred_on", "-pk")
    )


def public_disaster(slug: str) -> Disaster:
    """One disaster with the same totals as on the list, and its affected areas."""
    return (
        public_disasters()
        .prefetch_related("prefectures", "municipalities__prefecture")
        .get(slug=slug)
    )


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


@dataclass
class ProfessionTotal:
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
class AskedLine:
    """One request as the public sees it: who asked, for what, how much is covered."""

    municipality: object
    what: str
    unit: str
    quantity: int
    committed: int
    state_label: str
    state: str
    wards: list

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.committed, 0)


@dataclass
class GivenSupport:
    """What the 23 wards gave to one disaster, and the rows each total is the sum of."""

    relief_funds: list
    published_funds: list
    staff: list
    supplies: list
    donations: list
    published_staff_figures: list
    documented_donations_yen: int | None = None
    documented_donations_source: str = ""
    by_profession: list = field(default_factory=list)
    by_item: list = field(default_factory=list)

    @property
    def joint_funds_yen(self):
        amounts = [f.amount_yen for f in (*self.relief_funds, *self.published_funds)]
        amounts = [amount for amount in amounts if amount is not None]
        return sum(amounts) if amounts else None

    @property
    def has_joint_funds(self) -> bool:
        return bool(self.relief_funds or self.published_funds)

    @property
    def ward_donations_yen(self):
        amounts = [d.amount_yen for d in self.donations]
        if self.documented_donations_yen is not None:
            amounts.append(self.documented_donations_yen)
        return sum(amounts) if amounts else None

    @property
    def staff_dispatched(self) -> int:
        return sum(report.people for report in self.staff)

    @property
    def reporting_wards(self) -> list:
        wards = {report.ward for report in (*self.staff, *self.supplies, *self.donations)}
        return sorted(wards, key=lambda ward: ward.code)

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_joint_funds
            or self.staff
            or self.supplies
            or self.donations
            or self.published_staff_figures
            or self.documented_donations_yen is not None
        )


def given_support(disaster: Disaster) -> GivenSupport:
    """The rows of what the wards gave (four queries) and their totals by profession and item."""
    reports = list(
        SupportReport.objects.filter(disaster=disaster)
        .select_related("ward")
        .order_by("ward__code", "pk")
    )
    documented = getattr(disaster, "documented_support", None)
    support = GivenSupport(
        relief_funds=list(
            ReliefFund.objects.filter(disaster=disaster)
            .prefetch_related("recipients")
            .order_by("decided_on", "pk")
        ),
        published_funds=list(
            PublishedFund.objects.filter(disaster=disaster).order_by("decided_on", "pk")
        ),
        staff=[r for r in reports if r.kind == ReportKind.STAFF],
        supplies=[r for r in reports if r.kind == ReportKind.SUPPLIES],
        donations=[r for r in reports if r.kind == ReportKind.DONATION],
        published_staff_figures=list(PublishedStaffFigure.objects.filter(disaster=disaster)),
        documented_donations_yen=documented.ward_donations_yen if documented else None,
        documented_donations_source=documented.ward_donations_source if documented else "",
    )
    professions = {value: ProfessionTotal(label) for value, label in Profession.choices}
    for report in support.staff:
        total = professions[report.profession]
        total.persons += report.people
        total.wards.add(report.ward_id)
        if report.start_on:
            total.starts_on = min(filter(None, [total.starts_on, report.start_on]))
        if report.end_on:
            total.ends_on = max(filter(None, [total.ends_on, report.end_on]))
    support.by_profession = [total for total in professions.values() if total.persons]
    items = defaultdict(dict)
    for report in support.supplies:
        total = items[report.item].setdefault(report.unit, SupplyTotal(report.item, report.unit))
        total.quantity += report.quantity
        total.wards.add(report.ward_id)
    support.by_item = [total for units in items.values() for total in units.values()]
    return support


def asked(disaster: Disaster) -> list[AskedLine]:
    """What the affected municipalities asked for and how much the wards covered (two queries):
    the request's what and how many, never its place, conditions or anyone's contact."""
    requests = (
        SupportRequest.objects.filter(disaster=disaster)
        .select_related("municipality__prefecture")
        .with_committed()
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.counting().select_related("ward").order_by("pk"),
                to_attr="counting_commitments",
            )
        )
        .order_by("created_at", "pk")
    )
    lines = []
    for request in requests:
        what = (
            request.get_profession_display() if request.kind == RequestKind.STAFF else request.item
        )
        wards = defaultdict(int)
        for commitment in request.counting_commitments:
            wards[commitment.ward.name] += commitment.quantity
        lines.append(
            AskedLine(
                municipality=request.municipality,
                what=what,
                unit=request.unit,
                quantity=request.quantity,
                committed=request.committed_total,
                state_label=request.get_state_display(),
                state=request.state,
                wards=sorted(wards.items()),
            )
        )
    return lines
