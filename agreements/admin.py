from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.changelists import SafeChangeListMixin

from .models import AgreementBody, CorporateAgreement


@admin.register(AgreementBody)
class AgreementBodyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "prefecture",
        "kind",
        "signed_on",
        "documented_member_count",
        "derived_members",
    ]
    list_filter = ["kind", "prefecture__region"]
    search_fields = ["name", "prefecture__name"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["prefecture"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_count()

    @admin.display(description=_("台帳上の構成自治体数"), ordering="member_count")
    def derived_members(self, obj):
        return obj.member_count


@admin.register(CorporateAgreement)
class CorporateAgreementAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["company", "former_name", "signed_on"]
    search_fields = ["company", "former_name", "initiatives"]
    date_hierarchy = "signed_on"
