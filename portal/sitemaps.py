from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import get_language

from agreements.models import AgreementBody
from bulletin.models import Collaboration
from disaster.models import Disaster
from events.models import Event
from members.models import Municipality
from record.models import NewsItem, Publication
from surveys.models import Survey


class Sitemap(DjangoSitemap):
    """Every page once per language (/… and /en/…), each with its hreflang alternates for both
    languages and x-default (the Japanese page), as the pages' own <link rel="alternate">."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about",
            "privacy",
            "accessibility",
            "site-map",
            "record:timeline",
            "record:partner-counts",
            "record:disaster-support",
            "record:strategy-positions",
            "record:newsletters",
            "record:news-list",
            "record:publication-list",
            "events:event-list",
            "agreements:body-list",
            "members:municipality-list",
            "bulletin:collaboration-list",
            "bulletin:collaboration-results",
            "surveys:survey-list",
        ]

    def location(self, item):
        return reverse(item)


class SlugSitemap(Sitemap):
    """Locations built from one reverse() per section instead of one per item."""

    url_name = ""
    fields = ("slug",)

    def items(self):
        return self.queryset().only(*self.fields)

    def url_parts(self, placeholder: str) -> tuple[str, str]:
        """The section's address around the item's key, in the active language (one reverse()
        per section and language)."""
        cached = self.__dict__.setdefault("_url_parts", {})
        language = get_language()
        if language not in cached:
            cached[language] = reverse(self.url_name, args=[placeholder]).rsplit(placeholder, 1)
        return cached[language]

    def location(self, item):
        before, after = self.url_parts("SLUG")
        return f"{before}{item.slug}{after}"


class EventSitemap(SlugSitemap):
    changefreq = "monthly"
    url_name = "events:event-detail"
    fields = ("slug", "updated_at")

    def queryset(self):
        return Event.objects.order_by("slug")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index asks for this: one aggregate, not every event.
        return Event.objects.aggregate(latest=Max("updated_at"))["latest"]


class AgreementBodySitemap(SlugSitemap):
    url_name = "agreements:body-detail"

    def queryset(self):
        return AgreementBody.objects.order_by("name")


class CollaborationSitemap(SlugSitemap):
    url_name = "bulletin:collaboration-detail"

    def queryset(self):
        return Collaboration.objects.public().order_by("slug")


class DisasterSitemap(SlugSitemap):
    """Each disaster's public record (/disaster-support/<slug>/)."""

    url_name = "record:disaster-record"

    def queryset(self):
        return Disaster.objects.order_by("slug")


class SurveySitemap(SlugSitemap):
    """The published surveys' results; a survey not published has no public page."""

    url_name = "surveys:survey-results"

    def queryset(self):
        return Survey.objects.published().order_by("slug")


class PublicationTextSitemap(SlugSitemap):
    """The library's publications whose text is a page of its own."""

    changefreq = "yearly"
    url_name = "record:publication-text"

    def queryset(self):
        return Publication.objects.with_text().order_by("slug")


class MunicipalitySitemap(SlugSitemap):
    changefreq = "yearly"
    limit = 4000  # the whole register in both languages in one file (the protocol allows 50,000)
    url_name = "members:municipality-detail"
    fields = ("code",)

    def queryset(self):
        return Municipality.objects.order_by("code")

    def location(self, item):
        before, after = self.url_parts("CODE")
        return f"{before}{item.code}{after}"


class NewsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.public().latest_first().only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "events": EventSitemap,
    "news": NewsSitemap,
    "agreements": AgreementBodySitemap,
    "collaborations": CollaborationSitemap,
    "disasters": DisasterSitemap,
    "surveys": SurveySitemap,
    "library": PublicationTextSitemap,
    "municipalities": MunicipalitySitemap,
}
