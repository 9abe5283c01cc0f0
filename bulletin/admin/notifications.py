"""Notifications and members' preferences in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import FanOut, Notification, NotificationPreference


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


@admin.register(FanOut)
class FanOutAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """The new posts' announcements and how far the worker has got: read only (the worker
    writes them; a pending one is expanded by its next run)."""

    list_display = ["message", "kind", "notified", "created_at", "finished_at"]
    list_filter = ["kind", ("finished_at", admin.EmptyFieldListFilter)]
    search_fields = ["message"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in FanOut._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
