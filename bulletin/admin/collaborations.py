"""Status changes (read only) and the collaboration records in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import Collaboration, ProposalStatusChange


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


@admin.register(Collaboration)
class CollaborationAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "fiscal_year",
        "prefecture",
        "field",
        "state",
        "started_on",
        "proposal",
    ]
    list_filter = ["fiscal_year", "field", "state", "prefecture"]
    list_select_related = ["prefecture", "proposal"]
    search_fields = ["title", "summary", "area_name", "slug"]
    autocomplete_fields = ["wards", "municipalities", "prefecture", "proposal"]
    date_hierarchy = "started_on"
