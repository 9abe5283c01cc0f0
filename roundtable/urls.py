from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "roundtable"

urlpatterns = [
    path("roundtable/", public_page(views.TopicListView.as_view()), name="topic-list"),
    path("roundtable/<int:pk>/", public_page(views.TopicDetailView.as_view()), name="topic-detail"),
    path(
        "roundtable/<int:pk>/threads/new/",
        views.ThreadCreateView.as_view(),
        name="thread-create",
    ),
    path("roundtable/threads/<int:pk>/", views.ThreadDetailView.as_view(), name="thread-detail"),
    path(
        "roundtable/threads/<int:pk>/moderate/",
        views.ThreadModerateView.as_view(),
        name="thread-moderate",
    ),
    path(
        "roundtable/posts/<int:pk>/moderate/",
        views.PostModerateView.as_view(),
        name="post-moderate",
    ),
    path(
        "roundtable/documents/<int:pk>/",
        views.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path(
        "roundtable/meetings/<int:pk>/register/",
        views.MeetingRegisterView.as_view(),
        name="meeting-register",
    ),
]
