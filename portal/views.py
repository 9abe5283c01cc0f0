from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from agreements.models import AgreementBody
from events.models import Event

from .charts import Series, line_chart
from .filters import TimelineFilter
from .models import (
    DisasterSupport,
    NewsletterIssue,
    PartnerCountSnapshot,
    ProjectCount,
    RelationshipProject,
    StrategyPosition,
    TimelineEntry,
)
from .spreadsheets import csv_bytes


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            snapshot=PartnerCountSnapshot.objects.latest_snapshot(),
            agreement_totals=AgreementBody.objects.totals(),
            upcoming_events=Event.objects.upcoming()[:3],
            recent_events=Event.objects.past()[:4],
            latest_entries=TimelineEntry.objects.latest_first()[:5],
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            relationship_projects=RelationshipProject.objects.prefetch_related("wards"), **kwargs
        )


class TimelineView(FilterView):
    filterset_class = TimelineFilter
    queryset = TimelineEntry.objects.for_listing()
    paginate_by = 60
    template_name = "portal/timeline.html"


def _partner_count_rows():
    return list(PartnerCountSnapshot.objects.order_by("as_of"))


SNAPSHOT_COLUMNS = [
    ("ward_partners", "各区交流自治体"),
    ("hp_members", "全国連携HP会員登録自治体"),
    ("agreement_members", "広域連携協定締結自治体"),
    ("total", "合計"),
]


class PartnerCountsView(TemplateView):
    template_name = "portal/partner_counts.html"

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
            project_counts=ProjectCount.objects.all(),
            **kwargs,
        )


def partner_counts_csv(request):
    header = ["年度", "fiscal_year", "基準日", *[label for _, label in SNAPSHOT_COLUMNS], "注記"]
    rows = [
        [
            s.fiscal_year_label,
            s.fiscal_year,
            s.as_of.isoformat(),
            *["" if getattr(s, f) is None else getattr(s, f) for f, _ in SNAPSHOT_COLUMNS],
            s.note,
        ]
        for s in _partner_count_rows()
    ]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partner-counts.csv"'
    return response


class DisasterSupportListView(ListView):
    template_name = "portal/disaster_support.html"
    queryset = DisasterSupport.objects.prefetch_related("staff_dispatches")
    paginate_by = 30


class StrategyPositionListView(ListView):
    template_name = "portal/strategy_positions.html"
    queryset = StrategyPosition.objects.all()
    paginate_by = 30


class NewsletterListView(ListView):
    template_name = "portal/newsletters.html"
    queryset = NewsletterIssue.objects.order_by("-number")
    paginate_by = 30


def _error_page(request, status: int):
    return render(request, f"{status}.html", status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # No request context: whatever broke (the database, a context processor) must not break this.
    return HttpResponseServerError(loader.get_template("500.html").render())
