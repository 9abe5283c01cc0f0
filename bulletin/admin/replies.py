"""Replies and raised hands in the admin."""

from django.contrib import admin

from core.changelists import SafeChangeListMixin

from ..models import HandRaise, Reply
from ..services.replies import first_answers_refresh


class FirstAnswerAdminMixin:
    """A reply or hand added, moved, changed or deleted here moves its post's first answer
    (the desk's unanswered queues) as the members' own replies and hands do."""

    def save_model(self, request, obj, form, change):
        before = set(
            type(obj).objects.filter(pk=obj.pk).values_list("proposal_id", flat=True)
            if change
            else []
        )
        super().save_model(request, obj, form, change)
        first_answers_refresh(proposal_ids=before | {obj.proposal_id})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        first_answers_refresh(proposal_ids=[obj.proposal_id])

    def delete_queryset(self, request, queryset):
        proposal_ids = set(queryset.values_list("proposal_id", flat=True))
        super().delete_queryset(request, queryset)
        first_answers_refresh(proposal_ids=proposal_ids)


@admin.register(Reply)
class ReplyAdmin(FirstAnswerAdminMixin, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "proposal", "municipality", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["proposal", "municipality"]
    search_fields = ["body", "proposal__title", "municipality__name"]
    autocomplete_fields = ["proposal", "municipality", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["is_hidden", "hidden_reason", "created_at"]


@admin.register(HandRaise)
class HandRaiseAdmin(FirstAnswerAdminMixin, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["proposal", "ward", "raised_by", "raised_at"]
    list_select_related = ["proposal", "ward", "raised_by"]
    search_fields = ["proposal__title", "ward__name"]
    autocomplete_fields = ["proposal", "ward", "raised_by"]
    date_hierarchy = "raised_at"
