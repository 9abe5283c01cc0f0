from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from members.permissions import approved_membership

from . import services
from .filters import EventFilter
from .forms import RegistrationForm
from .ical import render_calendar
from .jsonld import event_json_ld
from .models import Audience, Event
from .pages import event_sections
from .registrations import Registration, RegistrationStatus


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
            sections=event_sections(self.object),
            confirmed_count=self.object.registrations.confirmed().count()
            if self.object.registration_open
            else 0,
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
        # As the list does (FilterView's strict mode): a value the form refuses gives no events,
        # not the whole calendar.
        filterset = EventFilter(request.GET, queryset=Event.objects.for_listing())
        events = filterset.qs.dated() if filterset.is_valid() else Event.objects.none()
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


class RegistrationCreateView(FormView):
    """The registration form of one event (never cached: it carries a CSRF token)."""

    form_class = RegistrationForm
    template_name = "events/registration_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event, slug=kwargs["slug"])
        self.membership = approved_membership(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.membership:
            return {
                "name": self.membership.full_name,
                "organisation": f"{self.membership.municipality.name} {self.membership.department}",
                "email": self.request.user.email,
            }
        return {}

    def get_context_data(self, **kwargs):
        event = self.event
        confirmed = event.registrations.confirmed().count()
        return super().get_context_data(
            event=event,
            membership=self.membership,
            open=event.takes_registrations(),
            members_only=event.audience == Audience.MEMBERS,
            full=event.capacity is not None and confirmed >= event.capacity,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            registration = services.registration_create(
                event=self.event,
                user=self.request.user if self.request.user.is_authenticated else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return render(
            self.request,
            "events/registration_done.html",
            {"event": self.event, "registration": registration},
        )


class RegistrationCancelView(View):
    """The link in the confirmation mail: a page to confirm, then the cancellation (POST)."""

    template_name = "events/registration_cancel.html"

    def _registration(self, token):
        return get_object_or_404(Registration.objects.select_related("event"), token=token)

    def get(self, request, token):
        registration = self._registration(token)
        return render(
            request, self.template_name, {"registration": registration, "event": registration.event}
        )

    def post(self, request, token):
        registration = self._registration(token)
        if registration.status != RegistrationStatus.CANCELLED:
            services.registration_cancel(registration=registration)
        return redirect("events:registration-cancel", token=token)
