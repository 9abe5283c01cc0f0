from django.urls import path

from . import views

app_name = "disaster"

urlpatterns = [
    path("disaster/<slug:slug>/", views.DisasterDetailView.as_view(), name="disaster-detail"),
]
