"""Replies and raised hands in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import HandRaise, Reply


@admin.register(Reply)
class ReplyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "proposal", "municipality", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["proposal", "municipality"]
    search_fields = ["body", "proposal__title", "municipality__name"]
    autocomplete_fields = ["proposal", "municipality", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["is_hidden", "hidden_reason", "created_at"]


@admin.register(HandRaise)
class HandRaiseAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["proposal", "ward", "raised_by", "raised_at"]
    list_select_related = ["proposal", "ward", "raised_by"]
    search_fields = ["proposal__title", "ward__name"]
    autocomplete_fields = ["proposal", "ward", "raised_by"]
    date_hierarchy = "raised_at"
