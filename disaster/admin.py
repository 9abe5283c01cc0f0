from django import forms
from django.contrib import admin

from core.changelists import SafeChangeListMixin
from core.slugs import readable_slug, unique_slug

from .models import Disaster


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
