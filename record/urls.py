from django.urls import path

from . import views

app_name = "record"

urlpatterns = [
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("partners/", views.PartnerCountsView.as_view(), name="partner-counts"),
    path("partners.csv", views.partner_counts_csv, name="partner-counts-csv"),
    path("disaster-support/", views.DisasterSupportListView.as_view(), name="disaster-support"),
    path("policy/", views.StrategyPositionListView.as_view(), name="strategy-positions"),
    path("newsletters/", views.NewsletterListView.as_view(), name="newsletters"),
]
