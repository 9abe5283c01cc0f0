from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from . import exports, services
from .forms import EventAdminForm
from .models import Event, EventOrganiser, ProgrammeItem, TouringVenue
from .registrations import Registration
from .submissions import EventSubmission


class EventOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


class TouringVenueInline(admin.TabularInline):
    model = TouringVenue
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Event)
class EventAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "start_date",
        "end_date",
        "venue",
        "online",
        "status",
        "registered",
        "waiting",
    ]
    list_filter = ["kind", "status", "online"]
    search_fields = ["title", "theme", "venue", "summary"]
    list_select_related = ["host_municipality"]
    date_hierarchy = "start_date"
    # No prepopulated slug: the admin's script drops every Japanese character (「…講演会 2027」
    # became "2027"); a blank slug is made on the server (core/slugs.py).
    form = EventAdminForm
    autocomplete_fields = [
        "participating_bodies",
        "participating_municipalities",
        "host_municipality",
    ]
    inlines = [EventOrganiserInline, ProgrammeItemInline, TouringVenueInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "theme", "ordinal", "status"]}),
        (None, {"fields": ["start_date", "end_date", "date_precision", "start_time", "end_time"]}),
        (None, {"fields": ["venue", "online", "summary"]}),
        (
            _("会員自治体の催し"),
            {"fields": ["host_municipality", "link", "image", "image_alt"]},
        ),
        (
            None,
            {
                "fields": [
                    "participating_bodies",
                    "participating_municipalities",
                    "corporate_agreement",
                ]
            },
        ),
        (
            _("参加申込"),
            {
                "fields": [
                    "registration_open",
                    "capacity",
                    "registration_deadline",
                    "audience",
                    "waiting_list",
                    "viewing_url",
                ]
            },
        ),
        (
            _("実績"),
            {
                "fields": [
                    "municipalities_taking_part",
                    "visitors",
                    "attendees",
                    "companies_taking_part",
                    "figures_approximate",
                    "outcome_report",
                ]
            },
        ),
    ]
    actions = ["send_viewing_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("参加確定"), ordering="registered_count")
    def registered(self, event):
        return event.registered_count

    @admin.display(description=_("キャンセル待ち"), ordering="waiting_count")
    def waiting(self, event):
        return event.waiting_count

    @admin.action(description=_("視聴URLを参加確定者にメールで送る"))
    def send_viewing_link(self, request, queryset):
        for event in queryset:
            try:
                count = services.viewing_link_send(event=event)
            except ValidationError as error:
                self.message_user(request, f"{event}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(event)s: %(count)s人に視聴URLを送りました。")
                    % {"event": event, "count": count},
                )


class RegistrantMailForm(forms.Form):
    subject = forms.CharField(label=_("件名"), max_length=150)
    body = forms.CharField(label=_("本文"), widget=forms.Textarea(attrs={"rows": 12}))
    include_waiting = forms.BooleanField(label=_("キャンセル待ちの人にも送る"), required=False)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "organisation", "email", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "organisation", "email", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event", "municipality"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"
    readonly_fields = ["token", "created_at", "confirmed_at", "cancelled_at"]
    actions = ["export_csv", "export_xlsx", "mail_registrants", "cancel"]

    def _download(self, data: bytes, content_type: str, extension: str) -> HttpResponse:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="registrations.{extension}"'
        return response

    @admin.action(description=_("選択した申込をCSVで書き出す"))
    def export_csv(self, request, queryset):
        return self._download(
            exports.as_csv(queryset.for_export()), "text/csv; charset=utf-8", "csv"
        )

    @admin.action(description=_("選択した申込をExcelで書き出す"))
    def export_xlsx(self, request, queryset):
        return self._download(
            exports.as_xlsx(queryset.for_export()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )

    @admin.action(description=_("選択した申込のイベントの申込者にメールを送る"))
    def mail_registrants(self, request, queryset):
        events = Event.objects.filter(pk__in=queryset.values("event")).order_by("start_date")
        form = RegistrantMailForm(request.POST if "send" in request.POST else None)
        if form.is_valid():
            total = sum(
                services.registrants_mail(event=event, **form.cleaned_data) for event in events
            )
            self.message_user(
                request, _("%(count)s通のメールを送信待ちにしました。") % {"count": total}
            )
            return None
        return TemplateResponse(
            request,
            "admin/events/registration/mail_registrants.html",
            {
                **self.admin_site.each_context(request),
                "title": _("申込者へのメール"),
                "form": form,
                "events": events,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("選択した申込をキャンセルする（キャンセル待ちを繰り上げ）"))
    def cancel(self, request, queryset):
        count = 0
        for registration in queryset.active():
            services.registration_cancel(registration=registration)
            count += 1
        self.message_user(request, _("%(count)s件をキャンセルしました。") % {"count": count})


@admin.register(EventSubmission)
class EventSubmissionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Members' own events: reviewed on the secretariat's page (events:submission-review), where
    a return carries its reason; approving several at once is an action here."""

    list_display = ["title", "municipality", "category", "start_date", "status", "updated_at"]
    list_filter = ["status", "category", "online"]
    search_fields = ["title", "description", "venue", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality", "ward", "event"]
    raw_id_fields = ["submitted_by", "reviewed_by"]
    date_hierarchy = "start_date"
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "event", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["approve"]

    @admin.action(description=_("選択した申請を承認して掲載する"))
    def approve(self, request, queryset):
        count = 0
        for submission in queryset.waiting():
            try:
                services.submission_approve(submission=submission, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{submission}: {error}", messages.ERROR)
            else:
                count += 1
        self.message_user(request, _("%(count)s件を掲載しました。") % {"count": count})
