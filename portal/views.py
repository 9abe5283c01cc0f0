"""Site-wide pages: the top page, the purpose statement and the error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from agreements.models import AgreementBody
from events.models import Event
from record.models import PartnerCountSnapshot, RelationshipProject, TimelineEntry


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
