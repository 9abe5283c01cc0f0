from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event


class NewEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("特別区全国連携プロジェクト 新着イベント")
    subtitle = _("講演会・魅力発信イベント・全国連携展示などの新着情報")
    # RFC 4287: a feed names its author (or every entry does).
    author_name = _("特別区長会事務局")
    link = reverse_lazy("events:event-list")

    def items(self):
        return Event.objects.select_related("host_municipality__prefecture").order_by(
            "-created_at"
        )[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        host = item.host_municipality.full_name if item.host_municipality_id else ""
        return "\n".join(part for part in [host, item.theme, item.venue, item.summary] if part)

    def item_author_name(self, item):
        """A member municipality's own event names it; the project's events use the feed's."""
        return item.host_municipality.full_name if item.host_municipality_id else None

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
