"""What the 対策本部 page and the 状況報告 show, computed from the records: the requests with
what is committed and what remains, the ward × support matrix, the wards with nothing reported,
and the ties between the wards and the affected municipalities."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum

from members.models import Municipality
from network.models import Tie, TieKind

from .models import Disaster, Profession, ReportKind, SupportReport, SupportRequest
from .services.alerts import affected_municipalities
from .services.requests import progress_text


def requests_of(disaster: Disaster) -> list[SupportRequest]:
    """Every request with `committed_total`, `remaining` and `progress` set (one query)."""
    rows = list(SupportRequest.objects.of_disaster(disaster).for_listing())
    for row in rows:
        row.remaining = max(row.quantity - row.committed_total, 0)
        row.progress = progress_text(row, row.committed_total)
    return rows


@dataclass
class WardLine:
    ward: Municipality
    people: dict = field(default_factory=dict)  # profession → people dispatched
    supplies: int = 0  # lines of supplies sent
    donation_yen: int = 0

    @property
    def people_cells(self) -> list[int]:
        return [self.people.get(value, 0) for value in Profession.values]

    @property
    def has_reported(self) -> bool:
        return bool(sum(self.people.values()) or self.supplies or self.donation_yen)


def ward_matrix(disaster: Disaster) -> list[WardLine]:
    """One line per special ward (the 23, in code order), reported or not (two queries)."""
    lines = {
        ward.pk: WardLine(ward=ward)
        for ward in Municipality.objects.special_wards().order_by("code")
    }
    reports = (
        SupportReport.objects.of_disaster(disaster)
        .order_by()
        .values("ward_id", "kind", "profession")
        .annotate(people=Sum("people"), lines=Count("pk"), yen=Sum("amount_yen"))
    )
    for row in reports:
        line = lines.get(row["ward_id"])
        if line is None:
            continue
        if row["kind"] == ReportKind.STAFF:
            line.people[row["profession"]] = line.people.get(row["profession"], 0) + (
                row["people"] or 0
            )
        elif row["kind"] == ReportKind.SUPPLIES:
            line.supplies += row["lines"]
        else:
            line.donation_yen += row["yen"] or 0
    return list(lines.values())


def matrix_totals(lines: list[WardLine]) -> dict:
    return {
        "people": [sum(line.people_cells[i] for line in lines) for i in range(len(Profession))],
        "supplies": sum(line.supplies for line in lines),
        "donation_yen": sum(line.donation_yen for line in lines),
    }


@dataclass
class TiedPair:
    ward: Municipality
    municipality: Municipality
    kinds: list
    has_disaster_agreement: bool


def tied_pairs(disaster: Disaster) -> list[TiedPair]:
    """Wards and affected municipalities tied in the register (ties in force), those with a
    災害時相互応援協定 first (two queries)."""
    affected = affected_municipalities(disaster)
    through = Tie.municipalities.through.objects.filter(
        municipality__in=affected, tie__retired_on__isnull=True
    ).select_related("tie__ward", "municipality__prefecture")
    pairs: dict = {}
    for row in through:
        key = (row.tie.ward_id, row.municipality_id)
        pair = pairs.setdefault(
            key,
            TiedPair(
                ward=row.tie.ward,
                municipality=row.municipality,
                kinds=[],
                has_disaster_agreement=False,
            ),
        )
        label = TieKind(row.tie.kind).label
        if label not in pair.kinds:
            pair.kinds.append(label)
        if row.tie.kind == TieKind.DISASTER:
            pair.has_disaster_agreement = True
    return sorted(
        pairs.values(),
        key=lambda p: (not p.has_disaster_agreement, p.ward.code, p.municipality.code),
    )


def tied_municipality_ids(disaster: Disaster, ward) -> set[int]:
    """The affected municipalities tied to this ward (its requests are listed first)."""
    return {
        pair.municipality.pk
        for pair in tied_pairs(disaster)
        if pair.ward.pk == getattr(ward, "pk", None)
    }


def open_requests(rows: list[SupportRequest]) -> list[SupportRequest]:
    return [row for row in rows if row.is_open and row.remaining > 0]
