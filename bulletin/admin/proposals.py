"""Posts in the admin: read with their attachments, status log, edits and moderation; their
status and visibility change on the site (recorded with a reason), not here."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import (
    ModerationAction,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ProposalStatusChange,
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
