from django.contrib import admin

from core.changelists import SafeChangeListMixin

from .models import (
    Collaboration,
    HandRaise,
    ModerationAction,
    Notification,
    NotificationPreference,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ProposalStatusChange,
    Reply,
    Report,
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
    list_display = ["__str__", "reporter", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["proposal", "reply", "reporter"]
    search_fields = ["reason", "proposal__title", "reply__body"]
    autocomplete_fields = ["proposal", "reply", "reporter"]
    date_hierarchy = "created_at"


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
