from django import forms
from django.contrib import admin

from core.changelists import SafeChangeListMixin
from core.slugs import readable_slug, unique_slug

from .models import (
    Commitment,
    Disaster,
    DocumentedSupport,
    Pairing,
    PublishedFund,
    PublishedStaffFigure,
    ReliefFund,
    SupportReport,
    SupportRequest,
)


class DisasterAdminForm(forms.ModelForm):
    class Meta:
        model = Disaster
        fields = [
            "name",
            "slug",
            "kind",
            "occurred_on",
            "prefectures",
            "municipalities",
            "state",
            "closed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            if self.instance.pk and self.instance.slug:
                cleaned["slug"] = self.instance.slug
            elif cleaned.get("name"):
                base = readable_slug(
                    cleaned["name"], day=cleaned.get("occurred_on"), fallback="disaster"
                )
                cleaned["slug"] = unique_slug(
                    Disaster.objects.all(), base, exclude_pk=self.instance.pk
                )
        return cleaned


@admin.register(Disaster)
class DisasterAdmin(SafeChangeListMixin, admin.ModelAdmin):
    form = DisasterAdminForm
    list_display = ["name", "kind", "occurred_on", "state", "declared_at", "closed_at"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "slug"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["prefectures", "municipalities"]
    readonly_fields = ["declared_by", "declared_at"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    autocomplete_fields = ["ward"]
    readonly_fields = ["committed_by", "created_at", "decided_at"]


@admin.register(SupportRequest)
class SupportRequestAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "municipality", "kind", "item", "quantity", "unit", "state"]
    list_filter = ["kind", "profession", "state"]
    search_fields = ["item", "place", "municipality__name", "disaster__name"]
    date_hierarchy = "created_at"
    list_select_related = ["disaster", "municipality"]
    autocomplete_fields = ["disaster", "municipality"]
    readonly_fields = ["author", "created_at", "updated_at"]
    inlines = [CommitmentInline]


@admin.register(SupportReport)
class SupportReportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "ward", "kind", "profession", "people", "item", "amount_yen"]
    list_filter = ["kind", "profession"]
    search_fields = ["item", "note", "ward__name", "disaster__name"]
    date_hierarchy = "created_at"
    list_select_related = ["disaster", "ward"]
    autocomplete_fields = ["disaster", "ward"]
    raw_id_fields = ["commitment"]
    readonly_fields = ["reported_by", "created_at"]


@admin.register(ReliefFund)
class ReliefFundAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "amount_yen", "decided_on", "recipients_note"]
    search_fields = ["disaster__name", "recipients_note"]
    date_hierarchy = "decided_on"
    list_select_related = ["disaster"]
    autocomplete_fields = ["disaster", "recipients"]
    readonly_fields = ["recorded_by", "created_at"]


@admin.register(Pairing)
class PairingAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "ward", "municipality", "created_at"]
    search_fields = ["disaster__name", "ward__name", "municipality__name"]
    list_select_related = ["disaster", "ward", "municipality"]
    autocomplete_fields = ["disaster", "ward", "municipality"]
    readonly_fields = ["proposed_by", "created_at"]


# The record of past support as the documents published it (disaster/models/record.py).


class PublishedFundInline(admin.TabularInline):
    model = PublishedFund
    extra = 0


class PublishedStaffFigureInline(admin.TabularInline):
    model = PublishedStaffFigure
    extra = 0


@admin.register(DocumentedSupport)
class DocumentedSupportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "recipients", "support_kinds", "ward_donations_yen"]
    list_select_related = ["disaster"]
    list_filter = ["occurred_precision"]
    search_fields = ["disaster__name", "recipients", "support_kinds", "details"]
    autocomplete_fields = ["disaster"]


@admin.register(PublishedFund)
class PublishedFundAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "kind", "amount_yen", "recipients", "decided_on"]
    list_select_related = ["disaster"]
    list_filter = ["kind"]
    search_fields = ["disaster__name", "recipients", "source"]
    autocomplete_fields = ["disaster"]


@admin.register(PublishedStaffFigure)
class PublishedStaffFigureAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["disaster", "persons", "as_of", "professions"]
    list_select_related = ["disaster"]
    search_fields = ["disaster__name", "professions", "source"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["disaster"]
