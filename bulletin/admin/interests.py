"""Interest profiles, saved searches and follows (ワッチ) in the admin."""

from django.contrib import admin

from ..models import Follow, InterestProfile, SavedSearch


@admin.register(InterestProfile)
class InterestProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fields", "kinds", "regions", "updated_at"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "alerts", "created_at"]
    list_filter = ["alerts"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "proposal", "created_at"]
    autocomplete_fields = ["user", "proposal"]
    list_select_related = ["user", "proposal"]
