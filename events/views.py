from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from .filters import EventFilter
from .ical import render_calendar
from .jsonld import event_json_ld
from .models import Event


class EventListView(FilterView):
    filterset_class = EventFilter
    queryset = Event.objects.for_listing()
    paginate_by = 20
    template_name = "events/event_list.html"


class EventDetailView(DetailView):
    queryset = Event.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            json_ld=event_json_ld(self.object),
            timeline_entries=self.object.timeline_entries.all(),
            **kwargs,
        )


def _calendar_response(events, *, request, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        render_calendar(events, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventListCalendarView(View):
    """The whole (filtered) list as one calendar."""

    def get(self, request):
        events = EventFilter(request.GET, queryset=Event.objects.for_listing()).qs.dated()
        return _calendar_response(
            events,
            request=request,
            name=_("特別区全国連携プロジェクト イベント"),
            filename="events.ics",
        )


class EventCalendarView(SingleObjectMixin, View):
    queryset = Event.objects.dated()

    def get(self, request, slug):
        event = self.get_object()
        return _calendar_response(
            [event], request=request, name=event.title, filename=f"{event.slug}.ics"
        )
