from django.urls import path

from core.public_cache import public_page

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("events/", public_page(views.EventListView.as_view()), name="event-list"),
    path(
        "events/calendar.ics",
        public_page(views.EventListCalendarView.as_view()),
        name="event-list-ics",
    ),
    path("events/feed.atom", public_page(feeds.NewEventsFeed()), name="event-feed"),
    path("events/<slug:slug>/", public_page(views.EventDetailView.as_view()), name="event-detail"),
    path(
        "events/<slug:slug>.ics", public_page(views.EventCalendarView.as_view()), name="event-ics"
    ),
]
