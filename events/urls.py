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
    # Members' own events (before events/<slug>/, whose pattern would take these names).
    path("events/mine/", views.SubmissionListView.as_view(), name="submission-list"),
    path("events/mine/new/", views.SubmissionCreateView.as_view(), name="submission-create"),
    path(
        "events/mine/<int:pk>/edit/", views.SubmissionUpdateView.as_view(), name="submission-edit"
    ),
    path("events/review/", views.SubmissionReviewListView.as_view(), name="submission-review-list"),
    path("events/review/<int:pk>/", views.SubmissionReviewView.as_view(), name="submission-review"),
    path("events/<slug:slug>/", public_page(views.EventDetailView.as_view()), name="event-detail"),
    path(
        "events/<slug:slug>/register/",
        views.RegistrationCreateView.as_view(),
        name="registration-create",
    ),
    path(
        "events/registrations/<uuid:token>/",
        views.RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path(
        "events/<slug:slug>.ics", public_page(views.EventCalendarView.as_view()), name="event-ics"
    ),
]
