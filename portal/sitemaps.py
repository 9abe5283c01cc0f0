from django.contrib.sitemaps import Sitemap
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


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Event.objects.order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class AgreementBodySitemap(Sitemap):
    def items(self):
        return AgreementBody.objects.order_by("name")


class CollaborationSitemap(Sitemap):
    def items(self):
        return Collaboration.objects.public().order_by("slug")


class MunicipalitySitemap(Sitemap):
    changefreq = "yearly"
    limit = 2000

    def items(self):
        return Municipality.objects.order_by("code").only("code")


SITEMAPS = {
    "pages": StaticSitemap,
    "events": EventSitemap,
    "agreements": AgreementBodySitemap,
    "collaborations": CollaborationSitemap,
    "municipalities": MunicipalitySitemap,
}
