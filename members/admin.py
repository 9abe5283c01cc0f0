from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .kana import to_katakana
from .models import Municipality, Prefecture, User


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kana", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name", "kana"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kana", "kind", "prefecture"]
    list_filter = ["kind", "prefecture__region", "prefecture"]
    list_select_related = ["prefecture"]
    search_fields = ["code", "name", "kana"]
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def get_search_results(self, request, queryset, search_term):
        # Staff type readings in hiragana; the register keeps katakana.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.filter(kana__contains=to_katakana(search_term))
        return queryset, may_have_duplicates


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "last_name", "first_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("氏名"), {"fields": ["last_name", "first_name"]}),
        (
            _("権限"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("日時"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
