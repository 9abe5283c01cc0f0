from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "members"

urlpatterns = [
    path(
        "municipalities/",
        public_page(views.MunicipalityListView.as_view()),
        name="municipality-list",
    ),
    path(
        "municipalities/search/",
        views.municipality_search,
        name="municipality-search",
    ),
    path(
        "municipalities/<str:code>/",
        public_page(views.MunicipalityDetailView.as_view()),
        name="municipality-detail",
    ),
    path(
        "municipalities/<str:code>/pr/edit/",
        views.PRPageUpdateView.as_view(),
        name="pr-edit",
    ),
    path("mypage/", views.MyPageView.as_view(), name="mypage"),
    path("mypage/profile/", views.ProfileUpdateView.as_view(), name="profile-edit"),
    path("mypage/deactivate/", views.DeactivateView.as_view(), name="deactivate"),
    path("terms/", public_page(views.TermsView.as_view()), name="terms"),
]
