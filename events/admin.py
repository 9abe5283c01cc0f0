from django.contrib import admin

from core.changelists import SafeChangeListMixin

from .models import Event, EventOrganiser, ProgrammeItem, TouringVenue


class EventOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


class TouringVenueInline(admin.TabularInline):
    model = TouringVenue
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Event)
class EventAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "venue", "online", "status"]
    list_filter = ["kind", "status", "online"]
    search_fields = ["title", "theme", "venue", "summary"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["participating_bodies", "participating_municipalities"]
    inlines = [EventOrganiserInline, ProgrammeItemInline, TouringVenueInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "theme", "ordinal", "status"]}),
        (None, {"fields": ["start_date", "end_date", "date_precision", "start_time", "end_time"]}),
        (None, {"fields": ["venue", "online", "summary"]}),
        (None, {"fields": ["participating_bodies", "participating_municipalities"]}),
    ]
