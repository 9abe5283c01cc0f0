from django.urls import path

from core.public_cache import public_page

from . import publishing, views

app_name = "record"

urlpatterns = [
    path("timeline/", public_page(views.TimelineView.as_view()), name="timeline"),
    path("partners/", public_page(views.PartnerCountsView.as_view()), name="partner-counts"),
    path("partners.csv", public_page(views.partner_counts_csv), name="partner-counts-csv"),
    path(
        "disaster-support/",
        # While a 対策本部 is open the wards' commitments stream in: the public record of
        # support is rendered again at most once a second, not after each of them.
        public_page(refresh_every=1)(views.DisasterSupportListView.as_view()),
        name="disaster-support",
    ),
    path(
        "disaster-support/<slug:slug>/",
        public_page(refresh_every=1)(views.DisasterRecordView.as_view()),
        name="disaster-record",
    ),
    path(
        "policy/", public_page(views.StrategyPositionListView.as_view()), name="strategy-positions"
    ),
    path("newsletters/", public_page(views.NewsletterListView.as_view()), name="newsletters"),
    path("news/", public_page(publishing.NewsListView.as_view()), name="news-list"),
    path("news/feed.atom", public_page(publishing.NewsFeed()), name="news-feed"),
    path("news/<int:pk>/", public_page(publishing.NewsDetailView.as_view()), name="news-detail"),
    path(
        "news/<int:pk>/attachment.pdf",
        public_page(publishing.news_attachment),
        name="news-attachment",
    ),
    path(
        "library/", public_page(publishing.PublicationListView.as_view()), name="publication-list"
    ),
    path(
        "library/<slug:slug>/text/",
        public_page(publishing.PublicationTextView.as_view()),
        name="publication-text",
    ),
    path(
        "library/<slug:slug>.pdf", public_page(publishing.publication_file), name="publication-file"
    ),
]
