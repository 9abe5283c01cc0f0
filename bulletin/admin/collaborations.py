"""Status changes (read only) and the collaboration records in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import Collaboration, Indicator, ProgressEntry, ProposalStatusChange


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "name", "unit", "direction", "baseline", "baseline_on", "target", "target_on",
        "actual", "actual_on", "date_precision", "source", "ordering",
    ]  # fmt: skip


class ProgressEntryInline(admin.StackedInline):
    """The parties' progress, correctable here; a photo is added only through the board's form,
    which re-encodes it as PR photos are (bulletin/forms), so the admin shows it read-only."""

    model = ProgressEntry
    extra = 0
    fields = ["date", "text", "event", "photo", "photo_alt", "author", "author_municipality"]
    readonly_fields = ["photo", "author", "author_municipality"]
    autocomplete_fields = ["event"]

    def has_add_permission(self, request, obj=None):
        return False


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
    inlines = [IndicatorInline, ProgressEntryInline]
