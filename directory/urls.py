from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.OfferListView.as_view(), name="offer-list"),
    path("directory/new/", views.OfferCreateView.as_view(), name="offer-create"),
    path("directory/<int:pk>/", views.OfferDetailView.as_view(), name="offer-detail"),
    path("directory/<int:pk>/edit/", views.OfferUpdateView.as_view(), name="offer-edit"),
    path(
        "directory/<int:pk>/availability/",
        views.AvailabilityAddView.as_view(),
        name="availability-add",
    ),
    path(
        "directory/availability/<int:pk>/delete/",
        views.AvailabilityRemoveView.as_view(),
        name="availability-remove",
    ),
    path("directory/requests/", views.RequestListView.as_view(), name="request-list"),
    path("directory/requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path(
        "directory/requests/<int:pk>/decide/",
        views.RequestDecideView.as_view(),
        name="request-decide",
    ),
    path(
        "directory/requests/<int:pk>/collaboration/",
        views.CollaborationRecordView.as_view(),
        name="request-collaboration",
    ),
]
