from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/calendar.ics", views.EventListCalendarView.as_view(), name="event-list-ics"),
    path("events/feed.atom", feeds.NewEventsFeed(), name="event-feed"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>.ics", views.EventCalendarView.as_view(), name="event-ics"),
]
