from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from agreements.models import AgreementBody
from bulletin.models import Collaboration
from events.models import Event
from members.models import Municipality


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about",
            "record:timeline",
            "record:partner-counts",
            "record:disaster-support",
            "record:strategy-positions",
            "record:newsletters",
            "events:event-list",
            "agreements:body-list",
            "members:municipality-list",
            "bulletin:collaboration-list",
        ]

    def location(self, item):
        return reverse(item)


class SlugSitemap(Sitemap):
    """Locations built from one reverse() per section instead of one per item."""

    url_name = ""
    fields = ("slug",)

    def items(self):
        return self.queryset().only(*self.fields)

    def location(self, item):
        if not hasattr(self, "_url_parts"):
            self._url_parts = reverse(self.url_name, args=["SLUG"]).rsplit("SLUG", 1)
        before, after = self._url_parts
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


class MunicipalitySitemap(SlugSitemap):
    changefreq = "yearly"
    limit = 2000
    url_name = "members:municipality-detail"
    fields = ("code",)

    def queryset(self):
        return Municipality.objects.order_by("code")

    def location(self, item):
        if not hasattr(self, "_url_parts"):
            self._url_parts = reverse(self.url_name, args=["CODE"]).rsplit("CODE", 1)
        before, after = self._url_parts
        return f"{before}{item.code}{after}"


SITEMAPS = {
    "pages": StaticSitemap,
    "events": EventSitemap,
    "agreements": AgreementBodySitemap,
    "collaborations": CollaborationSitemap,
    "municipalities": MunicipalitySitemap,
}
