from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from . import permissions, services
from .forms import ModerationForm
from .models import (
    Collaboration,
    Consultation,
    ConsultationMessage,
    Follow,
    HandRaise,
    InterestProfile,
    ModerationAction,
    Notification,
    NotificationPreference,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ProposalStatusChange,
    Reply,
    Report,
    SavedSearch,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = ProposalStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = ProposalRevision
    fields = ["edited_at", "edited_by", "changes"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ProposalAttachment
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class ModerationInline(ReadOnlyInline):
    model = ModerationAction
    fields = ["created_at", "action", "reason", "actor"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Changes of status and visibility go through the site (they are recorded with a reason)."""

    list_display = ["title", "municipality", "field", "kind", "status", "is_hidden", "created_at"]
    list_filter = ["status", "field", "kind", "is_hidden", "municipality__prefecture"]
    list_select_related = ["municipality"]
    search_fields = ["title", "body", "municipality__name"]
    autocomplete_fields = ["municipality", "author", "wards"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "is_hidden", "hidden_reason", "created_at", "edited_at"]
    inlines = [AttachmentInline, StatusChangeInline, RevisionInline, ModerationInline]


@admin.register(Reply)
class ReplyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "proposal", "municipality", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["proposal", "municipality"]
    search_fields = ["body", "proposal__title", "municipality__name"]
    autocomplete_fields = ["proposal", "municipality", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["is_hidden", "hidden_reason", "created_at"]


@admin.register(HandRaise)
class HandRaiseAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["proposal", "ward", "raised_by", "raised_at"]
    list_select_related = ["proposal", "ward", "raised_by"]
    search_fields = ["proposal__title", "ward__name"]
    autocomplete_fields = ["proposal", "ward", "raised_by"]
    date_hierarchy = "raised_at"


@admin.register(ProposalStatusChange)
class ProposalStatusChangeAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["proposal", "changed_by"]
    search_fields = ["proposal__title", "changed_by__email"]
    date_hierarchy = "changed_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Report)
class ReportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """通報: read as members wrote them, and resolved from the report's page through the board's
    moderation service (hide the post, restore it, or close the report with a reason)."""

    list_display = ["__str__", "reporter", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["proposal", "reply", "reporter"]
    search_fields = ["reason", "proposal__title", "reply__body"]
    date_hierarchy = "created_at"
    fields = ["target_link", "target_state", "reason", "reporter", "created_at", "handled_at"]
    readonly_fields = fields
    change_form_template = "admin/bulletin/report/change_form.html"

    def has_add_permission(self, request):
        return False  # members report from the board

    def has_change_permission(self, request, obj=None):
        return False  # a report is resolved (resolve_view), never edited

    @admin.display(description=_("対象の投稿"))
    def target_link(self, report):
        return format_html('<a href="{}">{}</a>', report.target.get_absolute_url(), report.target)

    @admin.display(description=_("投稿の状態"))
    def target_state(self, report):
        return _("非表示") if report.target.is_hidden else _("公開中（会員に表示）")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="bulletin_report_resolve",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if report is not None and permissions.can_moderate(request.user):
            extra["resolution_form"] = ModerationForm(target=report.target)
        return super().change_view(request, object_id, form_url, extra)

    def resolve_view(self, request, object_id):
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404
        if request.method != "POST" or not permissions.can_moderate(request.user):
            raise PermissionDenied
        form = ModerationForm(request.POST, target=report.target)
        change_url = reverse("admin:bulletin_report_change", args=[report.pk])
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            action = services.post_moderate(
                actor=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                proposal=report.proposal,
                reply=report.reply,
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(
            request,
            _("「%(action)s」を記録しました。") % {"action": action.get_action_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)


@admin.register(ModerationAction)
class ModerationActionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "action", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["proposal", "reply", "actor"]
    search_fields = ["reason", "proposal__title", "reply__body"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["message", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["message", "recipient__email"]
    autocomplete_fields = ["recipient", "proposal"]
    date_hierarchy = "created_at"
    raw_id_fields = ["email"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["user", "delivery", "updated_at"]
    list_filter = ["delivery"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(Collaboration)
class CollaborationAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "fiscal_year", "prefecture", "field", "started_on", "proposal"]
    list_filter = ["fiscal_year", "field", "prefecture"]
    list_select_related = ["prefecture", "proposal"]
    search_fields = ["title", "summary", "area_name", "slug"]
    autocomplete_fields = ["wards", "municipalities", "prefecture", "proposal"]
    date_hierarchy = "started_on"


class ConsultationMessageInline(ReadOnlyInline):
    model = ConsultationMessage
    fields = ["created_at", "from_secretariat", "author", "body"]
    readonly_fields = fields


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Answers are written on the portal's desk (the member is mailed); here it is read only."""

    inlines = [ConsultationMessageInline]
    list_display = ["subject", "municipality", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["subject", "municipality__name"]
    list_select_related = ["municipality"]
    date_hierarchy = "created_at"
    readonly_fields = ["municipality", "author", "subject", "proposal", "status"]


@admin.register(InterestProfile)
class InterestProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fields", "kinds", "regions", "updated_at"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "alerts", "created_at"]
    list_filter = ["alerts"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "proposal", "created_at"]
    autocomplete_fields = ["user", "proposal"]
    list_select_related = ["user", "proposal"]
