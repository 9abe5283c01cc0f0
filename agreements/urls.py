from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.AgreementBodyListView.as_view(), name="body-list"),
    path("agreements/<slug:slug>/", views.AgreementBodyDetailView.as_view(), name="body-detail"),
    path("agreements/<slug:slug>/pr/", views.AgreementBodyPRView.as_view(), name="body-pr"),
]
