from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/signup/", views.PartnerSignupView.as_view(), name="signup"),
    path(
        "partners/organisations/",
        public_page(views.OrganisationListView.as_view()),
        name="organisation-list",
    ),
]
