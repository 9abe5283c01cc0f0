from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "surveys"

urlpatterns = [
    path("surveys/", public_page(views.PublicSurveyListView.as_view()), name="survey-list"),
    path(
        "surveys/<slug:slug>/",
        public_page(views.PublicResultsView.as_view()),
        name="survey-results",
    ),
    path("mypage/surveys/", views.MySurveyListView.as_view(), name="my-survey-list"),
    path("mypage/surveys/<slug:slug>/", views.SurveyAnswerView.as_view(), name="survey-answer"),
    path("board/desk/surveys/", views.DeskListView.as_view(), name="desk-list"),
    path("board/desk/surveys/<slug:slug>/", views.DeskDetailView.as_view(), name="desk-detail"),
    path(
        "board/desk/surveys/<slug:slug>/results.<str:format>",
        views.DeskDownloadView.as_view(),
        name="desk-download",
    ),
    path(
        "board/desk/surveys/<slug:slug>/<slug:action>/",
        views.DeskActionView.as_view(),
        name="desk-action",
    ),
]
