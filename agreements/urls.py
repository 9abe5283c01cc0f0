from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", public_page(views.AgreementBodyListView.as_view()), name="body-list"),
    path(
        "agreements/<slug:slug>/",
        public_page(views.AgreementBodyDetailView.as_view()),
        name="body-detail",
    ),
    path(
        "agreements/<slug:slug>/pr/",
        public_page(views.AgreementBodyPRView.as_view()),
        name="body-pr",
    ),
]
