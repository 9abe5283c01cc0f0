from django.urls import path

from . import views

app_name = "disaster"

urlpatterns = [
    path("disaster/", views.DisasterListView.as_view(), name="disaster-list"),
    path("disaster/declare/", views.DisasterDeclareView.as_view(), name="disaster-declare"),
    path("disaster/<slug:slug>/", views.DisasterDetailView.as_view(), name="disaster-detail"),
    path("disaster/<slug:slug>/close/", views.DisasterCloseView.as_view(), name="disaster-close"),
    path(
        "disaster/<slug:slug>/situation.xlsx",
        views.SituationReportView.as_view(),
        name="situation-report",
    ),
    path(
        "disaster/<slug:slug>/pairings/", views.PairingCreateView.as_view(), name="pairing-create"
    ),
    path(
        "disaster/<slug:slug>/funds/new/", views.ReliefFundCreateView.as_view(), name="fund-create"
    ),
    path(
        "disaster/<slug:slug>/reports/new/",
        views.ReportCreateView.as_view(),
        name="report-create",
    ),
    path(
        "disaster/<slug:slug>/requests/new/",
        views.RequestCreateView.as_view(),
        name="request-create",
    ),
    path(
        "disaster/<slug:slug>/requests/<int:pk>/",
        views.RequestDetailView.as_view(),
        name="request-detail",
    ),
    path(
        "disaster/<slug:slug>/requests/<int:pk>/withdraw/",
        views.RequestWithdrawView.as_view(),
        name="request-withdraw",
    ),
    path(
        "disaster/<slug:slug>/commitments/<int:pk>/decide/",
        views.CommitmentDecideView.as_view(),
        name="commitment-decide",
    ),
]
