from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from members.permissions import approved_membership, is_secretariat

from . import services
from .filters import EventFilter
from .forms import EventSubmissionForm, RegistrationForm, SubmissionReviewForm
from .ical import render_calendar
from .jsonld import event_json_ld
from .models import Audience, Event
from .pages import event_sections
from .registrations import Registration, RegistrationStatus
from .submissions import EventSubmission


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


# Members' own events ---------------------------------------------------------------------------


class MemberRequiredMixin(AccessMixin):
    """Approved members: visitors log in, other accounts get a 403 page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = approved_membership(request.user)
        if self.membership is None:
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class SecretariatRequiredMixin(AccessMixin):
    """The secretariat, in a session that passed the second factor (sent there first)."""

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_secretariat(request.user):
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class SubmissionListView(MemberRequiredMixin, ListView):
    """The events the member's municipality submitted, with their state."""

    template_name = "events/submission_list.html"
    paginate_by = 20

    def get_queryset(self):
        return EventSubmission.objects.for_listing().of_municipality(self.membership.municipality)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SubmissionCreateView(MemberRequiredMixin, FormView):
    form_class = EventSubmissionForm
    template_name = "events/submission_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        image = data.pop("image", None)
        try:
            services.submission_create(user=self.request.user, data=data, image=image)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("掲載を申請しました。事務局が確認してから、イベント一覧に載ります。"),
        )
        return redirect("events:submission-list")


class SubmissionUpdateView(MemberRequiredMixin, FormView):
    form_class = EventSubmissionForm
    template_name = "events/submission_form.html"

    @cached_property
    def submission(self) -> EventSubmission:
        submission = get_object_or_404(
            EventSubmission.objects.select_related("municipality", "event"), pk=self.kwargs["pk"]
        )
        if submission.municipality_id != self.membership.municipality_id:
            raise Http404
        return submission

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.submission}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=self.submission, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.submission.is_editable and self.submission.event:
            return redirect(self.submission.event)  # published: the secretariat edits it now
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.submission.is_editable:
            return render(request, "403.html", status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        image = data.pop("image", None)
        try:
            services.submission_update(
                submission=self.submission, user=self.request.user, data=data, image=image
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("申請を更新しました。事務局が改めて確認します。"))
        return redirect("events:submission-list")


class SubmissionReviewListView(SecretariatRequiredMixin, ListView):
    """The secretariat's queue of members' events, waiting ones first."""

    template_name = "events/submission_review_list.html"
    paginate_by = 30
    queryset = EventSubmission.objects.for_review()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            waiting_count=EventSubmission.objects.waiting().count(), **kwargs
        )


class SubmissionReviewView(SecretariatRequiredMixin, FormView):
    form_class = SubmissionReviewForm
    template_name = "events/submission_review.html"

    def get_submission(self) -> EventSubmission:
        return get_object_or_404(
            EventSubmission.objects.select_related("municipality", "ward", "event", "submitted_by"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=self.get_submission(), **kwargs)

    def form_valid(self, form):
        submission = self.get_submission()
        try:
            if form.cleaned_data["decision"] == "approve":
                event = services.submission_approve(submission=submission, user=self.request.user)
                messages.success(
                    self.request,
                    _("「%(title)s」を承認し、イベント一覧に掲載しました。")
                    % {"title": event.title},
                )
            else:
                services.submission_return(
                    submission=submission,
                    user=self.request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    self.request,
                    _("「%(title)s」を差し戻しました。申請者にメールで伝えます。")
                    % {"title": submission.title},
                )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        return redirect("events:submission-review-list")
