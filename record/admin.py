from django.contrib import admin

from core.changelists import SafeChangeListMixin

from .models import (
    DisasterSupport,
    NewsletterIssue,
    PartnerCountSnapshot,
    ProjectCount,
    RelationshipProject,
    StaffDispatch,
    StrategyPosition,
    TimelineEntry,
)


@admin.register(TimelineEntry)
class TimelineEntryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["date", "sequence", "organ", "kind", "title", "event", "agreement_body"]
    list_filter = ["kind", "organ", "precision"]
    search_fields = ["title", "details", "organ"]
    date_hierarchy = "date"
    list_select_related = ["event", "agreement_body"]
    autocomplete_fields = ["event", "agreement_body", "corporate_agreement", "collaborations"]
    list_per_page = 50


@admin.register(PartnerCountSnapshot)
class PartnerCountSnapshotAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "fiscal_year_label",
        "as_of",
        "ward_partners",
        "hp_members",
        "agreement_members",
        "total",
    ]
    date_hierarchy = "as_of"
    search_fields = ["note"]

    @admin.display(description="年度", ordering="as_of")
    def fiscal_year_label(self, obj):
        return obj.fiscal_year_label


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["number", "title", "published_on"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_on"


class StaffDispatchInline(admin.TabularInline):
    model = StaffDispatch
    extra = 0


@admin.register(DisasterSupport)
class DisasterSupportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "occurred_on", "recipients", "funds_yen"]
    search_fields = ["disaster", "recipients", "support_kinds", "details"]
    list_filter = ["precision"]
    date_hierarchy = "occurred_on"
    inlines = [StaffDispatchInline]


@admin.register(StrategyPosition)
class StrategyPositionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "decided_on"]
    search_fields = ["title", "excerpt"]
    date_hierarchy = "decided_on"


@admin.register(ProjectCount)
class ProjectCountAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["label", "as_of", "ward_projects", "joint_projects", "total"]
    date_hierarchy = "as_of"
    search_fields = ["label", "note"]


@admin.register(RelationshipProject)
class RelationshipProjectAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "partner_area", "started_on"]
    search_fields = ["title", "partner_area", "summary"]
    autocomplete_fields = ["wards"]
    date_hierarchy = "started_on"
