"""Notifications and members' preferences in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import Notification, NotificationPreference


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
