"""The public record's pages: timeline, partner counts, disaster support, policy, newsletters."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from bulletin.models import Collaboration
from core.dates import era_date
from core.spreadsheets import csv_bytes
from disaster.models import Disaster
from disaster.public_record import asked, given_support, public_disaster, public_disasters
from events.models import Event, EventStatus
from network.coverage import ward_partner_coverage
from network.models import ConfirmationRound

from .charts import Series, line_chart
from .filters import TimelineFilter
from .models import (
    MemberCountFigure,
    NewsletterIssue,
    PartnerCountSnapshot,
    ProjectCount,
    StrategyPosition,
    TimelineEntry,
)


class TimelineView(FilterView):
    """Opens on the whole history, newest first; ?year= narrows it to one year."""

    filterset_class = TimelineFilter
    queryset = TimelineEntry.objects.for_listing().latest_first()
    paginate_by = 60
    template_name = "record/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year_field = context["filter"].form.fields["year"]
        context["year_jumps"] = [
            (str(value), label) for value, label in year_field.choices if value
        ]
        context["selected_year"] = context["filter"].form.data.get("year", "")
        return context


def _partner_count_rows():
    return list(PartnerCountSnapshot.objects.order_by("as_of"))


# Labels translated where they are shown (chart legend, CSV header).
SNAPSHOT_COLUMNS = [
    ("ward_partners", "各区交流自治体"),
    ("hp_members", "全国連携HP会員登録自治体"),
    ("agreement_members", "広域連携協定締結自治体"),
    ("total", "合計"),
]


class PartnerCountsView(TemplateView):
    template_name = "record/partner_counts.html"

    def get_context_data(self, **kwargs):
        snapshots = _partner_count_rows()
        chart = line_chart(
            [s.fiscal_year_label for s in snapshots],
            [
                Series(_(label), [getattr(s, field) for s in snapshots])
                for field, label in SNAPSHOT_COLUMNS
            ],
        )
        return super().get_context_data(
            snapshots=snapshots,
            chart=chart,
            member_count_figures=MemberCountFigure.objects.all(),
            project_counts=ProjectCount.objects.all(),
            tie_coverage=ward_partner_coverage().statement(),
            rounds=_closed_rounds(snapshots),
            project_coverage=Collaboration.objects.coverage().statement(),
            event_outcomes=Event.objects.exclude(
                status=EventStatus.CANCELLED
            ).outcome_totals_by_fiscal_year(),
            **kwargs,
        )


def _closed_rounds(snapshots) -> list[tuple]:
    """The closed yearly confirmations' figures (computed from the register when each closed),
    each with the count published for the same 1 August, if any."""
    published = {s.as_of: s.ward_partners for s in snapshots}
    return [
        (confirmation_round, published.get(confirmation_round.as_of))
        for confirmation_round in ConfirmationRound.objects.closed().order_by("as_of")
    ]


def partner_counts_csv(request):
    """Headers in the page's language; the date as ISO and as 和暦, side by side."""
    header = [
        _("年度"),
        "fiscal_year",
        _("基準日"),
        _("基準日（和暦）"),
        *[_(label) for _field, label in SNAPSHOT_COLUMNS],
        _("注記"),
    ]
    rows = [
        [
            s.fiscal_year_label,
            s.fiscal_year,
            s.as_of.isoformat(),
            era_date(s.as_of),
            *["" if getattr(s, f) is None else getattr(s, f) for f, _label in SNAPSHOT_COLUMNS],
            s.note,
        ]
        for s in _partner_count_rows()
    ]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partner-counts.csv"'
    return response


class DisasterSupportListView(ListView):
    """Every disaster and what the 23 wards gave, each total a sum over the disaster's records."""

    template_name = "record/disaster_support.html"
    paginate_by = 30

    def get_queryset(self):
        return public_disasters().prefetch_related("published_staff_figures")


class DisasterRecordView(DetailView):
    """One disaster's public page: what was asked and what the wards gave, with no person in it."""

    template_name = "record/disaster_record.html"
    context_object_name = "disaster"

    def get_object(self, queryset=None):
        try:
            return public_disaster(self.kwargs["slug"])
        except Disaster.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            asked=asked(self.object), given=given_support(self.object), **kwargs
        )


class StrategyPositionListView(ListView):
    template_name = "record/strategy_positions.html"
    queryset = StrategyPosition.objects.all()
    paginate_by = 30


class NewsletterListView(ListView):
    template_name = "record/newsletters.html"
    queryset = NewsletterIssue.objects.select_related("publication").order_by("-number")
    paginate_by = 30
