from django.contrib import admin

from core.changelists import SafeChangeListMixin

from .models import Availability, Offer, OfferRequest


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Offer)
class OfferAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "ward", "kind", "cost", "contact_department", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "description", "ward__name"]
    list_select_related = ["ward"]
    autocomplete_fields = ["ward"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "created_at"
    inlines = [AvailabilityInline]


@admin.register(Availability)
class AvailabilityAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["offer", "start_date", "end_date", "note"]
    search_fields = ["offer__title", "note"]
    list_select_related = ["offer__ward"]
    autocomplete_fields = ["offer"]
    date_hierarchy = "start_date"


# The requests' messages are in the board's rooms, private to the two sides: not in the admin.
@admin.register(OfferRequest)
class OfferRequestAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["offer", "municipality", "start_date", "end_date", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["offer__title", "municipality__name"]
    list_select_related = ["offer__ward", "municipality"]
    autocomplete_fields = ["offer", "municipality", "collaboration"]
    raw_id_fields = ["requested_by"]
    # The room is opened with the request and shown to its two sides only, never here.
    exclude = ["room"]

    def has_add_permission(self, request):
        return False  # a member requests from the directory, which opens the room

    date_hierarchy = "start_date"
