from django.urls import path

from core.public_cache import public_page

from . import views

app_name = "record"

urlpatterns = [
    path("timeline/", public_page(views.TimelineView.as_view()), name="timeline"),
    path("partners/", public_page(views.PartnerCountsView.as_view()), name="partner-counts"),
    path("partners.csv", public_page(views.partner_counts_csv), name="partner-counts-csv"),
    path(
        "disaster-support/",
        public_page(views.DisasterSupportListView.as_view()),
        name="disaster-support",
    ),
    path(
        "policy/", public_page(views.StrategyPositionListView.as_view()), name="strategy-positions"
    ),
    path("newsletters/", public_page(views.NewsletterListView.as_view()), name="newsletters"),
]
