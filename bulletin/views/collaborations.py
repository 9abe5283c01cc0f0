"""Public pages: the collaboration projects, with CSV and Excel downloads of the filtered list."""

from django.http import HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from members.permissions import is_approved_member, is_secretariat

from .. import exports, permissions
from ..filters import CollaborationFilter
from ..models import Collaboration, Indicator


class CollaborationListView(FilterView):
    filterset_class = CollaborationFilter
    queryset = Collaboration.objects.public().for_table()
    paginate_by = 50
    template_name = "bulletin/collaboration_list.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            download_query=query.urlencode(),
            coverage=Collaboration.objects.coverage().statement(),
            **kwargs,
        )


class CollaborationDetailView(DetailView):
    queryset = (
        Collaboration.objects.public().for_listing().select_related("proposal").with_results()
    )
    template_name = "bulletin/collaboration_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_open_proposal=is_approved_member(user) or is_secretariat(user),
            can_record_results=user.is_authenticated
            and permissions.can_record_results(user, self.object),
            **kwargs,
        )


class CollaborationResultsView(TemplateView):
    """Per fiscal year, what the public records hold: computed, never typed."""

    template_name = "bulletin/collaboration_results.html"

    def get_context_data(self, **kwargs):
        public = Collaboration.objects.public()
        return super().get_context_data(
            totals=public.fiscal_year_totals(),
            coverage=Collaboration.objects.coverage().statement(),
            **kwargs,
        )


class CollaborationDownloadView(View):
    """The filtered list as CSV or Excel (format from the URL)."""

    formats = {
        "csv": ("text/csv; charset=utf-8", exports.as_csv),
        "xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            exports.as_xlsx,
        ),
    }

    def get(self, request, *args, **kwargs):
        content_type, export = self.formats[kwargs["format"]]
        filterset = CollaborationFilter(
            request.GET or None, queryset=Collaboration.objects.public().for_listing()
        )
        valid = not filterset.is_bound or filterset.is_valid()
        collaborations = filterset.qs if valid else Collaboration.objects.none()
        response = HttpResponse(export(collaborations), content_type=content_type)
        filename = f"collaborations-{timezone.localdate():%Y%m%d}.{kwargs['format']}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class IndicatorDownloadView(View):
    """Every public collaboration's outcome indicators as CSV (open data)."""

    def get(self, request, *args, **kwargs):
        indicators = (
            Indicator.objects.filter(collaboration__in=Collaboration.objects.public())
            .select_related("collaboration")
            .order_by("collaboration__slug", "ordering", "pk")
        )
        response = HttpResponse(
            exports.indicators_csv(indicators), content_type="text/csv; charset=utf-8"
        )
        filename = f"collaboration-indicators-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
