"""What the secretariat's desk shows: queues and the fiscal year's figures, computed from the board."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import fiscal_year_bounds
from members.models import Membership, MembershipStatus, Region
from network.models import TieChange

from .models import (
    Collaboration,
    Consultation,
    FanOut,
    Indicator,
    NotificationKind,
    PostDirection,
    Proposal,
    ProposalField,
    ProposalStatus,
    Report,
)
from .models.proposals import first_answer_subqueries

STALE_AFTER = datetime.timedelta(days=14)
QUEUE_LENGTH = 50


TIE_CHANGES_DAYS = 30
TIE_CHANGES_SHOWN = 100


def recent_tie_changes():
    """The wards' changes to the register of the last 30 days, newest first (each shown with
    whether it was reverted, in the same query)."""
    return (
        TieChange.objects.recent(days=TIE_CHANGES_DAYS)
        .for_listing()
        .select_related("reverts", "reverted_by")
    )


def waiting_applications():
    return (
        Membership.objects.filter(status=MembershipStatus.PENDING)
        .select_related("municipality__prefecture", "user")
        .order_by("pk")
    )


def waiting_reports():
    return Report.objects.unhandled().select_related("proposal", "reply__proposal")


def waiting_consultations():
    return Consultation.objects.waiting().for_listing()


def _unanswered(queryset):
    """Open, visible posts with no reply from anyone else and no raised hand, oldest first (the
    partial index proposal_unanswered holds exactly these, so the cost does not grow with the
    answered posts)."""
    last_reminder = (
        FanOut.objects.filter(kind=NotificationKind.REMINDER, proposal=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        queryset.open()
        .filter(is_hidden=False)
        .unanswered()
        .annotate(last_reminded_at=Subquery(last_reminder))
        .select_related("municipality__prefecture")
        .order_by("created_at", "pk")
    )


def stale_proposals(*, now=None):
    """Proposals with no reply and no raised hand after 14 days."""
    now = now or timezone.now()
    return _unanswered(Proposal.objects.proposals().filter(created_at__lte=now - STALE_AFTER))


def unanswered_calls(*, now=None):
    """Wards' calls no municipality has answered after 14 days (the proposals' rule)."""
    now = now or timezone.now()
    return _unanswered(Proposal.objects.calls().filter(created_at__lte=now - STALE_AFTER))


def quiet_collaborations():
    """Collaborations not completed with no progress recorded for six months, their parties
    prefetched (three queries for any number)."""
    return Collaboration.objects.without_progress_since(months=6).prefetch_related(
        "wards", "municipalities"
    )


def overdue_indicators():
    """Indicators past their target date with no actual, with their collaboration and its
    parties (three queries for any number)."""
    return (
        Indicator.objects.overdue()
        .select_related("collaboration")
        .prefetch_related("collaboration__wards", "collaboration__municipalities")
        .order_by("target_on", "pk")
    )


@dataclass
class Figures:
    """One fiscal year's board figures (by the date of posting)."""

    fiscal_year: int
    posted: int = 0
    answered: int = 0
    realized: int = 0
    median_days_to_first_answer: float | None = None
    by_field: dict = field(default_factory=dict)  # label → [posted, answered, realized]
    by_region: dict = field(default_factory=dict)

    @property
    def median_text(self) -> str:
        """The median as the desk prints it: 0.0日 (a same-day answer), — when none."""
        if self.median_days_to_first_answer is None:
            return "—"
        return f"{self.median_days_to_first_answer}{_('日')}"

    def rows(self) -> list[list]:
        """The figures as CSV rows in the page's words: (group, name, posted, answered, realized),
        then the median in the page's form."""
        rows = [[_("合計"), "", self.posted, self.answered, self.realized]]
        rows += [[_("分野"), name, *counts] for name, counts in self.by_field.items()]
        rows += [[_("地方"), name, *counts] for name, counts in self.by_region.items()]
        rows += [[_("最初の回答までの日数（中央値）"), "", self.median_text]]
        return rows


def fiscal_year_figures(fiscal_year: int, *, direction: str = PostDirection.PROPOSAL) -> Figures:
    """Posted, answered (a reply from another municipality or a raised hand), realized (成立),
    the median days from posting to the first answer, by field and by the poster's region.
    Counted in the database (grouped), so the cost is one pass, not one query per post."""
    first, last = fiscal_year_bounds(fiscal_year)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    first_reply, first_hand = first_answer_subqueries()
    posts = Proposal.objects.filter(
        direction=direction, created_at__gte=start, created_at__lt=end
    ).annotate(first_reply=first_reply, first_hand=first_hand)
    answered = Q(first_reply__isnull=False) | Q(first_hand__isnull=False)
    realized = Q(status=ProposalStatus.REALIZED)
    counts = {
        "posted": Count("pk"),
        "answered": Count("pk", filter=answered),
        "realized": Count("pk", filter=realized),
    }
    figures = Figures(fiscal_year=fiscal_year)
    field_labels = dict(ProposalField.choices)
    region_labels = dict(Region.choices)
    groups = [("by_field", "field", field_labels)]
    if direction == PostDirection.PROPOSAL:
        groups.append(("by_region", "municipality__prefecture__region", region_labels))
    else:
        figures.by_region = _calls_by_target_region(posts, answered, realized)
    for group, column, labels in groups:
        rows = posts.order_by().values(column).annotate(**counts).order_by(column)
        getattr(figures, group).update(
            {
                str(labels[row[column]]): [row["posted"], row["answered"], row["realized"]]
                for row in rows
            }
        )
    totals = [sum(values[i] for values in figures.by_field.values()) for i in range(3)]
    figures.posted, figures.answered, figures.realized = totals
    days = []
    for created_at, reply_at, hand_at in posts.filter(answered).values_list(
        "created_at", "first_reply", "first_hand"
    ):
        first_answer = min(t for t in (reply_at, hand_at) if t is not None)
        days.append((first_answer - created_at).total_seconds() / 86400)
    figures.median_days_to_first_answer = round(statistics.median(days), 1) if days else None
    return figures


def _target_regions(call: dict, prefecture_regions: set) -> set:
    """The regions a call's target municipalities lie in: its region, its prefectures' regions
    and its agreement body's prefecture's region, combined as the target combines them (AND).
    Empty when nothing narrows the target (every municipality)."""
    regions = None
    for narrowed in (
        {call["target_region"]} if call["target_region"] else None,
        prefecture_regions or None,
        {call["target_body__prefecture__region"]}
        if call["target_body__prefecture__region"]
        else None,
    ):
        if narrowed is not None:
            regions = narrowed if regions is None else regions & narrowed
    return regions if regions is not None else set()


def _calls_by_target_region(posts, answered: Q, realized: Q) -> dict:
    """Calls counted under the regions they are addressed to, not the calling ward's (always
    関東); a call to every municipality under 全国. Two queries whatever the number of calls."""
    calls = list(
        posts.annotate(
            is_answered=Case(When(answered, then=True), default=False),
            is_realized=Case(When(realized, then=True), default=False),
        ).values(
            "pk", "target_region", "target_body__prefecture__region", "is_answered", "is_realized"
        )
    )
    prefecture_regions: dict[int, set] = {}
    for proposal_id, region in Proposal.target_prefectures.through.objects.filter(
        proposal_id__in=[call["pk"] for call in calls]
    ).values_list("proposal_id", "prefecture__region"):
        prefecture_regions.setdefault(proposal_id, set()).add(region)
    nationwide = _("全国（対象の限定なし）")
    counts: dict = {}
    for call in calls:
        regions = _target_regions(call, prefecture_regions.get(call["pk"], set()))
        for key in regions or {nationwide}:
            row = counts.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += bool(call["is_answered"])
            row[2] += bool(call["is_realized"])
    order = {region: index for index, region in enumerate(Region.values)}
    labels = dict(Region.choices)
    return {
        (str(labels[key]) if key in labels else key): counts[key]
        for key in sorted(counts, key=lambda key: order.get(key, len(order)))
    }


FIGURES_CACHE_SECONDS = 300


def cached_figures(fiscal_year: int, direction: str) -> Figures:
    """The desk's figures, recomputed at most every five minutes (the CSV is always fresh)."""
    from django.core.cache import cache

    key = f"bulletin:desk-figures:{direction}:{fiscal_year}"
    return cache.get_or_set(
        key, lambda: fiscal_year_figures(fiscal_year, direction=direction), FIGURES_CACHE_SECONDS
    )
