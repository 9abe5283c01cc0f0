"""Consultations in the admin (read only: answers are written on the portal's desk)."""

from django.contrib import admin

from ..models import Consultation, ConsultationMessage
from .proposals import ReadOnlyInline


class ConsultationMessageInline(ReadOnlyInline):
    model = ConsultationMessage
    fields = ["created_at", "from_secretariat", "author", "body"]
    readonly_fields = fields


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Answers are written on the portal's desk (the member is mailed); here it is read only."""

    inlines = [ConsultationMessageInline]
    list_display = ["subject", "municipality", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["subject", "municipality__name"]
    list_select_related = ["municipality"]
    date_hierarchy = "created_at"
    readonly_fields = ["municipality", "author", "subject", "proposal", "status"]
